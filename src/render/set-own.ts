/**
 * out[key] = value, except that a key named "__proto__" (legal in YAML, and so in values) becomes
 * an own property instead of replacing the object's prototype.
 */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
