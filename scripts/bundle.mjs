#!/usr/bin/env node
// Makes index.html's module script and every module it imports one file (issue 10: a first visit's requests), after
// scripts/csp_boot.py and before scripts/minify.mjs: the bootstrap, wasm-bindgen's glue, its snippets and the
// split loader were four requests before the app could start. HTTP/1.1 gives a page six connections, so on a slow
// link the wasm waited a round trip for one of them behind these small files. esbuild joins them (they import each
// other: the glue and the split loader form a cycle) without minifying; minify.mjs does that and writes the
// integrity hash again. The modulepreload tags of the joined files go, and so do the files.
// Usage: node scripts/bundle.mjs DIST_DIR
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";

const require = createRequire(new URL("../tests/e2e/package.json", import.meta.url));
const esbuild = require("esbuild");

const dist = process.argv[2];
if (!dist) throw new Error("usage: node scripts/bundle.mjs DIST_DIR");
const indexPath = join(dist, "index.html");
let html = readFileSync(indexPath, "utf8");

const BOOT = /<script type="module" src="\.\/([^"]+\.js)" integrity="[^"]*"/;
const boot = html.match(BOOT);
if (!boot) throw new Error("bundle: no module script in index.html");
const result = await esbuild.build({
  entryPoints: [join(dist, boot[1])],
  bundle: true,
  format: "esm",
  // Nothing is lowered: the glue uses optional chaining, the bootstrap top-level await.
  target: "esnext",
  write: false,
  metafile: true,
  logLevel: "error",
});
const code = result.outputFiles[0].contents;
const name = `boot-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
const joined = Object.keys(result.metafile.inputs).map((p) => relative(resolve(dist), resolve(p)));
for (const path of joined) {
  unlinkSync(join(dist, path));
  const preload = new RegExp(`<link rel="modulepreload" href="\\./${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*>`);
  html = html.replace(preload, "");
  // wasm-bindgen's snippets sit in folders of their own, empty now.
  for (let dir = dirname(join(dist, path)); resolve(dir) !== resolve(dist) && readdirSync(dir).length === 0;) {
    rmdirSync(dir);
    dir = dirname(dir);
  }
}
writeFileSync(join(dist, name), code);
// minify.mjs writes the integrity hash of the file as it leaves it.
html = html.replace(BOOT, `<script type="module" src="./${name}" integrity="sha384-${createHash("sha384").update(code).digest("base64")}"`);
writeFileSync(indexPath, html);
console.log(`bundle: ${joined.join(", ")} -> ${name} (${code.length} bytes)`);
