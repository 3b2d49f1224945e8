import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { commitAll, gitInit } from "./git-helpers.js";
import { copyTree, CORPUS_REPO, run } from "./helpers.js";


// plan on the real corpus: the change HomeScale's own docs warn about — deleting a netbird: block
// "thinking it's dead config" — and a second rule that renames the policy app-argocd.
test("plan on the corpus: a deleted netbird block and a renamed policy, across every layer", async () => {
  const dir = copyTree(CORPUS_REPO);
  const base = gitInit(dir);
  const ha = path.join(dir, "apps/home-assistant/app.yaml");
  fs.writeFileSync(ha, fs.readFileSync(ha, "utf8").replace(/netbird:\n(  .*\n)+/, ""));
  const argocd = path.join(dir, "apps/argocd/app.yaml");
  fs.writeFileSync(
    argocd,
    fs.readFileSync(argocd, "utf8").replace('        ports: ["80", "443"]\n', '        ports: ["80", "443"]\n      - sources: ["github-actions"]\n        protocol: tcp\n        ports: ["443"]\n'),
  );
  const head = commitAll(dir, "change policies");
  const r = await run(["plan", "--repo", dir, "--base", base, "--head", head, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const p = JSON.parse(r.stdout) as {
    changes: { layer: string; action: string; kind: string; name: string }[];
    access: { added: { key: string }[]; removed: { key: string }[] };
    warnings: { kind: string; app?: string; items?: string[] }[];
  };
  const tf = p.changes.filter((c) => c.layer === "terraform").map((c) => `${c.action} ${c.kind}.${c.name}`).sort();
  assert.deepEqual(tf, [
    "add netbird_policy.app-argocd-0",
    "add netbird_policy.app-argocd-1",
    "remove netbird_policy.app-argocd",
    "remove netbird_policy.app-home-assistant",
  ]);
  assert.deepEqual(p.access.added.map((a) => a.key), ["github-actions argocd tcp/443"]);
  assert.deepEqual(p.access.removed.map((a) => a.key), ["owners home-assistant tcp/443", "owners home-assistant tcp/80"]);
  assert.ok(p.warnings.some((w) => w.app === "home-assistant"), "the removed netbird block is a warning");
  assert.ok(
    p.warnings.some((w) => w.kind === "rename-gap" && w.items?.join(" ") === "netbird_policy.app-argocd netbird_policy.app-argocd-0"),
    "the rename drops access for a moment",
  );
  // No Application changes (netbird is not a Helm value), and no NetworkResource: home-assistant's
  // own chart renders its NetworkResources (ha, z2m, homebridge), policy or none.
  assert.deepEqual(
    p.changes.filter((c) => c.layer === "argocd").map((c) => `${c.action} ${c.kind} ${c.name}`),
    [],
  );
});
