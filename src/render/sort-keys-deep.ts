/**
 * Map keys sorted at every depth, as Helm's toYaml prints them (it goes through Go's encoding/json).
 * The catalog chart passed values, ignoreDifferences and extra sources through toYaml, so sorting
 * here keeps our output in the order people already see in `helm template`. Lists keep their order.
 * (JavaScript objects list integer-like keys first whatever the insertion order, so "10" still comes
 * before "9" here; the output stays deterministic, only that corner differs from Go's order.)
 */
import { compareCodePoints } from "./compare-code-points.js";
import { setOwn } from "../model/deep-merge.js";

export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (typeof v === "object" && v !== null) {
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(src).sort(compareCodePoints)) setOwn(out, k, sortKeysDeep(src[k]));
    return out;
  }
  return v;
}
