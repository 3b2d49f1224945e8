/**
 * DESIGN.md's merge: maps merge key by key; any other value (lists, scalars, null, false, 0, "")
 * replaces. Inputs are never mutated; untouched subtrees are shared, not copied.
 */
import { isPlainObject, own, setOwn, type PlainObject } from "../core/own.js";


export type { PlainObject };

export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: PlainObject = { ...base };
  for (const key of Object.keys(over)) {
    const b = own(out, key);
    const o = over[key];
    setOwn(out, key, isPlainObject(b) && isPlainObject(o) ? deepMerge(b, o) : o);
  }
  return out;
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
