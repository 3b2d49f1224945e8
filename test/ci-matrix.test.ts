import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { commitAll, gitInit } from "./git-helpers.js";
import { copyTree, CORPUS_REPO, run } from "./helpers.js";


interface Matrix {
  include: { app: string; kind: string; dockerfile?: string; image?: string }[];
}

async function matrix(repo: string, ...extra: string[]): Promise<Matrix & { code: number; stderr: string }> {
  const r = await run(["ci", "matrix", "--repo", repo, "--format", "json", ...extra]);
  return { code: r.code, stderr: r.stderr, ...(r.code === 0 ? (JSON.parse(r.stdout) as Matrix) : { include: [] }) };
}

test("images for apps with a Chart.yaml and a Dockerfile, charts for every app", async () => {
  const m = await matrix(CORPUS_REPO);
  assert.equal(m.code, 0);
  const images = m.include.filter((e) => e.kind === "image");
  assert.deepEqual(
    images.map((e) => [e.app, e.dockerfile, e.image]),
    [
      ["homepage", "apps/homepage/src/Dockerfile", "ghcr.io/homescalecloud/homepage"],
      ["maxmorris-io", "apps/maxmorris-io/src/Dockerfile", "ghcr.io/homescalecloud/maxmorris-io"],
    ],
  );
  assert.equal(m.include.filter((e) => e.kind === "chart").length, 29);
});

test("--changed-since lists only apps whose folder changed, read from git", async () => {
  const repo = copyTree(CORPUS_REPO);
  const base = gitInit(repo);
  fs.appendFileSync(path.join(repo, "apps/homepage/src/Dockerfile"), "# touched\n");
  commitAll(repo, "touch homepage");
  fs.writeFileSync(path.join(repo, "apps/omni/NOTES.md"), "untracked change\n");
  const m = await matrix(repo, "--changed-since", base);
  assert.equal(m.code, 0, m.stderr);
  assert.deepEqual(
    m.include.map((e) => `${e.kind}:${e.app}`),
    ["image:homepage", "chart:homepage", "chart:omni"],
  );
  const none = await matrix(repo, "--changed-since", "HEAD");
  assert.deepEqual(none.include.map((e) => e.app), ["omni"]);
});

test("a revision that does not exist, or no git repository, is a clear usage error", async () => {
  const repo = copyTree(CORPUS_REPO);
  const noGit = await run(["ci", "matrix", "--repo", repo, "--changed-since", "main"]);
  assert.equal(noGit.code, 2);
  assert.match(noGit.stderr, /not one|git repository/);
  gitInit(repo);
  const bad = await run(["ci", "matrix", "--repo", repo, "--changed-since", "no-such-rev"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no-such-rev does not exist/);
});
