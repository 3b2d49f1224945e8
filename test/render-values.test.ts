/**
 * Templated value trees as build writes them (render/describe/values.ts, render/describe/sort-keys-deep.ts):
 * sorted once per tree, planned once, evaluated per cluster into a frame. Whatever path a tree
 * takes (a templated key sends it the long way), it must come out as the plain rule says: every
 * template evaluated, then keys sorted at every depth.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { materialize } from "../src/render/describe/frame.js";
import { renderValues } from "../src/render/describe/values.js";
import type { TemplateData } from "../src/gotpl/template.js";
import { describeSorted, sortKeysDeep } from "../src/render/describe/sort-keys-deep.js";
import { emitYamlDocument } from "../src/render/emit/yaml-emit.js";

const data: TemplateData = { Values: { cluster: { name: "lon1-dev", region: "lon1" }, domain: "example.com" } };

/** Random text that is not a (likely broken) template: check rejects those before render sees them. */
const text = fc.string().filter((s) => !s.includes("{{"));
const scalar = fc.oneof(
  fc.constantFrom("{{ .Values.cluster.name }}", "x-{{ .Values.cluster.region }}-y", "{{ .Values.domain }}", "plain", "", "yes"),
  text,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(fc.constantFrom("a", "b", "z", "10", "9", "name", "__proto__", "{{ .Values.cluster.name }}"), text);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("tree"), { maxLength: 4 }),
  map: fc.array(fc.tuple(key, tie("tree")), { maxLength: 5 }).map((entries) => {
    const m: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
    return m;
  }),
}));

test("a templated tree described sorted is the sorted rendering, as data and as YAML", () => {
  fc.assert(
    fc.property(fc.dictionary(key, tree).map((d) => ({ ...d })), (values) => {
      const want = sortKeysDeep(renderValues(values, data));
      const described = describeSorted(values, data);
      assert.deepEqual(materialize(described), want);
      assert.equal(emitYamlDocument(described), emitYamlDocument(want));
      // Again: the second time the tree's sorted copy, plan and frame are the kept ones.
      assert.equal(emitYamlDocument(describeSorted(values, data)), emitYamlDocument(want));
    }),
    { numRuns: 400 },
  );
});
