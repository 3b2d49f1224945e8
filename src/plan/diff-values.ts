/** Field-level differences between two JSON-like values, with JSON-pointer paths (RFC 6901). */

export interface FieldChange {
  /** JSON pointer from the object's root, e.g. "/spec/source/helm/valuesObject/replicas". */
  path: string;
  /** Absent before (an added field) when undefined. */
  before?: unknown;
  /** Absent after (a removed field) when undefined. */
  after?: unknown;
}

export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Structural equality of JSON-like values; key order does not matter, list order does. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    for (const k of ka) if (!Object.hasOwn(b, k) || !sameValue(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * The leaves that differ. Maps are compared key by key; a list of maps of the same length item by
 * item; any other list, and any change of type, is one change of the whole value (a reviewer reads
 * `syncOptions: [a, b] -> [a, b, c]` better than three index moves).
 */
export function diffValues(before: unknown, after: unknown, path = "", out: FieldChange[] = []): FieldChange[] {
  if (sameValue(before, after)) return out;
  if (isMap(before) && isMap(after)) {
    const keys = [...Object.keys(before)];
    for (const k of Object.keys(after)) if (!Object.hasOwn(before, k)) keys.push(k);
    for (const k of keys) diffValues(before[k], after[k], `${path}/${pointerSegment(k)}`, out);
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && before.some(isMap)) {
    for (let i = 0; i < before.length; i++) diffValues(before[i], after[i], `${path}/${i}`, out);
    return out;
  }
  const c: FieldChange = { path: path === "" ? "/" : path };
  if (before !== undefined) c.before = before;
  if (after !== undefined) c.after = after;
  out.push(c);
  return out;
}

/** A short rendering of a value for one line of a plan. */
export function showValue(v: unknown, max = 80): string {
  if (v === undefined) return "(absent)";
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
