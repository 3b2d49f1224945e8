/**
 * Own properties of parsed YAML mappings: a key such as `__proto__` or `constructor` is data, never
 * the prototype. Every layer that reads or builds such objects uses these.
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


/** A shallow copy without the named keys. */
export function omit(obj: PlainObject, ...keys: string[]): PlainObject {
  const out: PlainObject = {};
  for (const k of Object.keys(obj)) if (!keys.includes(k)) setOwn(out, k, obj[k]);
  return out;
}

