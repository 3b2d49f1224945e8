/**
 * DESIGN.md's merge: maps merge key by key; any other value (lists, scalars, null, false, 0, "")
 * replaces. Inputs are never mutated; untouched subtrees are shared, not copied.
 */
export type PlainObject = Record<string, unknown>;

/** A mapping as YAML loaders build it: not a list, and not binary data (`!!binary`) or another class. */
export function isPlainObject(v: unknown): v is PlainObject {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The own value of a key: a YAML key such as `constructor` or `__proto__` never reads the prototype. */
export function own(obj: PlainObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets an own property; plain assignment of `__proto__` would replace the prototype instead. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

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

/** A shallow copy without the named keys. */
export function omit(obj: PlainObject, ...keys: string[]): PlainObject {
  const out: PlainObject = {};
  for (const k of Object.keys(obj)) if (!keys.includes(k)) setOwn(out, k, obj[k]);
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
