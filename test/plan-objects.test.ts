/**
 * plan's object layer (src/plan/diff-objects.ts) compares build's descriptions first and
 * materializes only what differs. Whatever it skips must be equal as plain objects: held here
 * against the plain rule (materialize everything, compare everything) on a generated platform and
 * a copy with a tenth of its apps edited, read as plan reads two revisions (one parse cache, so
 * the unchanged apps' specs are shared).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { generatePlatform, mutatePercent } from "../bench/generate.js";
import { readFolder } from "../src/load/read-folder.js";
import { buildModel } from "../src/model/build-model.js";
import type { Model } from "../src/model/types.js";
import { ParseCache } from "../src/parse/parse-yaml.js";
import { diffObjects } from "../src/plan/diff-objects.js";
import { sameValue } from "../src/plan/diff-values.js";
import { renderApplications } from "../src/render/targets/argocd/applications.js";
import { renderBootstrap } from "../src/render/targets/argocd/bootstrap.js";
import type { K8sObject } from "../src/render/k8s-object.js";
import { renderNetworkObjects } from "../src/render/targets/netbird-operator/objects.js";
import { contextOf, indexOf, tempDir, viewOf } from "./helpers.js";

function objects(model: Model, cluster: string): Map<string, K8sObject> {
  const c = model.platform.clusterByName.get(cluster)!;
  const out = new Map<string, K8sObject>();
  for (const o of [...renderApplications(model, viewOf(model, c)), ...renderBootstrap(model, c), ...renderNetworkObjects(indexOf(model), viewOf(model, c))]) {
    out.set(`${cluster} ${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, o);
  }
  return out;
}

test("the objects plan reports changed are exactly those that differ as plain objects", () => {
  const dir = tempDir("homescale-plan-objects-");
  const base = path.join(dir, "base");
  const head = path.join(dir, "head");
  generatePlatform(base, { apps: 120, clusters: 6, seed: 21 });
  fs.cpSync(base, head, { recursive: true });
  assert.ok(mutatePercent(head, 10, 4).length > 0);
  const cache = new ParseCache();
  const before = buildModel(readFolder(base), { cache }).model;
  const after = buildModel(readFolder(head), { cache }).model;

  const want = new Set<string>();
  for (const c of before.platform.clusters) {
    const b = objects(before, c.name);
    const a = objects(after, c.name);
    for (const [key, o] of b) if (!a.has(key) || !sameValue(a.get(key), o)) want.add(key);
    for (const key of a.keys()) if (!b.has(key)) want.add(key);
  }
  const got = new Set(diffObjects(contextOf(before), contextOf(after)).map((ch) => `${ch.cluster} ${ch.kind}/${ch.namespace ?? ""}/${ch.name}`));
  assert.ok(want.size > 0, "the edit changes some objects");
  assert.deepEqual([...got].sort(), [...want].sort());
  fs.rmSync(dir, { recursive: true, force: true });
});
