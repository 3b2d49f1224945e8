#!/usr/bin/env node
// Runs every compiled test file with node's own test runner. Node 20's --test takes no globs,
// so the files are listed here. Extra arguments filter by substring: `npm test -- corpus`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureSystemPackages } from "./system-deps.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const testDir = path.join(root, "dist", "test");
const filters = process.argv.slice(2);

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith(".test.js") ? [p] : [];
  });
}

const files = walk(testDir)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error("no test files found under dist/test (did the build run?)");
  process.exit(1);
}
// The Debian packages the lab, browser and hook tests run (scripts/debian-packages.txt).
ensureSystemPackages();
const r = spawnSync(process.execPath, ["--test", ...files], { stdio: "inherit", cwd: root });
process.exit(r.status ?? 1);
