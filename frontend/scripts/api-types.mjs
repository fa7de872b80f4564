#!/usr/bin/env node
// The SPA's API types, generated from the gateway's OpenAPI (issue 19): the document comes from the
// services themselves (`scripts/openapi.py` at the repository root, no stack needed) and
// openapi-typescript turns it into `src/lib/api/schema.d.ts`; both files are committed, and the
// feature API files alias the generated schemas rather than describing the answers by hand.
//
//   npm run api-types              regenerate both files
//   npm run api-types -- --check   regenerate in memory and fail if the committed files differ
//                                  (`make lint` runs this)
//
// OMNI_PYTHON names the Python that has the services installed (default: the repository's .venv).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

const root = new URL("../../", import.meta.url);
const apiDir = new URL("../src/lib/api/", import.meta.url);
const files = { document: new URL("openapi.json", apiDir), types: new URL("schema.d.ts", apiDir) };
const python = process.env.OMNI_PYTHON ?? fileURLToPath(new URL(".venv/bin/python", root));
const check = process.argv.includes("--check");
const STALE = "API types are stale: run npm --prefix frontend run api-types";

const made = spawnSync(python, [fileURLToPath(new URL("scripts/openapi.py", root))], {
  cwd: fileURLToPath(root),
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
if (made.status !== 0) {
  console.error(made.error?.message ?? made.stderr);
  console.error(`Could not build the OpenAPI document with ${python} (set OMNI_PYTHON to another Python).`);
  process.exit(2);
}
const document = made.stdout;

// No formatting options beyond the defaults: the output must be the same on every machine.
const ast = await openapiTS(JSON.parse(document), { silent: true });
const types = COMMENT_HEADER + astToString(ast);

function current(url) {
  try {
    return readFileSync(url, "utf8");
  } catch {
    return null;
  }
}

if (check) {
  const stale = [
    [files.document, document],
    [files.types, types],
  ].filter(([url, text]) => current(url) !== text);
  if (stale.length) {
    for (const [url] of stale) console.error(`  differs: frontend/src/lib/api/${url.pathname.split("/").pop()}`);
    console.error(STALE);
    process.exit(1);
  }
} else {
  writeFileSync(files.document, document);
  writeFileSync(files.types, types);
  console.log("Wrote src/lib/api/openapi.json and src/lib/api/schema.d.ts");
}
