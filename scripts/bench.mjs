#!/usr/bin/env node
// npm run bench: the CLI's bench (dist/bench/bench.js, every argument), then the layers' bench
// (dist/bench/layers.js) and the dashboard's (dist/bench/serve.js), both in the same mode: --quick,
// --smoke, --rounds, --seed; a run narrowed with --sizes (or publishing elsewhere with --docs)
// publishes nothing of theirs, as bench.js does not.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureSystemPackages } from "./system-deps.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
// The lab's daemons and the dashboard's Chromium, installed as the tests install them: on a fresh
// machine a full run would otherwise publish "skipped" where the lab's and serve's figures go.
ensureSystemPackages(undefined, "the lab and serve benches");
const main = spawnSync(process.execPath, [path.join(root, "dist/bench/bench.js"), ...args], { stdio: "inherit" });
if (main.status !== 0) process.exit(main.status ?? 1);
const same = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--quick" || args[i] === "--smoke") same.push(args[i]);
  else if (args[i] === "--rounds" || args[i] === "--seed") same.push(args[i], args[++i]);
  else if (args[i] === "--sizes" || args[i] === "--docs") same.push("--no-docs");
}
const layers = spawnSync(process.execPath, [path.join(root, "dist/bench/layers.js"), ...same], { stdio: "inherit" });
const serve = spawnSync(process.execPath, [path.join(root, "dist/bench/serve.js"), ...same], { stdio: "inherit" });
process.exit(layers.status !== 0 ? (layers.status ?? 1) : (serve.status ?? 1));
