#!/usr/bin/env node
// Budget check for SPEC §6.1: the JavaScript a first screen loads must stay within 200 kB
// gzipped. Reads the build's manifest (dist/.vite/manifest.json) and adds up, gzipped, the entry
// chunk, everything it imports statically, and the lazy chunk of the route shown first (plus its
// static imports). Run after `vite build` (`npm run size` does both). Exit 1 above the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 200 * 1000;
const dist = new URL("../dist/", import.meta.url).pathname;

// The screens a visitor can land on first: signed out → sign-in; a reload signed in → home.
const FIRST_SCREENS = [
  { name: "sign-in", routes: ["src/features/auth/components/SignInPage.tsx"] },
  { name: "home (signed in, after reload)", routes: ["src/app/AppLayout.tsx", "src/app/routes/HomeRoute.tsx"] },
];

let manifest;
try {
  manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));
} catch {
  console.error("No dist/.vite/manifest.json: build first (npm run build).");
  process.exit(2);
}

function collect(key, files, seen = new Set()) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the build manifest`);
  if (chunk.file.endsWith(".js")) files.add(chunk.file);
  for (const imported of chunk.imports ?? []) collect(imported, files, seen);
}

const gzipped = (file) => gzipSync(readFileSync(join(dist, file)), { level: 6 }).length;
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
let failed = false;
for (const screen of FIRST_SCREENS) {
  const files = new Set();
  for (const key of [...entries, ...screen.routes]) collect(key, files);
  const sizes = [...files].map((file) => [file, gzipped(file)]).sort((a, b) => b[1] - a[1]);
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  console.log(`First screen "${screen.name}": ${files.size} JavaScript files`);
  for (const [file, size] of sizes) console.log(`  ${kB(size).padStart(9)}  ${file}`);
  const verdict = total <= BUDGET_BYTES ? "within" : "OVER";
  console.log(`  ${kB(total).padStart(9)}  total gzipped, ${verdict} the budget of ${kB(BUDGET_BYTES)}\n`);
  if (total > BUDGET_BYTES) failed = true;
}
process.exit(failed ? 1 : 0);
