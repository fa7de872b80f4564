#!/usr/bin/env node
// The gateway serves dist/ under `script-src 'self'; style-src 'self'` (no 'unsafe-inline'):
// an inline <script>, <style> or style="" in the built index.html would be blocked and break the
// app in production only. Fail the build instead.
import { readFileSync } from "node:fs";

const html = readFileSync(new URL("../dist/index.html", import.meta.url), "utf8");
const problems = [];
for (const [tag, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (!/\ssrc=/.test(attrs) || body.trim()) problems.push(`inline script: ${tag.slice(0, 80)}`);
}
if (/<style\b/i.test(html)) problems.push("inline <style> element");
if (/\sstyle\s*=/i.test(html)) problems.push('style="" attribute');
if (/\son[a-z]+\s*=/i.test(html)) problems.push("inline event handler attribute");
if (/(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html)) problems.push("a resource from another origin");

if (problems.length) {
  console.error(`dist/index.html would break under the gateway's CSP:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("dist/index.html: no inline script or style, nothing from another origin (CSP-safe).");
