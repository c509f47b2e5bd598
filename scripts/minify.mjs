#!/usr/bin/env node
// Minifies the build's JavaScript with terser (issue 10: a first visit's bytes), after scripts/csp_boot.py, and
// writes each changed file's new Subresource Integrity hash into index.html. Trunk's own minifier (minify-js)
// cannot parse wasm-bindgen's ES module glue and is known to drop getters, so Trunk's stays off.
// Classic scripts (index.html's <script src> without type="module": theme.js, early.js) are minified as scripts,
// everything else (the wasm-bindgen glue, its snippets, the split loader, the bootstrap) as ES modules.
// Usage: node scripts/minify.mjs DIST_DIR
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const require = createRequire(new URL("../tests/e2e/package.json", import.meta.url));
const { minify } = require("terser");

const dist = process.argv[2];
if (!dist) throw new Error("usage: node scripts/minify.mjs DIST_DIR");
const indexPath = join(dist, "index.html");
let html = readFileSync(indexPath, "utf8");

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".js") ? [join(dir, e.name)] : []);
const classic = new Set(
  [...html.matchAll(/<script(?![^>]*type="module")[^>]*\ssrc="\.\/([^"]+)"/g)].map((m) => m[1]));
const sri = (data) => `sha384-${createHash("sha384").update(data).digest("base64")}`;

let before = 0, after = 0;
for (const file of files(dist)) {
  const path = relative(dist, file);
  const source = readFileSync(file, "utf8");
  const module = !classic.has(path);
  // ecma 2020: the glue uses optional chaining and top-level await is in the bootstrap; nothing is lowered.
  const out = await minify(source, { module, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
  if (out.code == null || out.code.length >= source.length) continue;
  writeFileSync(file, out.code);
  before += source.length;
  after += out.code.length;
  // The tags that load this file carry its hash; a stale one makes the browser refuse the file.
  const tag = new RegExp(`(href|src)="\\./${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"([^>]*?)integrity="[^"]*"`, "g");
  html = html.replace(tag, (_, attr, between) => `${attr}="./${path}"${between}integrity="${sri(out.code)}"`);
}
writeFileSync(indexPath, html);
console.log(`minify: JavaScript ${before} -> ${after} bytes`);
