#!/usr/bin/env node
// Bundles the compiled CLI into one file. Node spends most of a short command's time resolving
// and loading hundreds of small ES modules (TypeBox alone is ~80 ms unbundled); one file loads in
// a few. bin/homescale runs the bundle; tests import the unbundled modules under dist/src.
import { build } from "esbuild";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
await build({
  entryPoints: [path.join(root, "dist", "src", "cli", "main.js")],
  outfile: path.join(root, "dist", "homescale.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  // Some bundled CommonJS code calls require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __hsCreateRequire } from 'node:module'; const require = __hsCreateRequire(import.meta.url);" },
});
