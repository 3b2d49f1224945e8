import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { copyTree, EXAMPLE, CORPUS_REPO, ROOT, run, tempDir, readTree } from "./helpers.js";


const tree = readTree;

/** Each platform with its golden output tree (UPDATE_GOLDEN=1 npm test -- build regenerates them). */
const GOLDENS: { repo: string; golden: string }[] = [
  { repo: EXAMPLE, golden: "example" },
  { repo: path.join(ROOT, "examples", "home-ops"), golden: "home-ops" },
  { repo: path.join(ROOT, "test", "fixtures", "metallb-nginx"), golden: "metallb-nginx" },
  { repo: path.join(ROOT, "examples", "vps-edge"), golden: "vps-edge" },
  { repo: path.join(ROOT, "test", "fixtures", "edge-envoy"), golden: "edge-envoy" },
  { repo: path.join(ROOT, "test", "fixtures", "argocd-plugin"), golden: "argocd-plugin" },
];

for (const { repo, golden } of GOLDENS) {
  test(`${path.relative(ROOT, repo)} builds to the golden output tree test/golden/${golden}, byte for byte`, async () => {
    const out = path.join(tempDir(), "out");
    const r = await run(["build", "--repo", repo, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const got = tree(out);
    const dir = path.join(ROOT, "test", "golden", golden);
    if (process.env.UPDATE_GOLDEN === "1") {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.cpSync(out, dir, { recursive: true });
    }
    const want = tree(dir);
    assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), "set of files (UPDATE_GOLDEN=1 npm test -- build regenerates)");
    for (const [p, text] of want) assert.equal(got.get(p), text, `${p} differs from test/golden/${golden}/${p}`);
  });
}

test("--format json lists every file with its sha256 and size", async () => {
  const out = path.join(tempDir(), "out");
  const r = await run(["build", "--repo", CORPUS_REPO, "--out", out, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { diagnostics: unknown[]; files: { path: string; sha256: string; bytes: number }[] };
  const paths = doc.files.map((f) => f.path);
  for (const c of ["mgmt", "boa1-prod", "boa1-gw"]) {
    assert.ok(paths.includes(`clusters/${c}/applications.yaml`));
    assert.ok(paths.includes(`clusters/${c}/bootstrap.yaml`));
  }
  for (const p of ["terraform/netbird.tf.json", "terraform/cloudflare.tf.json", "ci/build-matrix.json", "docs/topology.md"]) assert.ok(paths.includes(p), p);
  for (const f of doc.files) {
    assert.match(f.sha256, /^[0-9a-f]{64}$/);
    assert.equal(fs.statSync(path.join(out, f.path)).size, f.bytes);
  }
});

test("two builds are byte-identical, also from two different working directories", async () => {
  const a = path.join(tempDir(), "a");
  const b = path.join(tempDir(), "b");
  assert.equal((await run(["build", "--repo", CORPUS_REPO, "--out", a], ROOT)).code, 0);
  const otherCwd = tempDir();
  assert.equal((await run(["build", "--repo", path.relative(otherCwd, CORPUS_REPO), "--out", b], otherCwd)).code, 0);
  assert.deepEqual(tree(a), tree(b));
});

test("--cluster limits the per-cluster outputs; --stdout prints one cluster's manifests", async () => {
  const out = path.join(tempDir(), "out");
  assert.equal((await run(["build", "--repo", CORPUS_REPO, "--out", out, "--cluster", "mgmt"])).code, 0);
  assert.deepEqual(fs.readdirSync(path.join(out, "clusters")), ["mgmt"]);
  const s = await run(["build", "--repo", CORPUS_REPO, "--stdout", "--cluster", "boa1-gw"]);
  assert.equal(s.code, 0);
  assert.match(s.stdout, /kind: Application\n/);
  assert.doesNotMatch(s.stdout, /cluster.homescale.cloud\/name: "?mgmt/);
  assert.equal((await run(["build", "--repo", CORPUS_REPO, "--stdout", "--cluster", "nope"])).code, 2);
  assert.equal((await run(["build", "--repo", CORPUS_REPO, "--stdout"])).code, 2);
});

test("with errors, build writes nothing and keeps the previous output", async () => {
  const repo = copyTree(EXAMPLE);
  const out = path.join(tempDir(), "out");
  assert.equal((await run(["build", "--repo", repo, "--out", out])).code, 0);
  const before = tree(out);
  fs.appendFileSync(path.join(repo, "apps/homepage/app.yaml"), "defaultDeploy: flase\n");
  const r = await run(["build", "--repo", repo, "--out", out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /HS002|HS021/);
  assert.match(r.stderr, /nothing was written/);
  assert.deepEqual(tree(out), before);
  const fresh = path.join(tempDir(), "fresh");
  assert.equal((await run(["build", "--repo", repo, "--out", fresh])).code, 1);
  assert.equal(fs.existsSync(fresh), false);
});

test("--out is refused at /, inside the sources, and on a folder of other files", async () => {
  const repo = copyTree(EXAMPLE);
  for (const out of ["/", repo, path.join(repo, "apps"), path.join(repo, "clusters", "mgmt"), path.dirname(repo)]) {
    const r = await run(["build", "--repo", repo, "--out", out]);
    assert.equal(r.code, 2, `--out ${out} should be refused`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  const mine = tempDir();
  fs.writeFileSync(path.join(mine, "thesis.tex"), "precious");
  const r = await run(["build", "--repo", repo, "--out", mine]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not homescale output/);
  assert.equal(fs.readFileSync(path.join(mine, "thesis.tex"), "utf8"), "precious");
  // A folder inside the repository of its own is fine, and so is rebuilding into it.
  const inside = path.join(repo, "out");
  assert.equal((await run(["build", "--repo", repo, "--out", inside])).code, 0);
  assert.equal((await run(["build", "--repo", repo, "--out", inside])).code, 0);
});

test("a build killed midway leaves the previous output intact", async () => {
  const out = path.join(tempDir(), "out");
  assert.equal((await run(["build", "--repo", CORPUS_REPO, "--out", out])).code, 0);
  const before = tree(out);
  // Kill real builds at increasing moments, so some die while writing the temporary tree.
  for (const delayMs of [5, 20, 40, 60, 80, 120]) {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "homescale"), "build", "--repo", CORPUS_REPO, "--out", out], { stdio: "ignore" });
    // Listened for from the start: a fast build may be done before the kill.
    const exited = new Promise((r) => child.on("exit", r));
    await new Promise((r) => setTimeout(r, delayMs));
    child.kill("SIGKILL");
    await exited;
    // Right after the kill the old tree is in place, or (killed between the two renames) in the backup.
    const backup = path.join(path.dirname(out), ".out.homescale-old");
    if (fs.existsSync(out)) assert.deepEqual(tree(out), before, `killed after ${delayMs} ms`);
    else assert.deepEqual(tree(backup), before, `killed after ${delayMs} ms, between the renames`);
    // The next build puts a backup back first and clears the dead build's temporary folder.
    const recovered = await run(["build", "--repo", CORPUS_REPO, "--out", out]);
    assert.equal(recovered.code, 0);
    assert.deepEqual(tree(out), before);
  }
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ["out"], "no temporary or backup folder is left behind");
});
