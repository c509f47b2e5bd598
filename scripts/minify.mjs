#!/usr/bin/env node
// Makes the build's text assets smaller (issue 10: a first visit's bytes and requests), after scripts/csp_boot.py:
// - index.html's style sheets become one file, compressed by Sass (they were five requests, each render-blocking,
//   taking five of the six connections HTTP/1.1 allows while the wasm and the first runs/search wait);
// - the JavaScript is minified with terser. Trunk's own minifier (minify-js) cannot parse wasm-bindgen's ES module
//   glue and is known to drop getters, so Trunk's minification stays off. Classic scripts (index.html's
//   <script src> without type="module": theme.js, early.js) are minified as scripts, everything else (the
//   wasm-bindgen glue, its snippets, the split loader, the bootstrap) as ES modules.
// Every changed file's Subresource Integrity hash is written into index.html.
// Usage: node scripts/minify.mjs DIST_DIR
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const require = createRequire(new URL("../tests/e2e/package.json", import.meta.url));
const { minify } = require("terser");
const sass = require("sass");

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

// The style sheets, in document order (the cascade's), as one compressed file where the first was.
const SHEET = /<link rel="stylesheet" href="\.\/([^"/]+\.css)"[^>]*>\s*/g;
const sheets = [...html.matchAll(SHEET)];
if (sheets.length > 0) {
  const css = sheets.map((m) => readFileSync(join(dist, m[1]), "utf8")).join("\n");
  const out = sass.compileString(css, { syntax: "css", style: "compressed" }).css;
  const name = `style-${createHash("sha256").update(out).digest("hex").slice(0, 16)}.css`;
  writeFileSync(join(dist, name), out);
  for (const m of sheets) unlinkSync(join(dist, m[1]));
  const tag = `<link rel="stylesheet" href="./${name}" integrity="${sri(out)}"/>\n    `;
  html = html.replace(SHEET, (_, _file, at) => (at === sheets[0].index ? tag : ""));
  console.log(`minify: ${sheets.length} style sheets (${css.length} bytes) -> ${name} (${Buffer.byteLength(out)} bytes)`);
}

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
