import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ROOT, tempDir } from "./helpers.js";

// The bench is run by hand, rarely; this keeps it from rotting between runs. It asserts that every
// command ran and produced a validated result, never how fast: timings are not tested anywhere.
test("bench --smoke measures every command on 200x3 without a problem", { timeout: 120_000 }, () => {
  const dir = tempDir("homescale-bench-smoke-");
  const out = path.join(dir, "report.md");
  const r = spawnSync(process.execPath, [path.join(ROOT, "dist/bench/bench.js"), "--smoke", "--out", out], { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const report = fs.readFileSync(out, "utf8");
  fs.rmSync(dir, { recursive: true, force: true });
  for (const command of ["check", "floor", "build", "plan", "helm"]) {
    // a row's command cell carries the problem in parentheses, so the cell must be the bare name
    assert.match(report, new RegExp(`^\\| 200x3 +\\| ${command} +\\|`, "m"), `no clean ${command} row in\n${report}`);
  }
  assert.doesNotMatch(report, /\(exit|WARNING|problem:/, report);
  // The lab's run, or (not root) why it was skipped.
  assert.match(report, /^\| examples\/vps-edge \(1 edge, 3 names\) \| lab test \| 1 \||^- lab: skipped, /m, report);
  assert.doesNotMatch(r.stderr, /WARNING/, r.stderr);
});
