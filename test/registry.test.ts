/**
 * The registry of render targets: each target's id, layer, scope and plan diff, and the files it
 * writes for the example platform; together they are exactly the tree `build` writes.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { checkFolder } from "../src/cli/load-repo.js";
import { targets } from "../src/render/registry.js";
import { clusterFiles, platformFiles, renderContext, unitFiles } from "../src/render/outputs.js";
import { EXAMPLE, HEAD_CORPUS_REPO, ROOT, run, tempDir } from "./helpers.js";

/**
 * The platforms the registry is listed over: between them, every target writes something (HomeScale
 * today is the one on Tailscale, argocd-plugin the one whose Argo CD renders it with the plugin).
 */
const PLATFORMS = [
  EXAMPLE,
  path.join(ROOT, "examples", "home-ops"),
  path.join(ROOT, "test", "fixtures", "metallb-nginx"),
  path.join(ROOT, "examples", "vps-edge"),
  HEAD_CORPUS_REPO,
  path.join(ROOT, "test", "fixtures", "argocd-plugin"),
];

function filesOf(t: (typeof targets)[number]): string[] {
  const paths = PLATFORMS.flatMap((repo) => {
    const { model, index } = checkFolder(repo, process.cwd());
    const ctx = renderContext(model, { index });
    const files =
      t.scope === "platform"
        ? platformFiles(ctx, [t])
        : t.scope === "cluster"
          ? model.platform.clusters.flatMap((c) => clusterFiles(ctx, index.cluster(c.name)!, [t]))
          : unitFiles(ctx, [t]);
    return files.map((f) =>
      f.path
        .replace(/^(clusters|omni)\/[^/]+\//, "$1/<cluster>/")
        .replace(/^talos\/[^/]+\/[^/]+\.yaml$/, "talos/<cluster>/<node>.yaml")
        .replace(/^(omni\/<cluster>\/patches)\/[^/]+$/, "$1/<patch>"),
    );
  });
  return paths.filter((p, i, all) => all.indexOf(p) === i).sort();
}

test("the registry: every target with its layer, scope, plan diff and files", () => {
  const rows = targets.map((t) => `${t.id} ${t.layer} ${t.scope} ${t.diff.by}: ${filesOf(t).join(", ")}`);
  assert.deepEqual(rows, [
    "argocd-applications argocd cluster object: clusters/<cluster>/applications.yaml",
    "argocd-bootstrap argocd cluster object: clusters/<cluster>/bootstrap.yaml",
    "argocd-cmp argocd platform file: argocd/repo-server-patch.yaml, argocd/repo-server-values.yaml",
    "netbird-operator argocd cluster object: clusters/<cluster>/network.yaml",
    "lan-pool lan cluster object: clusters/<cluster>/network.yaml",
    "gateway-api ingress cluster object: clusters/<cluster>/network.yaml",
    "ingress-nginx ingress cluster object: clusters/<cluster>/network.yaml",
    "cert-manager ingress cluster object: clusters/<cluster>/network.yaml",
    "netbird-tf terraform platform resource: terraform/netbird.tf.json",
    "tailscale-tf terraform platform resource: terraform/tailscale.tf.json",
    "cloudflare-tf terraform platform resource: terraform/cloudflare.tf.json",
    "edge edge edge file: edges/vps1/home/haproxy.cfg, edges/vps1/home/wg0.conf, edges/vps1/vps/nftables.conf, edges/vps1/vps/wg0.conf",
    "ci-matrix ci platform none: ci/build-matrix.json",
    "topology-doc docs platform none: docs/topology.md",
    "talos-patches talos node file: talos/<cluster>/<node>.yaml",
    "omni-templates omni cluster file: omni/<cluster>/cluster.yaml, omni/<cluster>/patches/<patch>",
  ]);
  assert.equal(new Set(targets.map((t) => t.id)).size, targets.length, "ids are unique");
  for (const t of targets) {
    assert.ok(t.layerLabel.length > 0 && t.description.length > 0, t.id);
    if (t.diff.by === "none") assert.ok(t.diff.why.length > 0, `${t.id} says why plan leaves it out`);
  }
});

test("the targets' files are exactly the tree build writes", async () => {
  const out = path.join(tempDir("homescale-registry-"), "out");
  const r = await run(["build", "--repo", EXAMPLE, "--out", out, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const written = (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path).sort();
  const { model, index } = checkFolder(EXAMPLE, process.cwd());
  const ctx = renderContext(model, { index });
  const rendered = [...platformFiles(ctx), ...model.platform.clusters.flatMap((c) => clusterFiles(ctx, index.cluster(c.name)!)), ...unitFiles(ctx)].map((f) => f.path).sort();
  assert.deepEqual(written, rendered);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});

test("docs/architecture.md's registry table lists the registry: every target, in order, with its layer and scope", () => {
  const page = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
  const table = page.slice(page.indexOf("| target | layer | scope | writes |"));
  const rows = table
    .split("\n")
    .slice(2)
    .filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("|")))
    .map((l) => l.split("|").map((c) => c.trim()));
  assert.deepEqual(
    rows.map((c) => `${c[1]!.replace(/`/g, "")} ${c[2]} ${c[3]}`),
    targets.map((t) => `${t.id} ${t.layer} ${t.scope}`),
  );
});
