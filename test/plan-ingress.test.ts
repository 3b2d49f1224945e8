/**
 * plan over the ingress layer (seed 003): gateway, route, policy, certificate and pool changes come
 * as their own layers (Ingress, LAN addresses), per cluster, in the JSON, the text and the markdown.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { commitAll, gitInit } from "./git-helpers.js";
import { copyTree, ROOT, run } from "./helpers.js";

const HOME_OPS = path.join(ROOT, "examples", "home-ops");

function edit(dir: string, rel: string, from: string, to: string): void {
  const p = path.join(dir, rel);
  const s = fs.readFileSync(p, "utf8");
  assert.ok(s.includes(from), `${rel} has no ${from}`);
  fs.writeFileSync(p, s.replace(from, to));
}

test("plan: auth added to a route and the pool widened: Ingress and LAN address changes", async () => {
  const dir = copyTree(HOME_OPS);
  const base = gitInit(dir);
  // echo gets Authentik (both live in default: no ReferenceGrant is needed); the pool grows.
  edit(dir, "apps/echo/app.yaml", "  via: gateway", "  via: gateway\n  auth: authentik");
  edit(dir, "homescale.yaml", '"192.168.5.10-192.168.5.30"', '"192.168.5.10-192.168.5.40"');
  const head = commitAll(dir, "auth for echo, a bigger pool");
  const r = await run(["plan", "--repo", dir, "--base", base, "--head", head, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as {
    changes: { layer: string; action: string; kind: string; name: string; namespace?: string; cluster?: string }[];
    summary: { layers: { id: string; label: string; add: number; change: number; remove: number }[] };
  };
  const changes = plan.changes.filter((c) => c.layer !== "terraform").map((c) => `${c.layer} ${c.action} ${c.kind} ${c.namespace ?? ""}/${c.name}`);
  assert.deepEqual(changes.sort(), [
    "ingress add SecurityPolicy default/echo-external",
    "lan change CiliumLoadBalancerIPPool /lan",
  ]);
  const layer = (id: string) => plan.summary.layers.find((l) => l.id === id)!;
  assert.deepEqual([layer("ingress").add, layer("lan").change], [1, 1]);
  const md = await run(["plan", "--repo", dir, "--base", base, "--head", head, "--format", "markdown"]);
  assert.match(md.stdout, /\| Ingress \| 1 \| 0 \| 0 \| – \|/);
  assert.match(md.stdout, /\| LAN addresses \| 0 \| 1 \| 0 \| – \|/);
  assert.match(md.stdout, /<summary>Ingress: <code>main<\/code> \(1 change,/);
  const text = await run(["plan", "--repo", dir, "--base", base, "--head", head]);
  assert.match(text.stdout, /\nIngress \(per cluster, in sync-wave order\)\n  cluster main\n    \+ SecurityPolicy default\/echo-external/);
  assert.match(text.stdout, /Plan: Argo CD 0 to add, 0 to change, 0 to remove; LAN addresses 0 to add, 1 to change, 0 to remove; Ingress 1 to add/);
});
