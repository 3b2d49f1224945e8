/**
 * Validates an object against a CRD's openAPIV3Schema (../shared/schemas/crds, see its README) the
 * way the API server's structural schema does: types, required fields, enums, patterns, lengths and
 * bounds, one-of/any-of/all-of, and unknown fields as errors unless the schema preserves them.
 * CEL rules (x-kubernetes-validations) are not run: the tests check the few that matter by hand.
 */
import fs from "node:fs";
import path from "node:path";

type Schema = Record<string, any>;

export function loadCrdSchema(dir: string, apiVersion: string, kind: string): Schema | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const file = path.join(dir, group!, `${kind}-${version}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Schema) : undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function typeOk(type: string, v: unknown, s: Schema): boolean {
  if (s["x-kubernetes-int-or-string"] === true) return typeof v === "string" || Number.isInteger(v);
  switch (type) {
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    default:
      return true;
  }
}

/** Every violation, as `path: what`; empty when the value is valid. */
export function validateCrd(schema: Schema, value: unknown, at = ""): string[] {
  const out: string[] = [];
  walk(schema, value, at, out);
  return out;
}

function walk(s: Schema, v: unknown, at: string, out: string[]): void {
  if (v === null && s.nullable === true) return;
  for (const sub of s.allOf ?? []) walk(sub, v, at, out);
  if (s.anyOf) {
    const ok = (s.anyOf as Schema[]).some((b) => validateCrd({ ...b, ...(b.type ? {} : { type: s.type }) }, v, at).length === 0);
    if (!ok) out.push(`${at}: matches none of anyOf`);
  }
  if (s.oneOf) {
    const n = (s.oneOf as Schema[]).filter((b) => validateCrd(b, v, at).length === 0).length;
    if (n !== 1) out.push(`${at}: matches ${n} of oneOf`);
  }
  if (s.not && validateCrd(s.not, v, at).length === 0) out.push(`${at}: matches "not"`);
  if (typeof s.type === "string" && !typeOk(s.type, v, s)) {
    out.push(`${at}: not ${s.type} (${JSON.stringify(v)})`);
    return;
  }
  if (s.enum && !(s.enum as unknown[]).includes(v)) out.push(`${at}: ${JSON.stringify(v)} not in ${JSON.stringify(s.enum)}`);
  if (typeof v === "string") {
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v)) out.push(`${at}: ${JSON.stringify(v)} does not match ${s.pattern}`);
    if (typeof s.minLength === "number" && v.length < s.minLength) out.push(`${at}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === "number" && v.length > s.maxLength) out.push(`${at}: longer than ${s.maxLength}`);
    if (s.format === "ipv4" && !IPV4.test(v)) out.push(`${at}: not an IPv4 address`);
  }
  if (typeof v === "number") {
    if (typeof s.minimum === "number" && v < s.minimum) out.push(`${at}: below ${s.minimum}`);
    if (typeof s.maximum === "number" && v > s.maximum) out.push(`${at}: above ${s.maximum}`);
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === "number" && v.length < s.minItems) out.push(`${at}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === "number" && v.length > s.maxItems) out.push(`${at}: more than ${s.maxItems} items`);
    if (s.items) v.forEach((x, i) => walk(s.items, x, `${at}[${i}]`, out));
  }
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) out.push(`${at}.${r}: required`);
    if (typeof s.maxProperties === "number" && Object.keys(o).length > s.maxProperties) out.push(`${at}: more than ${s.maxProperties} properties`);
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) walk(props[k], x, `${at}.${k}`, out);
      else if (typeof s.additionalProperties === "object") walk(s.additionalProperties, x, `${at}.${k}`, out);
      else if (s.additionalProperties === true || s["x-kubernetes-preserve-unknown-fields"] === true) continue;
      else if (s.properties || s.additionalProperties === false) out.push(`${at}.${k}: unknown field`);
    }
  }
}
