#!/usr/bin/env node
// npm run bench: the CLI's bench (dist/bench/bench.js, every argument), then the dashboard's
// (dist/bench/serve.js, in the same mode: --quick, --smoke, --rounds, --seed; a run narrowed with
// --sizes publishes nothing, as bench.js does not).
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
const main = spawnSync(process.execPath, [path.join(root, "dist/bench/bench.js"), ...args], { stdio: "inherit" });
if (main.status !== 0) process.exit(main.status ?? 1);
const serve = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--quick" || args[i] === "--smoke") serve.push(args[i]);
  else if (args[i] === "--rounds" || args[i] === "--seed") serve.push(args[i], args[++i]);
  else if (args[i] === "--sizes" || args[i] === "--docs") serve.push("--no-docs");
}
const r = spawnSync(process.execPath, [path.join(root, "dist/bench/serve.js"), ...serve], { stdio: "inherit" });
process.exit(r.status ?? 1);
