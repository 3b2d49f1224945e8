/**
 * A validator that walks the published JSON Schema itself (as TypeBox builds it) next to the value,
 * so the schema editors see and the checks homescale runs cannot drift apart. It reports each
 * problem at the offending node, at most once per node, with a hint where one helps.
 */
import type { TSchema } from "@sinclair/typebox";
import type { Code } from "../diag/codes.js";
import type { Finding, PathSegment } from "../diag/diagnostic.js";
import { closest } from "../diag/suggest.js";
import { yaml11Trap } from "../parse/yaml11-traps.js";
import { codeOf, explainOf, nounOf } from "./annotate.js";

type Json = Record<string, unknown>;

export interface ValidateOptions {
  file: string;
  /** Path of the value inside the file (empty for a whole document). */
  at?: PathSegment[];
  /** Special codes for unknown keys at given places (a netbird: block under clusters.<name>). */
  unknownKey?: (path: readonly PathSegment[], key: string) => Finding | undefined;
}

export function validate(schema: TSchema, value: unknown, opts: ValidateOptions): Finding[] {
  const out: Finding[] = [];
  walk(schema as unknown as Json, value, opts.at ?? [], opts, out);
  return out;
}

export function showPath(path: readonly PathSegment[]): string {
  let s = "";
  for (const seg of path) {
    if (typeof seg === "number") s += `[${seg}]`;
    else s += s === "" ? seg : `.${seg}`;
  }
  return s === "" ? "the document" : s;
}

/**
 * Walks a value next to its schema. `path` is one array for the whole walk, extended and shortened
 * in place (every node of every app file passes here); a finding copies it.
 */
function walk(schema: Json, value: unknown, path: PathSegment[], opts: ValidateOptions, out: Finding[]): void {
  const code = codeOf(schema as unknown as TSchema);
  const noun = nounOf(schema as unknown as TSchema);

  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf as Json[];
    const consts = options.filter((o) => "const" in o).map((o) => o.const);
    if (consts.length === options.length) {
      if (!consts.includes(value as never)) {
        const allowed = consts.map(String);
        const guess = typeof value === "string" ? closest(value, allowed) : undefined;
        report(
          out,
          opts,
          path,
          code ?? "HS023",
          `${showPath(path)} must be one of ${allowed.join(", ")}, not ${describe(value)}`,
          guess !== undefined ? `did you mean ${guess}?` : undefined,
        );
      }
      return;
    }
    // A general union: valid when any branch is; otherwise report against the branch of the
    // value's own type (a list against the list branch), else the first.
    for (const o of options) if (validate(o as unknown as TSchema, value, { file: opts.file, at: path }).length === 0) return;
    walk(options.find((o) => typeof o.type === "string" && hasType(o.type, value)) ?? options[0]!, value, path, opts, out);
    return;
  }

  if ("const" in schema) {
    if (value !== schema.const) {
      report(out, opts, path, code ?? "HS026", `${showPath(path)} must be ${JSON.stringify(schema.const)}, not ${describe(value)}`);
    }
    return;
  }

  const type = schema.type as string | undefined;
  if (type === undefined) return; // Unknown: anything goes

  if (!hasType(type, value)) {
    report(out, opts, path, code ?? (type === "integer" && typeof value === "number" ? "HS027" : "HS021"), typeMessage(path, type, value, noun), typeHint(type, value, noun));
    return;
  }

  switch (type) {
    case "object":
      walkObject(schema, value as Record<string, unknown>, path, opts, out);
      return;
    case "array": {
      const arr = value as unknown[];
      if (typeof schema.minItems === "number" && arr.length < schema.minItems) {
        report(out, opts, path, code ?? "HS027", `${showPath(path)} must hold at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}`);
      }
      const items = schema.items as Json | undefined;
      if (items) {
        for (let i = 0; i < arr.length; i++) {
          path.push(i);
          walk(items, arr[i], path, opts, out);
          path.pop();
        }
      }
      return;
    }
    case "string": {
      const s = value as string;
      if (typeof schema.minLength === "number" && s.length < schema.minLength) {
        // Empty is its own problem, whatever format the field has.
        report(out, opts, path, "HS027", `${showPath(path)} must not be empty`, "write a value, or leave the field out to get its default");
      } else if (typeof schema.pattern === "string" && !patternOf(schema.pattern).test(s)) {
        const explain = explainOf(schema as unknown as TSchema);
        report(out, opts, path, code ?? "HS027", `${showPath(path)} must be ${noun ?? `text matching ${schema.pattern}`}, not ${describe(value)}`, explain?.(s));
      }
      return;
    }
    case "integer":
    case "number": {
      const n = value as number;
      if (type === "integer" && !Number.isSafeInteger(n)) {
        // Past 2^53 a double no longer holds every integer: the value written would not be the one
        // read, and Go's int (sync waves) or JSON readers would get 1e+30 or a rounded number.
        report(
          out,
          opts,
          path,
          "HS030",
          `${showPath(path)} reads as ${n}, beyond ${Number.MAX_SAFE_INTEGER} (2^53 - 1), where integers lose precision: it would not be written as the number given`,
          `use an integer from ${-Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}${schema.maximum !== undefined ? `, here at most ${schema.maximum as number}` : ""}`,
        );
        return;
      }
      const min = schema.minimum as number | undefined;
      const max = schema.maximum as number | undefined;
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        const range = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
        report(out, opts, path, code ?? "HS027", `${showPath(path)} must be ${noun !== undefined ? `${noun}, ` : ""}${range}, not ${n}`, `use a number ${range}`);
      }
      return;
    }
    default:
      return;
  }
}

/** What an object schema says about its fields. */
interface Fields {
  props: Record<string, Json>;
  required: readonly string[];
  patterns: Record<string, Json> | undefined;
  additional: boolean | Json | undefined;
}

function walkObject(schema: Json, obj: Record<string, unknown>, path: PathSegment[], opts: ValidateOptions, out: Finding[]): void {
  const fields: Fields = {
    props: (schema.properties ?? {}) as Record<string, Json>,
    required: (schema.required ?? []) as string[],
    patterns: schema.patternProperties as Record<string, Json> | undefined,
    additional: schema.additionalProperties as boolean | Json | undefined,
  };

  for (const name of fields.required) {
    if (!Object.hasOwn(obj, name) || obj[name] === undefined) {
      out.push({
        code: "HS022",
        severity: "error",
        message: `missing required field ${name}${path.length ? ` in ${showPath(path)}` : ""}`,
        hint: requiredHint(name, path),
        where: { file: opts.file, path: [...path], key: path.length > 0 },
      });
    }
  }
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    path.push(key);
    walkField(obj[key], key, path, fields, opts, out);
    path.pop();
  }
}

/** One field of a mapping; `path` ends with its key. */
function walkField(v: unknown, key: string, path: PathSegment[], { props, required, patterns, additional }: Fields, opts: ValidateOptions, out: Finding[]): void {
  // Own properties only: a YAML key named constructor or __proto__ is an unknown field, not Object's.
  const ps = Object.hasOwn(props, key) ? props[key] : undefined;
  if (ps) {
    // An empty optional field (`values:` with nothing under it) means absent.
    if (v === null && !required.includes(key)) return;
    return walk(ps, v, path, opts, out);
  }
  if (patterns) {
    const sub = Object.entries(patterns).find(([re]) => patternOf(re).test(key));
    if (sub) return walk(sub[1], v, path, opts, out);
  }
  if (additional === undefined || additional === true) return;
  if (typeof additional === "object") return walk(additional, v, path, opts, out);
  const parent = path.slice(0, -1);
  const special = opts.unknownKey?.(parent, key);
  if (special) {
    out.push(special);
    return;
  }
  const names = Object.keys(props);
  const guess = closest(key, names);
  out.push({
    code: "HS020",
    severity: "error",
    message: `unknown field ${key}${parent.length ? ` in ${showPath(parent)}` : ""}`,
    hint: guess !== undefined ? `did you mean ${guess}?` : names.length ? `known fields: ${names.join(", ")}` : undefined,
    where: { file: opts.file, path: [...path], key: true },
  } as Finding);
}

function report(out: Finding[], opts: ValidateOptions, path: readonly PathSegment[], code: Code, message: string, hint?: string): void {
  const f: Finding = { code, severity: "error", message, where: { file: opts.file, path: [...path], key: false } };
  if (hint !== undefined) f.hint = hint;
  out.push(f);
}

/** Schema patterns compiled once each. */
const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source)));
  return re;
}

/** A plain mapping; `!!binary` data (a Uint8Array) and other class instances are not. */
function isMapping(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function hasType(type: string, v: unknown): boolean {
  switch (type) {
    case "object":
      return isMapping(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return typeof v === "boolean";
    case "null":
      return v === null;
    default:
      return true;
  }
}

const article: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
};

function typeMessage(path: readonly PathSegment[], type: string, v: unknown, noun?: string): string {
  return `${showPath(path)} must be ${noun ?? article[type] ?? type}, not ${describe(v)}`;
}

function typeHint(type: string, v: unknown, noun?: string): string | undefined {
  if (type === "boolean" && typeof v === "string") {
    if (v === "true" || v === "false") return `write ${v} without quotes`;
    // yes/no/on/off: a boolean to YAML 1.1 readers, a string to YAML 1.2 (and to this schema).
    const trap = yaml11Trap(v);
    if (trap?.code === "HS008") return `write ${trap.reads.endsWith("true") ? "true" : "false"}; YAML 1.2 reads ${v} as a string`;
    const g = closest(v, ["true", "false"]);
    return g !== undefined ? `did you mean ${g}?` : "write true or false";
  }
  if ((type === "integer" || type === "number") && typeof v === "string" && /^[-+]?\d+(\.\d+)?$/.test(v.trim())) {
    return Number.isInteger(Number(v)) || type === "number" ? `write ${v.trim()} without quotes` : "use a whole number";
  }
  if (type === "integer" && typeof v === "number") return `use a whole number, such as ${Math.round(v)}`;
  if (type === "string" && (typeof v === "number" || typeof v === "boolean")) return `quote it: "${String(v)}"`;
  if (type === "array" && (typeof v === "string" || typeof v === "number")) return `write a list: [${JSON.stringify(v)}]`;
  return undefined;
}

function requiredHint(name: string, path: readonly PathSegment[]): string | undefined {
  if (path.length === 0 && name === "path") return "add path: apps/<folder>, the app's chart";
  if (path.length === 0 && name === "namespace") return "add namespace: <name>, where the app deploys";
  return undefined;
}

export function describe(v: unknown): string {
  if (v === null) return "null (an empty value)";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "boolean") return `${v}`;
  if (Array.isArray(v)) return "a list";
  if (ArrayBuffer.isView(v)) return "binary data";
  if (typeof v === "object") return "a mapping";
  return String(v);
}
