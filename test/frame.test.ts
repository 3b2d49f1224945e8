/**
 * Frames (src/model/frame.ts): an object described as a frame with holes and the parts that fill
 * them must be, as data and as YAML, exactly the object it describes. build writes descriptions and
 * plan reads materialized objects, so any difference would be a build that disagrees with plan.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Framed, Hole, materialize } from "../src/render/describe/frame.js";
import { share } from "../src/render/describe/shared-tree.js";
import { emitYamlDocument, emitYamlStream, writeYamlStream } from "../src/render/emit/yaml-emit.js";
import { ByteSink } from "../src/render/emit/byte-sink.js";
import { describeApplications, renderApplications } from "../src/render/targets/argocd/applications.js";
import { describeNetworkObjects, renderNetworkObjects } from "../src/render/targets/netbird-operator/objects.js";
import { checkFolder } from "../src/cli/load-repo.js";
import { generatePlatform } from "../bench/generate.js";
import { CORPUS_REPO, EXAMPLE, indexOf, tempDir, viewOf } from "./helpers.js";
import fs from "node:fs";
import { readFolder } from "../src/load/read-folder.js";
import { buildModel } from "../src/model/build-model.js";
import { ParseCache } from "../src/parse/parse-yaml.js";
import { APP_NAME_KEY } from "../src/render/labels.js";
import { isEnabled, overridesOnlyValues } from "../src/model/resolve.js";
import type { App, Cluster } from "../src/model/types.js";

const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom("", "yes", "0777", "a: b", "line\nbreak\n", " lead", "{{ .Values.cluster.name }}"),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("a", "b", "__proto__", "1", "x y")), tie("value"), { maxKeys: 4 }).map((d) => ({ ...d })),
}));

/** A small deterministic generator, so that one fast-check seed decides every choice below. */
function chooser(seed: number): (p: number) => boolean {
  let s = seed >>> 0 || 1;
  return (p) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32 < p;
  };
}

/**
 * Describes a tree as a frame: some nodes become holes (with the node as the part, at times itself
 * described), some holes stand in two places for the same part, some subtrees are shared.
 */
function describe(tree: object, chance: (p: number) => boolean): Framed {
  const parts: Record<string, unknown> = {};
  const byValue = new Map<unknown, Hole>();
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (byValue.has(v) && chance(0.5)) return byValue.get(v);
    if (chance(0.25)) {
      const hole = new Hole(`h${n++}`);
      parts[hole.name] = typeof v === "object" && v !== null && chance(0.5) ? describe(v, chance) : v;
      byValue.set(v, hole);
      return hole;
    }
    if (typeof v !== "object" || v === null) return v;
    if (chance(0.2)) return share(v);
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: walk((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    return out;
  };
  const frame = Array.isArray(tree) ? tree.map(walk) : (walk as (v: object) => object)({ ...tree });
  return new Framed(typeof frame === "object" && frame !== null && !(frame instanceof Hole) ? frame : tree, parts);
}

test("a described object materializes to, and is written as, the object it describes", () => {
  fc.assert(
    fc.property(fc.oneof(fc.dictionary(fc.string(), value).map((d) => ({ ...d })), fc.array(value)), fc.integer(), (tree, seed) => {
      const described = describe(tree, chooser(seed));
      assert.deepEqual(materialize(described), tree);
      // Twice: the second time writes from the compiled frame and the kept texts.
      assert.equal(emitYamlDocument(described), emitYamlDocument(tree));
      assert.equal(emitYamlDocument(described), emitYamlDocument(tree));
      // Nested one level down, at another indentation.
      assert.equal(emitYamlDocument({ at: [described] }), emitYamlDocument({ at: [tree] }));
      // As bytes, the way build writes files (kept texts copied as bytes, not written again).
      const sink = new ByteSink(1);
      writeYamlStream([described, { at: [described] }], sink);
      assert.equal(Buffer.from(sink.view()).toString("utf8"), emitYamlStream([tree, { at: [tree] }]));
    }),
    { numRuns: 400 },
  );
});

test("a hole without its part is a bug, reported as such", () => {
  const framed = new Framed({ a: new Hole("missing") }, {});
  assert.throws(() => materialize(framed), /frame hole "missing" has no part/);
  assert.throws(() => emitYamlDocument(framed), /frame hole "missing" has no part/);
});

test("build's described Applications and NetBird objects are written exactly as the objects plan reads", () => {
  const generated = tempDir("homescale-frames-");
  generatePlatform(generated, { apps: 80, clusters: 6, seed: 7 });
  for (const repo of [generated, CORPUS_REPO, EXAMPLE]) {
    const { model } = checkFolder(repo, process.cwd());
    for (const cluster of model.platform.clusters) {
      const objects = renderApplications(model, viewOf(model, cluster));
      assert.ok(objects.every((o) => !(o instanceof Framed)));
      assert.equal(emitYamlStream(describeApplications(model, viewOf(model, cluster))), emitYamlStream(objects), `${repo}: ${cluster.name}`);
      const network = renderNetworkObjects(indexOf(model), viewOf(model, cluster));
      assert.ok(network.every((o) => !(o instanceof Framed)));
      assert.equal(emitYamlStream(describeNetworkObjects(indexOf(model), viewOf(model, cluster))), emitYamlStream(network), `${repo}: ${cluster.name} network`);
    }
  }
});

test("two models that share parsed files (plan's revisions) each keep one frame per app and spec", () => {
  const dir = tempDir("homescale-frames-shared-");
  generatePlatform(dir, { apps: 40, clusters: 5, seed: 3 });
  const snapshot = readFolder(dir);
  const cache = new ParseCache();
  const base = buildModel(snapshot, { cache }).model;
  const head = buildModel(snapshot, { cache }).model;
  const withBaseSpec = (a: App): Cluster[] => base.platform.clusters.filter((c) => isEnabled(a, c.name) && overridesOnlyValues(a, c.name));
  const app = base.apps.find((a) => a.valid && withBaseSpec(a).length >= 2)!;
  assert.ok(app, "an app on two clusters with the base spec");
  assert.equal(app.raw, head.appByName.get(app.name)!.raw, "the parsed file is shared");
  // Clusters taken in turn from both models, as plan's diff does: the frames must not be rebuilt.
  const frames = new Map<string, Set<object>>();
  for (const cluster of withBaseSpec(app)) {
    for (const [side, model] of [["base", base], ["head", head]] as const) {
      const d = describeApplications(model, viewOf(model, cluster.name)).find((o) => applicationOf(o) === app.name)!;
      if (!frames.has(side)) frames.set(side, new Set());
      frames.get(side)!.add(d.frame);
    }
  }
  assert.equal(frames.get("base")!.size, 1);
  assert.equal(frames.get("head")!.size, 1);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The app a described object is the Application of (undefined for a Namespace). */
function applicationOf(o: Framed): string | undefined {
  const m = materialize(o) as { kind: string; metadata: { labels?: Record<string, string> } };
  return m.kind === "Application" ? m.metadata.labels?.[APP_NAME_KEY] : undefined;
}
