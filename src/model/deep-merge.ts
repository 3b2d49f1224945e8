/**
 * DESIGN.md's merge: maps merge key by key; any other value (lists, scalars, null, false, 0, "")
 * replaces. Inputs are never mutated; untouched subtrees are shared, not copied.
 */
import { isPlainObject, own, setOwn, type PlainObject } from "../core/own.js";


export type { PlainObject };

export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return overrideTree(over);
  const out: PlainObject = { ...base };
  overrideTrees.add(out);
  for (const key of Object.keys(over)) {
    const b = own(out, key);
    const o = over[key];
    setOwn(out, key, isPlainObject(b) && isPlainObject(o) ? deepMerge(b, o) : overrideTree(o));
  }
  return out;
}

/**
 * The collections a merge made, and those it took from the override: on a per-cluster override,
 * trees that exist for that cluster only, where everything else is the base's own objects. The
 * renderers write such a tree as it is rather than keep a frame of it (render/describe/values.ts).
 */
const overrideTrees = new WeakSet<object>();

function overrideTree<T>(v: T): T {
  if (typeof v === "object" && v !== null) overrideTrees.add(v);
  return v;
}

export function isOverrideTree(v: object): boolean {
  return overrideTrees.has(v);
}

/** Marks a copy of an override's tree (a sorted one) as one too. */
export function markOverrideTree<T extends object>(copy: T): T {
  overrideTrees.add(copy);
  return copy;
}

/** Follows a path of keys; undefined when any step is missing or not a map. */
export function dig(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const k of path) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}
