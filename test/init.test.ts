import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { checkJson, run, tempDir } from "./helpers.js";

test("init writes a starter repository that checks clean", async () => {
  const dir = path.join(tempDir(), "platform");
  const r = await run(["init", dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.existsSync(path.join(dir, "homescale.yaml")));
  const c = await checkJson(dir);
  assert.equal(c.code, 0);
  assert.deepEqual(c.diagnostics, []);
});

test("init refuses a folder that is not empty, and writes nothing there", async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "keep.txt"), "mine");
  const r = await run(["init", dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not empty/);
  assert.deepEqual(fs.readdirSync(dir), ["keep.txt"]);
});

test("init without a folder is a usage error", async () => {
  assert.equal((await run(["init"])).code, 2);
});
