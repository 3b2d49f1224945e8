/**
 * build on two threads (src/cli/render-threads.ts) writes the very same bytes as on one: which
 * thread renders a cluster must never show in the output. And when the helper thread takes
 * clusters and then fails, the main thread renders them itself.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { generatePlatform } from "../bench/generate.js";
import { renderClusters, startRenderHelper, type RenderHelper } from "../src/cli/render-threads.js";
import { sha256Hex, type Artifact } from "../src/write/write-tree.js";
import { checkSnapshot } from "../src/check/check.js";
import { readFolder } from "../src/load/read-folder.js";
import { platformArtifacts, renderArtifacts } from "../src/render/outputs.js";
import { contextOf, run, tempDir } from "./helpers.js";

function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name)));
  }
  return out;
}

test("two render threads write byte for byte what one writes", { timeout: 120_000 }, async () => {
  const dir = tempDir("homescale-threads-");
  const repo = path.join(dir, "repo");
  generatePlatform(repo, { apps: 120, clusters: 7, seed: 5 });
  const one = await run(["build", "--repo", repo, "--out", path.join(dir, "one"), "--format", "json"], dir, { HOMESCALE_THREADS: "1" });
  const two = await run(["build", "--repo", repo, "--out", path.join(dir, "two"), "--format", "json"], dir, { HOMESCALE_THREADS: "2" });
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);
  assert.equal(two.stdout, one.stdout, "the same files, sizes and hashes reported");
  const a = filesUnder(path.join(dir, "one"));
  const b = filesUnder(path.join(dir, "two"));
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [p, bytes] of a) assert.ok(bytes.equals(b.get(p)!), `${p} differs`);
  assert.ok([...a.keys()].filter((p) => p.endsWith("applications.yaml")).length === 7);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("clusters a failed helper had taken are rendered by the main thread", async () => {
  const dir = tempDir("homescale-threads-");
  generatePlatform(dir, { apps: 30, clusters: 5, seed: 9 });
  const { model } = checkSnapshot(readFolder(dir));
  // A helper that took the first two clusters off the queue, then died without delivering them.
  const queue = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(queue, 0, 2);
  const dead: RenderHelper = { queue, delivered: new Map(), until: async () => {}, stop: () => {} };
  const got: Artifact[] = [];
  // Bytes handed over are valid during the call only (one buffer serves every file): decoded there.
  await renderClusters(contextOf(model), (f) => got.push({ path: f.path, content: asText(f.content) }), dead);
  const want = clusterArtifacts(model);
  assert.deepEqual(
    got.map((a) => a.path).sort(),
    want.map((a) => a.path),
  );
  for (const a of want) assert.equal(got.find((g) => g.path === a.path)!.content, a.content);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the helper thread renders clusters from the shared queue, encoded and hashed", async () => {
  const dir = tempDir("homescale-threads-");
  generatePlatform(dir, { apps: 30, clusters: 5, seed: 11 });
  const snap = readFolder(dir);
  const { model } = checkSnapshot(snap);
  const helper = startRenderHelper(snap, []);
  assert.ok(helper, "worker threads are available");
  // Nothing is taken here before the helper has had the whole queue to itself.
  await helper.until(() => helper.delivered.size === 5);
  assert.equal(helper.delivered.size, 5);
  const got: Artifact[] = [];
  await renderClusters(contextOf(model), (f) => got.push(f), helper);
  const want = clusterArtifacts(model);
  assert.deepEqual(got.map((a) => a.path).sort(), want.map((a) => a.path));
  for (const a of want) {
    const g = got.find((x) => x.path === a.path)!;
    assert.ok(g.content instanceof Uint8Array);
    assert.equal(Buffer.from(g.content).toString("utf8"), a.content);
    assert.equal(g.sha256, sha256Hex(Buffer.from(a.content as string, "utf8")));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What the per-cluster targets write (under clusters/ and omni/): all but the platform's, nodes' and edges' files. */
function clusterArtifacts(model: Parameters<typeof contextOf>[0]): Artifact[] {
  const shared = new Set(platformArtifacts(contextOf(model)).map((a) => a.path));
  return renderArtifacts(contextOf(model)).filter((a) => !shared.has(a.path));
}

function asText(content: string | Uint8Array): string {
  return typeof content === "string" ? content : Buffer.from(content).toString("utf8");
}
