import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en.json";

const srcDir = join(import.meta.dirname, "..");

function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    leafKeys(value, prefix ? `${prefix}.${key}` : key),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const catalogue = new Set(leafKeys(en));
// i18next's plural forms: `t("sync.pending", { count })` reads `sync.pending_one` or `_other`.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string) => key.replace(PLURAL, "");
const catalogueBases = new Set([...catalogue].map(baseKey));
const namespaces = new Set(Object.keys(en));
const files = sourceFiles(srcDir).map((path) => ({ path: relative(srcDir, path), text: readFileSync(path, "utf8") }));

// Keys reach t() directly (`t("signIn.title")`) or through a map of literal keys
// (`ROLE_LABEL_KEYS`): both are string literals whose first part names a catalogue section.
function usedKeys(): Map<string, string> {
  const used = new Map<string, string>();
  for (const { path, text } of files) {
    for (const [, key] of text.matchAll(/\bt\(\s*["'`]([^"'`]+)["'`]/g)) used.set(key!, path);
    for (const [, key] of text.matchAll(/["']([a-z][A-Za-z]*(?:\.[A-Za-z]+)+)["']/g)) {
      if (namespaces.has(key!.split(".")[0]!)) used.set(key!, path);
    }
  }
  return used;
}

describe("translation catalogue (en)", () => {
  it("has every key the code uses", () => {
    const missing = [...usedKeys()].filter(([key]) => !catalogue.has(key) && !catalogueBases.has(key)).map(([key, path]) => `${key} (${path})`);
    expect(missing).toEqual([]);
  });

  it("has no text that nothing uses", () => {
    const used = usedKeys();
    // Sections read by a key made from a field error's code or field (src/lib/field-words.ts, whose
    // own test holds them to the list of codes).
    const byCode = (key: string) => key.startsWith("fieldCodes.") || key.startsWith("fieldNames.");
    expect([...catalogue].filter((key) => !used.has(key) && !used.has(baseKey(key)) && !byCode(key))).toEqual([]);
  });

  it("has no empty text", () => {
    const empty = [...catalogue].filter((key) => {
      const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en);
      return typeof value !== "string" || !value.trim();
    });
    expect(empty).toEqual([]);
  });

  it("found the code it checks", () => {
    expect(files.length).toBeGreaterThan(10);
    expect(usedKeys().has("signIn.sessionEnded")).toBe(true);
  });
});
