/**
 * Map keys sorted at every depth, as Helm's toYaml prints them (it goes through Go's encoding/json).
 * The catalog chart passed values, ignoreDifferences and extra sources through toYaml, so sorting
 * here keeps our output in the order people already see in `helm template`. Lists keep their order.
 * (JavaScript objects list integer-like keys first whatever the insertion order, so "10" still comes
 * before "9" here; the output stays deterministic, only that corner differs from Go's order.)
 *
 * The result is shared: the same input tree (an app's values, which every cluster without an
 * override or template there sees as the very same object) gives the very same sorted tree, once
 * sorted. Callers must not mutate what this returns; copy the top level to add a key.
 */
import { sortedKeys } from "../../core/compare-code-points.js";
import { setOwn } from "../../core/own.js";
import { share } from "./shared-tree.js";
import { holdsTemplatedKey } from "../../model/template-values.js";
import { isOverrideTree, markOverrideTree } from "../../model/deep-merge.js";
import { describeValues, renderValues } from "./values.js";
import type { TemplateData } from "../../gotpl/template.js";

const sorted = new WeakMap<object, unknown>();

export function sortKeysDeep(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  const known = sorted.get(v);
  // Asked again for the same tree: it is shared between objects from now on (see shared-tree.ts).
  if (known !== undefined) return share(known as object);
  let out: unknown;
  if (Array.isArray(v)) {
    out = v.map(sortKeysDeep);
  } else {
    const src = v as Record<string, unknown>;
    const map: Record<string, unknown> = {};
    const keys = sortedKeys(src);
    for (let i = 0; i < keys.length; i++) setOwn(map, keys[i]!, sortKeysDeep(src[keys[i]!]));
    out = map;
  }
  // A sorted copy of a tree made for one cluster is one too (values.ts writes it rather than frame it).
  if (isOverrideTree(v)) markOverrideTree(out as object);
  sorted.set(v, out);
  return out;
}

/**
 * Values rendered for a cluster with keys sorted at every depth, sortKeysDeep(renderValues(v)), as
 * a description (model/frame.ts) where the tree allows; materialize() gives the plain tree.
 * Sorting first and rendering the sorted tree gives the same result when no key is a template (only
 * leaf strings change), and sorts each app's tree once instead of once per cluster. A templated key
 * can move or collide with another once rendered, so such trees take the long way. `sorted`:
 * sortKeysDeep(v), when the caller has it.
 */
export function describeSorted(v: unknown, data: TemplateData, sorted: unknown = sortKeysDeep(v)): unknown {
  // Asked of the sorted tree, which describeValues then plans for free (a plan is kept per tree).
  return holdsTemplatedKey(sorted) ? sortKeysDeep(renderValues(v, data)) : describeValues(sorted, data);
}
