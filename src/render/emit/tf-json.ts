/**
 * Terraform JSON (`*.tf.json`) documents: a small builder, resource names, references, literal
 * escaping and a deterministic writer. Pure: no disk, no clock.
 *
 * Terraform JSON rules that matter here (hashicorp/hcl json/spec.md):
 * - every JSON string is a template, so text taken from the repository goes through `lit`
 *   (`${` -> `$${`, `%{` -> `%%{`);
 * - a nested *block* (netbird `rule`) is an array of objects; a nested *attribute* (all of
 *   Cloudflare v5, the netbird reverse proxy) is an ordinary JSON value.
 */

import { setOwn } from "../../core/own.js";
import { compareCodePoints } from "../../core/compare-code-points.js";
import { sortKeysDeep } from "../describe/sort-keys-deep.js";

export { compareCodePoints };

export type TfValue = string | number | boolean | null | TfValue[] | { [key: string]: TfValue };
export type TfBody = { [key: string]: TfValue };

export interface TfProvider {
  source: string;
  version: string;
}

/** A Terraform JSON document: one file of a module. */
export interface TfJson {
  terraform?: { required_providers: Record<string, TfProvider> };
  variable?: Record<string, TfBody>;
  data?: Record<string, Record<string, TfBody>>;
  resource?: Record<string, Record<string, TfBody>>;
  output?: Record<string, TfBody>;
}

/**
 * A Terraform name (resource, data, variable, output): letters, digits, '_' and '-', not starting
 * with a digit. Dots become '_', anything else outside the set too; a leading digit gets a '_'.
 */
export function tfName(s: string): string {
  let out = s.replace(/[^A-Za-z0-9_-]/g, "_");
  if (out === "") out = "_";
  if (/^[0-9-]/.test(out)) out = `_${out}`;
  return out;
}

export const TF_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A string from the repository, as a literal: Terraform must not read it as a template. */
export function lit(s: string): string {
  return s.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** `${<type>.<name>.<attr>}` */
export function ref(type: string, name: string, attr = "id"): string {
  return `\${${type}.${name}.${attr}}`;
}

/** `${data.<type>.<name>.<attr>}` */
export function dataRef(type: string, name: string, attr = "id"): string {
  return `\${data.${type}.${name}.${attr}}`;
}

/** `${var.<name>}` */
export function varRef(name: string): string {
  return `\${var.${name}}`;
}

/** `${var.<name>["<key>"]}`: one entry of a map variable. */
export function varIndexRef(name: string, key: string): string {
  return `\${var.${name}[${hclString(key)}]}`;
}

/** A quoted HCL string inside a template expression. */
export function hclString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{")}"`;
}

/** Every `${...}` reference in a value: `netbird_group.app-x.id`, `data.netbird_group.All.id`, `var.x[...]`. */
export function referencesIn(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") {
    // `$${` is an escaped literal, not a reference.
    const re = /(\$?)\$\{([^}]*)\}/g;
    for (let m = re.exec(v); m !== null; m = re.exec(v)) if (m[1] === "") out.push(m[2]!.trim());
  } else if (Array.isArray(v)) {
    for (const x of v) referencesIn(x, out);
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      referencesIn(k, out);
      referencesIn(x, out);
    }
  }
  return out;
}

/** Hands out unique Terraform names per block type: the same input always yields the same names. */
export class NameTable {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  /**
   * The Terraform name for `id` (an object's own name), made valid and unique: the first id to ask
   * for a name gets it, a later one that maps to the same name gets `-2`, `-3`, ... `spelled` is
   * how to spell the id when that is not the id itself.
   */
  name(id: string, spelled: string = id): string {
    const known = this.byKey.get(id);
    if (known !== undefined) return known;
    const base = tfName(spelled);
    let n = base;
    for (let i = 2; this.used.has(n); i++) n = `${base}-${i}`;
    this.used.add(n);
    this.byKey.set(id, n);
    return n;
  }

  has(id: string): boolean {
    return this.byKey.has(id);
  }
}

/** Builds one document; adding the same block twice is a bug in the renderer and throws. */
export class TfDoc {
  private readonly doc: TfJson = {};

  resource(type: string, name: string, body: TfBody): string {
    this.put((this.doc.resource ??= {}), type, name, body, "resource");
    return name;
  }

  data(type: string, name: string, body: TfBody): string {
    this.put((this.doc.data ??= {}), type, name, body, "data");
    return name;
  }

  hasResource(type: string, name: string): boolean {
    return hasOwn(this.doc.resource, type) && hasOwn(this.doc.resource![type], name);
  }

  hasData(type: string, name: string): boolean {
    return hasOwn(this.doc.data, type) && hasOwn(this.doc.data![type], name);
  }

  variable(name: string, body: TfBody): void {
    const vars = (this.doc.variable ??= {});
    if (hasOwn(vars, name)) throw new Error(`terraform: variable ${name} declared twice`);
    setOwn(vars, name, body);
  }

  output(name: string, body: TfBody): void {
    const outs = (this.doc.output ??= {});
    if (hasOwn(outs, name)) throw new Error(`terraform: output ${name} declared twice`);
    setOwn(outs, name, body);
  }

  toJSON(): TfJson {
    return this.doc;
  }

  private put(section: Record<string, Record<string, TfBody>>, type: string, name: string, body: TfBody, what: string): void {
    if (!TF_NAME.test(name)) throw new Error(`terraform: invalid ${what} name ${type}.${name}`);
    if (!hasOwn(section, type)) setOwn(section, type, {});
    const blocks = section[type]!;
    if (hasOwn(blocks, name)) throw new Error(`terraform: ${what} ${type}.${name} declared twice`);
    setOwn(blocks, name, body);
  }
}

/** True when a document declares anything besides its providers. */
export function hasBlocks(doc: TfJson): boolean {
  return [doc.resource, doc.data, doc.variable, doc.output].some((s) => s !== undefined && Object.keys(s).length > 0);
}

/**
 * The file text: 2-space indent, object keys sorted by code point (no key order in Terraform JSON
 * carries meaning), arrays in source order (ingress rules, ports, sources do), `\n` line endings,
 * a final newline. Undefined members are dropped.
 */
export function writeTfJson(doc: TfJson): string {
  // JSON.stringify drops the undefined members that sortKeysDeep keeps.
  return `${JSON.stringify(sortKeysDeep(doc), null, 2)}\n`;
}

export function hasOwn(obj: object | undefined, key: string): boolean {
  return obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key);
}

