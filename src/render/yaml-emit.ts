/**
 * Our own YAML writer for rendered objects. A general-purpose library decides quoting by its own
 * schema (YAML 1.2 for most), and what it leaves plain a Go reader may take for a boolean, a number
 * or a timestamp; this writer has one fixed style (block, 2 spaces, lists indented under their key,
 * `\n`, multi-line strings as literal blocks) and quotes by yaml-scalar.ts's rules, so the output is
 * byte-for-byte the same on every machine and means the same to YAML 1.1 and 1.2 readers.
 */
import { doubleQuoted, flowString, literalBlock, numberText } from "./yaml-scalar.js";
import { isPlainObject } from "../model/deep-merge.js";

const STEP = 2;
/** YAML limits implicit keys to 1024 characters; longer ones are written as `? key`. */
const MAX_IMPLICIT_KEY = 1000;

/** Documents separated by `---`, each ending in a newline. An empty list gives an empty string. */
export function emitYamlStream(objects: readonly unknown[]): string {
  return objects.map(emitYamlDocument).join("---\n");
}

/** One document. Keys whose value is undefined are left out, as JSON does. */
export function emitYamlDocument(value: unknown): string {
  const out: string[] = [];
  if (isNonEmptyMap(value)) writeMap(value, 0, out);
  else if (isNonEmptyList(value)) writeList(value, 0, out);
  else {
    // A block scalar at the root still gets indented content, so that no line of it can read as
    // `---` or `...`. Readers disagree on what an indentation indicator counts from at the root
    // (the spec says column -1), so content that would need one is double-quoted instead.
    const block = typeof value === "string" ? literalBlock(value, STEP) : undefined;
    if (block && !/[0-9]/.test(block.header)) {
      out.push(block.header);
      pushLines(block.lines, STEP, out);
    } else {
      out.push(inlineValue(value === undefined ? null : value));
    }
  }
  return out.join("\n") + "\n";
}

function writeMap(map: Record<string, unknown>, indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    const k = key.includes("\n") ? doubleQuoted(key) : flowString(key);
    if (k.length <= MAX_IMPLICIT_KEY) {
      writeAfter(`${pad}${k}:`, value, indent, out);
    } else {
      out.push(`${pad}? ${k}`);
      writeAfter(`${pad}:`, value, indent, out);
    }
  }
}

function writeList(list: readonly unknown[], indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  for (const raw of list) {
    const item = raw === undefined ? null : raw;
    if (isNonEmptyMap(item) || isNonEmptyList(item)) {
      // Compact form: the item's first line shares the dash's line (`- name: x`, `- - a`).
      const sub: string[] = [];
      if (isNonEmptyMap(item)) writeMap(item, indent + STEP, sub);
      else writeList(item, indent + STEP, sub);
      sub[0] = `${pad}- ${sub[0]!.slice(indent + STEP)}`;
      out.push(...sub);
    } else {
      writeAfter(`${pad}-`, item, indent, out);
    }
  }
}

/**
 * Writes a value after `head` (a key with its colon, or a dash). `indent` is the column of the key
 * or dash: nested collections and block content go one step right of it.
 */
function writeAfter(head: string, value: unknown, indent: number, out: string[]): void {
  if (isNonEmptyMap(value)) {
    out.push(head);
    writeMap(value, indent + STEP, out);
  } else if (isNonEmptyList(value)) {
    out.push(head);
    writeList(value, indent + STEP, out);
  } else {
    const block = typeof value === "string" ? literalBlock(value, STEP) : undefined;
    if (block) {
      out.push(`${head} ${block.header}`);
      pushLines(block.lines, indent + STEP, out);
    } else {
      out.push(`${head} ${inlineValue(value)}`);
    }
  }
}

function pushLines(lines: readonly string[], indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  for (const line of lines) out.push(line === "" ? "" : pad + line);
}

/** A value that fits on its key's line: a scalar or an empty collection. */
function inlineValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return numberText(v);
  if (typeof v === "string") return v.includes("\n") ? doubleQuoted(v) : flowString(v);
  if (Array.isArray(v)) return "[]";
  if (isPlainObject(v)) return "{}";
  throw new TypeError(`cannot write ${describe(v)} as YAML: only plain objects, arrays, strings, numbers, booleans and null`);
}

function isNonEmptyMap(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && Object.keys(v).some((k) => v[k] !== undefined);
}

function isNonEmptyList(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0;
}

function describe(v: unknown): string {
  if (typeof v === "object" && v !== null) return `a ${(v as object).constructor?.name ?? "object"}`;
  return `a ${typeof v}`;
}
