#!/usr/bin/env node
// Bundles the compiled CLI into one CommonJS file and records V8's code cache for it.
//
// Node spends most of a short command's time resolving and loading hundreds of small ES modules
// (TypeBox alone is ~80 ms unbundled); one file loads in a few. CommonJS, because V8 can then be
// handed the bytecode of a previous run (vm.Script's cachedData, which ES modules do not take in
// Node 20) and a command skips compiling the functions it runs. bin/homescale loads the bundle with
// that cache; tests import the unbundled modules under dist/src.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bundle = path.join(root, "dist", "homescale.cjs");
await build({
  entryPoints: [path.join(root, "dist", "src", "cli", "main.js")],
  outfile: bundle,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  // The render helper starts a worker on its own file (import.meta.url): in the bundle, the bundle's.
  define: { "import.meta.url": "__homescale_bundle_url" },
  banner: { js: 'var __homescale_bundle_url = require("node:url").pathToFileURL(__filename).href;' },
});
fs.rmSync(path.join(root, "dist", "homescale.mjs"), { force: true });

// The library (package.json `exports`): the same API as dist/src/index.js, with its dependencies
// inside, like the CLI's bundle. The package then has no runtime dependencies, so an install of its
// tarball needs no registry. ES modules, as the unbundled files are; a dependency written as
// CommonJS gets a real `require` for the Node built-ins it asks for.
await build({
  entryPoints: [path.join(root, "dist", "src", "index.js")],
  outfile: path.join(root, "dist", "index.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  banner: { js: 'import { createRequire as __homescale_require } from "node:module"; const require = __homescale_require(import.meta.url);' },
});

// The dashboard's page (homescale serve): one script for the browser, with the page's HTML, CSS and
// icon beside it in dist/page/, which the package ships and the server reads at start. No
// framework, nothing fetched at run time.
const page = path.join(root, "dist", "page");
fs.rmSync(page, { recursive: true, force: true });
fs.mkdirSync(page, { recursive: true });
await build({
  entryPoints: [path.join(root, "src", "serve", "page", "main.ts")],
  outfile: path.join(page, "app.js"),
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  legalComments: "none",
  logLevel: "warning",
});
for (const f of ["index.html", "style.css", "favicon.svg"]) fs.copyFileSync(path.join(root, "src", "serve", "page", f), path.join(page, f));

// The cache holds the bytecode of every function a build of the bundled example compiled: what a
// check or a build runs. Made by the launcher itself, so that it is made with the same V8 flags it
// is read with (V8 rejects a cache made under other flags, or for another source or Node version,
// and the command then simply compiles as usual).
const out = fs.mkdtempSync(path.join(os.tmpdir(), "homescale-code-cache-"));
try {
  const r = spawnSync(process.execPath, [path.join(root, "bin", "homescale"), "build", "--repo", path.join(root, "examples", "homescale"), "--out", path.join(out, "out")], {
    env: { ...process.env, HOMESCALE_WRITE_CODE_CACHE: "1" },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`recording the code cache: build of the example exited ${r.status}\n${r.stderr}`);
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
