/**
 * The Omni and Talos layer end to end: the real templates of both corpora read as omnictl and
 * Talos read them (a strict reader must accept real data), what build writes for them, the patch
 * folders homescale.yaml may move, plan and `ci clusters` over git revisions, and the tunnel's
 * connectors in a trace.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { checkFolder } from "../src/cli/load-repo.js";
import { readRevision } from "../src/load/read-git.js";
import { commitAll, gitInit } from "./git-helpers.js";
import { checkJson, copyTree, CORPUS, EXAMPLE, migratedCorpus, readTree, run, tempDir, writeRepo } from "./helpers.js";

const HEAD_CORPUS_REPO = path.join(path.dirname(CORPUS), "homescale-public-84982fd7", "repo");
const OMNI_CODES = /^HS1[23]\d$/;

const shown = (ds: { code: string; file: string; line: number; column: number }[]): string[] => ds.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);

test("the corpora's Omni templates and patches check clean; the one finding is the YAML 1.1 mode trap, at its line", async () => {
  const first = await checkJson(migratedCorpus());
  assert.deepEqual(shown(first.diagnostics.filter((d) => OMNI_CODES.test(d.code))), ["HS133 infra/omni/patches/base.yaml:14:20"]);
  const head = await checkJson(HEAD_CORPUS_REPO);
  assert.deepEqual(shown(head.diagnostics.filter((d) => OMNI_CODES.test(d.code))), ["HS133 infra/omni/patches/base.yaml:11:20"]);
  assert.ok(!head.diagnostics.some((d) => /^(clusters\/[^/]+\/cluster\.yaml|infra\/)/.test(d.file) && d.code !== "HS133"), "nothing else in the Omni files");
});

test("the corpus's templates as the model reads them: every patch found where CI puts it, every document decoded", () => {
  const { model } = checkFolder(migratedCorpus(), process.cwd());
  const omni = model.omni!;
  assert.deepEqual(
    omni.templates.map((t) => `${t.cluster}: ${t.clusters[0]?.talosVersion} ${t.sets.map((s) => s.kind).join(",")} ${t.patches.map((p) => p.resolved ?? `inline:${p.name}`).join(" ")}`),
    [
      "boa1-gw: v1.13.4 ControlPlane infra/omni/patches/base.yaml infra/omni/patches/allow-scheduling-on-control-plane.yaml inline:install-disk inline:nics",
      "boa1-prod: v1.13.4 ControlPlane infra/omni/patches/base.yaml infra/omni/patches/allow-scheduling-on-control-plane.yaml infra/omni/patches/longhorn.yaml inline:install-disk inline:scheduler-topology-spread inline:nics",
    ],
  );
  const prod = omni.templates[1]!;
  assert.deepEqual(prod.patches.map((p) => p.docs.map((d) => d.id.kind).join("+")), ["v1alpha1", "v1alpha1", "v1alpha1+UserVolumeConfig", "v1alpha1", "v1alpha1", "v1alpha1"]);
  // ${CLUSTER_NAME} is substituted as CI substitutes it, per template.
  const labels = (prod.patches[0]!.docs[0]!.value.machine as { nodeLabels: Record<string, string> }).nodeLabels;
  assert.deepEqual(labels, { "cluster.homescale.cloud/name": "boa1-prod" });
  assert.deepEqual([...omni.machineClasses.keys()], ["boa1-metal"]);
});

test("build writes each template with its file patches as CI hands them to omnictl, variables substituted", async () => {
  const out = path.join(tempDir(), "out");
  const r = await run(["build", "--repo", migratedCorpus(), "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  const tree = readTree(out);
  assert.deepEqual(
    [...tree.keys()].filter((p) => p.startsWith("omni/")).sort(),
    [
      "omni/boa1-gw/cluster.yaml",
      "omni/boa1-gw/patches/allow-scheduling-on-control-plane.yaml",
      "omni/boa1-gw/patches/base.yaml",
      "omni/boa1-prod/cluster.yaml",
      "omni/boa1-prod/patches/allow-scheduling-on-control-plane.yaml",
      "omni/boa1-prod/patches/base.yaml",
      "omni/boa1-prod/patches/longhorn.yaml",
    ],
  );
  assert.match(tree.get("omni/boa1-gw/patches/base.yaml")!, /cluster\.homescale\.cloud\/name: boa1-gw\n/);
  assert.match(tree.get("omni/boa1-prod/patches/base.yaml")!, /cluster\.homescale\.cloud\/name: boa1-prod\n/);
  // Otherwise the files are the repository's, byte for byte.
  const source = fs.readFileSync(path.join(migratedCorpus(), "infra/omni/patches/longhorn.yaml"), "utf8");
  assert.equal(tree.get("omni/boa1-prod/patches/longhorn.yaml"), source);
});

const TEMPLATE = "kind: Cluster\nname: ${CLUSTER_NAME}\nkubernetes: {version: v1.36.2}\ntalos: {version: v1.13.4}\npatches:\n  - file: p/base.yaml\n---\nkind: ControlPlane\nmachines: [11a9fe00-3f45-11ed-8000-3cecefaab010]\n";
const PLATFORM = "apiVersion: homescale.dev/v1alpha1\nkind: Platform\nclusters:\n  lab: {role: workload}\n";

test("homescale.yaml moves the patch folder and where CI copies it; the loader reads it there, on disk and from git", async () => {
  const files = {
    "apps/values.yaml": "repoURL: https://example.com/platform.git\n",
    "clusters/lab/cluster.yaml": TEMPLATE,
    "platform/omni/base.yaml": "machine:\n  sysctls: {vm.max_map_count: '262144'}\n",
  };
  const moved = writeRepo({ ...files, "homescale.yaml": `${PLATFORM}omni:\n  patches: platform/omni\n  patchesAs: p\n` });
  assert.deepEqual((await checkJson(moved)).diagnostics, []);
  // The defaults are HomeScale's layout: there, p/base.yaml is nowhere.
  const plain = writeRepo({ ...files, "homescale.yaml": PLATFORM });
  assert.deepEqual(shown((await checkJson(plain)).diagnostics), ["HS124 clusters/lab/cluster.yaml:6:11"]);
  // A git revision holds the same files as the folder.
  gitInit(moved);
  const snap = readRevision(moved, "HEAD");
  assert.ok(snap.files.has("platform/omni/base.yaml"));
  assert.ok(!snap.files.has("infra/omni/patches/base.yaml"));
});

/** A committed copy of the example, changed and committed again. */
function changedExample(change: (dir: string) => void): { dir: string; base: string; head: string } {
  const dir = copyTree(EXAMPLE);
  const base = gitInit(dir);
  change(dir);
  return { dir, base, head: commitAll(dir, "change") };
}

const edit = (file: string, from: string, to: string): void => {
  const before = fs.readFileSync(file, "utf8");
  assert.ok(before.includes(from), `${file} has ${from}`);
  fs.writeFileSync(file, before.replace(from, to));
};

test("plan shows a node patch and an Omni patch changing, line by line, in every format", async () => {
  const { dir, base, head } = changedExample((d) => {
    edit(path.join(d, "homescale.yaml"), "address: 192.168.50.201", "address: 192.168.50.205");
    edit(path.join(d, "infra/omni/patches/base.yaml"), "disabled: true", "disabled: false");
  });
  const json = await run(["plan", "--repo", dir, "--base", base, "--head", head, "--format", "json"]);
  assert.equal(json.code, 0, json.stderr);
  const plan = JSON.parse(json.stdout) as { changes: { layer: string; action: string; kind: string; name: string; cluster?: string; lines: { op: string; line: number; text: string }[] }[]; summary: { changed: boolean; files: unknown } };
  assert.deepEqual(
    plan.changes.map((c) => `${c.layer} ${c.action} ${c.kind} ${c.name} ${c.cluster}`),
    ["omni change file omni/boa1-prod/patches/base.yaml boa1-prod", "talos change file talos/boa1-prod/cp2.yaml boa1-prod/cp2"],
  );
  assert.deepEqual(plan.changes[1]!.lines, [
    { op: "-", line: 12, text: "  - address: 192.168.50.201/24" },
    { op: "+", line: 12, text: "  - address: 192.168.50.205/24" },
  ]);
  assert.deepEqual(plan.summary.files, { add: 0, change: 2, remove: 0 });
  const text = await run(["plan", "--repo", dir, "--base", base, "--head", head, "--no-color"]);
  assert.match(text.stdout, /\nTalos \(files\)\n  ~ talos\/boa1-prod\/cp2\.yaml 1 line added, 1 removed\n      - 12:   - address: 192\.168\.50\.201\/24\n      \+ 12:   - address: 192\.168\.50\.205\/24\n/);
  assert.match(text.stdout, /\nOmni \(files\)\n  ~ omni\/boa1-prod\/patches\/base\.yaml/);
  const md = await run(["plan", "--repo", dir, "--base", base, "--head", head, "--format", "markdown"]);
  assert.match(md.stdout, /\| Talos \| 0 \| 1 \| 0 \| – \|\n\| Omni \| 0 \| 1 \| 0 \| – \|/);
  assert.match(text.stdout, /Plan: Argo CD 0 to add, 0 to change, 0 to remove; Talos 0 to add, 1 to change, 0 to remove; Omni 0 to add, 1 to change, 0 to remove; Terraform/);
  assert.match(md.stdout, /<summary>Omni \(1 file\)<\/summary>/);
  const exit = await run(["plan", "--repo", dir, "--base", base, "--head", head, "--detailed-exitcode"]);
  assert.equal(exit.code, 2, "file changes are changes");
});

test("ci clusters: every template, or those whose template or a patch it names changed since a revision", async () => {
  const all = await run(["ci", "clusters", "--repo", EXAMPLE, "--format", "json"]);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(JSON.parse(all.stdout), {
    diagnostics: [],
    clusters: [{ cluster: "boa1-prod", template: "clusters/boa1-prod/cluster.yaml", because: ["clusters/boa1-prod/cluster.yaml", "infra/omni/patches/base.yaml"] }],
    machineClasses: [{ name: "boa1-metal", file: "infra/omni/machineclasses/boa1-metal.yaml" }],
  });
  // A shared patch changed: HomeScale's workflow, which diffs only cluster.yaml, would sync nothing.
  const { dir, base } = changedExample((d) => edit(path.join(d, "infra/omni/patches/base.yaml"), "disabled: true", "disabled: false"));
  const since = await run(["ci", "clusters", "--repo", dir, "--changed-since", base, "--format", "json"]);
  assert.deepEqual(JSON.parse(since.stdout).clusters, [{ cluster: "boa1-prod", template: "clusters/boa1-prod/cluster.yaml", because: ["infra/omni/patches/base.yaml"] }]);
  assert.deepEqual(JSON.parse(since.stdout).machineClasses, []);
  const untouched = await run(["ci", "clusters", "--repo", dir, "--changed-since", "HEAD", "--format", "text"]);
  assert.equal(untouched.stdout, "");
});

test("trace through a tunnel lists its connectors, the app's pods and the nodes with the extension, and says whether it is highly available", async () => {
  const r = await run(["trace", "https://www.homescale.cloud", "--repo", EXAMPLE, "--format", "json"]);
  const hop = (JSON.parse(r.stdout) as { hops: { kind: string; detail: string }[] }).hops.find((h) => h.kind === "tunnel")!;
  assert.match(hop.detail, /\(connectors on boa1-prod: 2 pods of cloudflared and nodes cp1, cp2, cp3, wk1 \(cloudflared extension\); highly available: 6 connectors\)$/);

  // Nodes alone connect the tunnel: no connector app, yet reachable and no HS055; one node is no HA.
  const dir = copyTree(EXAMPLE);
  edit(path.join(dir, "apps/cloudflared/app.yaml"), "    deploy: true", "    deploy: false");
  const hs = path.join(dir, "homescale.yaml");
  edit(hs, "      extensions: [cloudflared]\n", "      extensions: []\n");
  edit(hs, "extensions: [cloudflared, tailscale]", "extensions: [cloudflared]");
  const check = await checkJson(dir);
  assert.ok(!check.diagnostics.some((d) => d.code === "HS055"), JSON.stringify(check.diagnostics));
  const one = await run(["trace", "https://www.homescale.cloud", "--repo", dir, "--format", "json"]);
  const doc = JSON.parse(one.stdout) as { verdict: string; hops: { kind: string; detail: string }[] };
  assert.equal(doc.verdict, "reachable");
  assert.match(doc.hops.find((h) => h.kind === "tunnel")!.detail, /\(connectors on boa1-prod: node wk1 \(cloudflared extension\); not highly available: one connector\)$/);
});
