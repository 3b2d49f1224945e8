import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { readFolder } from "../src/load/read-folder.js";
import { readRevision } from "../src/load/read-git.js";
import type { Snapshot } from "../src/load/snapshot.js";
import { commitAll, gitInit, sh } from "./git-helpers.js";
import { copyTree, CORPUS_REPO, EXAMPLE, tempDir } from "./helpers.js";

function plain(s: Snapshot): unknown {
  return {
    files: [...s.files].map(([k, v]) => [k, Buffer.from(v).toString("base64")]).sort(),
    appDirs: s.appDirs,
    clusterDirs: s.clusterDirs,
    present: [...s.present].sort(),
    findings: s.findings,
  };
}

test("readRevision of a committed repository is the Snapshot readFolder gives", () => {
  for (const src of [EXAMPLE, CORPUS_REPO]) {
    const dir = copyTree(src);
    gitInit(dir);
    assert.deepEqual(plain(readRevision(dir, "HEAD")), plain(readFolder(dir)), src);
  }
});

test("readRevision reads a repository that is a subfolder of the git toplevel, and never the working tree", () => {
  const top = tempDir();
  const dir = path.join(top, "platform");
  copyTree(EXAMPLE, dir);
  fs.writeFileSync(path.join(top, "README.md"), "outside the platform\n");
  gitInit(top);
  const committed = plain(readFolder(dir));
  fs.writeFileSync(path.join(dir, "apps/homecraft/app.yaml"), "changed: true\n");
  fs.rmSync(path.join(dir, "apps/status"), { recursive: true });
  assert.deepEqual(plain(readRevision(dir, "HEAD")), committed);
});

test("readRevision follows in-tree symlinks and reports links out of the repository as HS090, like readFolder", () => {
  const top = tempDir();
  const dir = path.join(top, "platform");
  copyTree(EXAMPLE, dir);
  fs.writeFileSync(path.join(top, "secret.yaml"), "path: x\nnamespace: y\n");
  fs.mkdirSync(path.join(dir, "apps/leak"));
  fs.symlinkSync("../../../secret.yaml", path.join(dir, "apps/leak/app.yaml"));
  fs.symlinkSync("homecraft", path.join(dir, "apps/homecraft2"));
  gitInit(top);
  const fromGit = readRevision(dir, "HEAD");
  assert.deepEqual(plain(fromGit), plain(readFolder(dir)));
  assert.ok(fromGit.findings.some((f) => f.code === "HS090" && f.where.file === "apps/leak/app.yaml"));
  assert.ok(fromGit.files.has("apps/homecraft2/app.yaml"));
});

test("readRevision: a bad revision names it", () => {
  const dir = copyTree(EXAMPLE);
  gitInit(dir);
  assert.throws(() => readRevision(dir, "nope"), /revision nope does not exist/);
  sh(dir, "rm", "-q", "-r", "apps/status");
  const second = commitAll(dir, "rm status");
  assert.ok(!readRevision(dir, second).appDirs.includes("status"));
  assert.ok(readRevision(dir, "HEAD~1").appDirs.includes("status"));
});
