#!/usr/bin/env node
// Makes the build's text assets fewer and smaller (issue 10: a first visit's bytes and requests), after
// scripts/csp_boot.py:
// - index.html's style sheets become one file, compressed by Sass (they were five requests, each render-blocking,
//   taking five of the six connections HTTP/1.1 allows while the wasm and the first runs/search wait);
// - its module script (the bootstrap) and every module it imports (wasm-bindgen's glue, its snippets, the split
//   loader) become one file, joined by esbuild: they were four requests before the app could start, and on a slow
//   link the wasm waited a round trip behind them for a connection. The glue and the split loader import each
//   other; esbuild joins the cycle. Their modulepreload tags go;
// - the JavaScript is minified with terser. Trunk's own minifier (minify-js) cannot parse wasm-bindgen's ES module
//   glue and is known to drop getters, so Trunk's minification stays off. Classic scripts (index.html's
//   <script src> without type="module": theme.js, early.js) are minified as scripts, the bootstrap as an ES module.
// Every changed file's Subresource Integrity hash is written into index.html.
// Usage: node scripts/minify.mjs DIST_DIR
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";

const require = createRequire(new URL("../tests/e2e/package.json", import.meta.url));
const esbuild = require("esbuild");
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
// A file name with its content's hash, as Trunk names files: `style-<16 hex>.css`.
const hashed = (stem, data, ext) => `${stem}-${createHash("sha256").update(data).digest("hex").slice(0, 16)}.${ext}`;
const escape = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// The tags that load `path` carry `data`'s hash; a stale one makes the browser refuse the file.
const integrity = (path, data) => {
  const tag = new RegExp(`(href|src)="\\./${escape(path)}"([^>]*?)integrity="[^"]*"`, "g");
  html = html.replace(tag, (_, attr, between) => `${attr}="./${path}"${between}integrity="${sri(data)}"`);
};

// The bootstrap and the modules it imports, as one file where the bootstrap was (minified below, with the rest).
const BOOT = /<script type="module" src="\.\/([^"]+\.js)"/;
const boot = html.match(BOOT);
if (boot) {
  const built = await esbuild.build({
    entryPoints: [join(dist, boot[1])], bundle: true, format: "esm", write: false, metafile: true, logLevel: "error",
    // Nothing is lowered, as below.
    target: "esnext",
  });
  const code = built.outputFiles[0].text;
  const name = hashed("boot", code, "js");
  const joined = Object.keys(built.metafile.inputs).map((p) => relative(resolve(dist), resolve(p)));
  for (const path of joined) {
    unlinkSync(join(dist, path));
    html = html.replace(new RegExp(`<link rel="modulepreload" href="\\./${escape(path)}"[^>]*>`), "");
    // wasm-bindgen's snippets sit in folders of their own, empty now.
    for (let dir = dirname(join(dist, path)); resolve(dir) !== resolve(dist) && readdirSync(dir).length === 0;) {
      rmdirSync(dir);
      dir = dirname(dir);
    }
  }
  writeFileSync(join(dist, name), code);
  html = html.replace(BOOT, `<script type="module" src="./${name}"`);
  integrity(name, code);
  console.log(`minify: ${joined.join(", ")} -> ${name} (${Buffer.byteLength(code)} bytes)`);
}

// The style sheets, in document order (the cascade's), as one compressed file where the first was.
const SHEET = /<link rel="stylesheet" href="\.\/([^"/]+\.css)"[^>]*>\s*/g;
const sheets = [...html.matchAll(SHEET)];
if (sheets.length > 0) {
  const css = sheets.map((m) => readFileSync(join(dist, m[1]), "utf8")).join("\n");
  const out = sass.compileString(css, { syntax: "css", style: "compressed" }).css;
  const name = hashed("style", out, "css");
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
  integrity(path, out.code);
}
writeFileSync(indexPath, html);
console.log(`minify: JavaScript ${before} -> ${after} bytes`);
