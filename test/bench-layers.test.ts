/**
 * The layered bench platform (bench/generate-layers.ts) and its bench (bench/layers.ts): the
 * platform checks with no diagnostic at all, build writes every layer's files, the same seed
 * writes the same bytes, the other shapes hold none of the layers' keys, and the bench runs.
 * Nothing here asserts a time.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import YAML from "yaml";
import { generatePlatform, type Shape } from "../bench/generate.js";
import { checkSnapshot } from "../src/check/check.js";
import { rules } from "../src/check/rules/index.js";
import { readFolder } from "../src/load/read-folder.js";
import { renderContext, selectedClusters } from "../src/render/outputs.js";
import { targets } from "../src/render/registry.js";
import type { Output, Target } from "../src/render/target.js";
import { ROOT, readTree, tempDir } from "./helpers.js";

const SIZE = { apps: 60, clusters: 4 };

function generate(shape: Shape, seed = 1): string {
  const dir = path.join(tempDir(`homescale-bench-${shape}-`), "repo");
  generatePlatform(dir, { ...SIZE, seed, shape });
  return dir;
}

const layered = generate("layered");
const checked = checkSnapshot(readFolder(layered));

test("the layered platform checks with no diagnostic at all (errors, warnings or infos)", () => {
  assert.deepEqual(
    checked.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`),
    [],
  );
});

/** Every unit of a target, rendered as build renders it. */
function outputsOf(t: Target): Output[] {
  const ctx = renderContext(checked.model, { index: checked.index });
  if (t.scope === "platform") return t.render(ctx);
  if (t.scope === "cluster") return selectedClusters(ctx).flatMap((v) => t.render(ctx, v));
  return t.units(ctx).flatMap((u) => t.render(ctx, u));
}

const objects = (outs: Output[]): number =>
  outs.reduce((n, o) => n + ("yaml" in o ? o.yaml.length : "tf" in o ? Object.values(o.tf.resource ?? {}).reduce((k, r) => k + Object.keys(r).length, 0) : 1), 0);

// Every target of the registry is listed: one that is added must say whether the layered platform exercises it.
const PRODUCES = new Set([
  "argocd-applications",
  "argocd-bootstrap",
  "lan-pool",
  "gateway-api",
  "ingress-nginx",
  "cert-manager",
  "tailscale-tf",
  "cloudflare-tf",
  "edge",
  "ci-matrix",
  "topology-doc",
  "talos-patches",
  "omni-templates",
]);
const NOTHING: Record<string, string> = {
  "argocd-cmp": "no argocd.plugin",
  "netbird-operator": "mesh: tailscale",
  "netbird-tf": "mesh: tailscale",
};

test("every render target produces objects on the layered platform, except those its settings rule out", () => {
  for (const t of targets) {
    assert.ok(PRODUCES.has(t.id) || t.id in NOTHING, `target ${t.id} is new: add it to PRODUCES or NOTHING`);
    const n = objects(outputsOf(t));
    if (PRODUCES.has(t.id)) assert.ok(n > 0, `${t.id} produced nothing`);
    else assert.equal(n, 0, `${t.id} produced objects though ${NOTHING[t.id]}`);
  }
});

test("build writes each layer's files: pools, gateways and routes, certificates, the tailnet, edges, Talos, Omni", () => {
  const out = path.join(tempDir("homescale-bench-layers-out-"), "out");
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/homescale"), "build", "--repo", layered, "--out", out, "--format", "json"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const tree = readTree(out);
  const network = [...tree].filter(([p]) => /^clusters\/[^/]+\/network\.yaml$/.test(p)).map(([, t]) => t).join("\n---\n");
  const kinds = new Set(YAML.parseAllDocuments(network).map((d) => (d.toJS() as { kind?: string } | null)?.kind));
  for (const kind of ["CiliumLoadBalancerIPPool", "CiliumL2AnnouncementPolicy", "IPAddressPool", "L2Advertisement", "EnvoyProxy", "Gateway", "HTTPRoute", "SecurityPolicy", "ReferenceGrant", "ClientTrafficPolicy", "Ingress", "ClusterIssuer", "Certificate"]) {
    assert.ok(kinds.has(kind), `no ${kind} in network.yaml (kinds: ${[...kinds].join(", ")})`);
  }
  const ts = JSON.parse(tree.get("terraform/tailscale.tf.json")!) as { resource: Record<string, Record<string, { acl?: string }>> };
  assert.ok(JSON.parse(ts.resource.tailscale_acl!.this!.acl!).grants.length > 0);
  assert.ok(!tree.has("terraform/netbird.tf.json"));
  const cf = JSON.parse(tree.get("terraform/cloudflare.tf.json")!) as { resource: Record<string, Record<string, { type?: string }>> };
  assert.ok(Object.values(cf.resource.cloudflare_dns_record!).some((rec) => rec.type === "A"), "no A record for the edge");
  for (const f of ["vps/wg0.conf", "vps/nftables.conf", "home/wg0.conf", "home/haproxy.cfg"]) assert.ok(tree.has(`edges/vps1/${f}`), `no edges/vps1/${f}`);
  // A patch per node the settings name, and each cluster's Omni template.
  const settings = YAML.parse(fs.readFileSync(path.join(layered, "homescale.yaml"), "utf8")) as { clusters: Record<string, { talos: { nodes: { name: string }[] } }> };
  for (const [c, def] of Object.entries(settings.clusters)) {
    assert.ok(tree.has(`omni/${c}/cluster.yaml`), `no omni/${c}/cluster.yaml`);
    for (const n of def.talos.nodes) assert.ok(tree.has(`talos/${c}/${n.name}.yaml`), `no talos/${c}/${n.name}.yaml`);
  }
});

test("the same seed writes byte-identical files; another seed another platform", () => {
  assert.deepEqual(readTree(generate("layered")), readTree(layered));
  assert.notDeepEqual(readTree(generate("layered", 2)), readTree(layered));
});

test("the default and templated shapes hold none of the layers' keys", () => {
  for (const shape of ["default", "templated"] as const) {
    const tree = readTree(generate(shape));
    const settings = YAML.parse(tree.get("homescale.yaml")!) as Record<string, unknown> & { clusters: Record<string, Record<string, unknown>> };
    for (const k of ["mesh", "edges", "auth", "certificates", "dns", "tailscale"]) assert.ok(!(k in settings), `${shape}: homescale.yaml has ${k}`);
    for (const [c, def] of Object.entries(settings.clusters)) {
      for (const k of ["network", "loadBalancer", "gateways", "talos"]) assert.ok(!(k in def), `${shape}: clusters.${c}.${k}`);
    }
    for (const [p, text] of tree) {
      assert.ok(!/\/templates\//.test(p), `${shape}: ${p}`);
      if (!p.endsWith("/app.yaml")) continue;
      assert.doesNotMatch(text, /^(exposeLan|tailscale):/m, `${shape}: ${p}`);
      assert.doesNotMatch(text, /via: (gateway|edge)\b|^ *(auth|edge|gateway): /m, `${shape}: ${p}`);
    }
  }
});

test("layers.js --smoke runs and prints a row per render target and per check rule", { timeout: 120_000 }, () => {
  const out = path.join(tempDir("homescale-bench-layers-smoke-"), "layers.md");
  const r = spawnSync(process.execPath, [path.join(ROOT, "dist/bench/layers.js"), "--smoke", "--out", out], { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  for (const t of targets) assert.match(r.stdout, new RegExp(`^\\| ${t.id} +\\| \\d+ `, "m"), `no row for target ${t.id}`);
  for (const rule of rules) assert.match(r.stdout, new RegExp(`^\\| ${rule.name} +\\| +[\\d.]+ \\|`, "m"), `no row for rule ${rule.name}`);
  assert.match(r.stdout, /^\| routes +\|/m);
  assert.match(r.stdout, /^\| check +\|.*\| ok +\|$/m);
  assert.match(r.stdout, /^\| build +\|.*\| ok +\|$/m);
  assert.doesNotMatch(r.stdout + r.stderr, /WARNING|problem:/);
  assert.equal(fs.readFileSync(out, "utf8").includes("| talos-patches "), true);
});
