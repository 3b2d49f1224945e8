/**
 * Our own YAML writer for rendered objects. A general-purpose library decides quoting by its own
 * schema (YAML 1.2 for most), and what it leaves plain a Go reader may take for a boolean, a number
 * or a timestamp; this writer has one fixed style (block, 2 spaces, lists indented under their key,
 * `\n`, multi-line strings as literal blocks) and quotes by yaml-scalar.ts's rules, so the output is
 * byte-for-byte the same on every machine and means the same to YAML 1.1 and 1.2 readers.
 *
 * Pieces are pushed to one array and joined once per document, or written straight into a byte
 * sink (byte-sink.ts, what build writes files with). A block is written without the indentation of
 * its first line: the caller puts either spaces or `- ` there, which is how a list item shares the
 * dash's line without the text being cut apart again. The text of a shared tree (shared-tree.ts)
 * and of a frame (frame.ts) is kept per indentation and reused, as bytes too once a sink asks:
 * values that are the same on twenty clusters are written once.
 */
import { doubleQuoted, flowString, literalBlock, numberText } from "./yaml-scalar.js";
import { isPlainObject } from "../model/deep-merge.js";
import { isShared } from "../model/shared-tree.js";
import { Framed, Hole, materialize, partFor } from "../model/frame.js";
import { ByteSink } from "./byte-sink.js";

const STEP = 2;
/** YAML limits implicit keys to 1024 characters; longer ones are written as `? key`. */
const MAX_IMPLICIT_KEY = 1000;

/**
 * Documents separated by `---`, each ending in a newline. An empty list gives an empty string.
 * Each document is joined on its own: one array of pieces for a whole 10 MB file grows past what
 * the young generation holds, and copying it as it grows cost more than writing the YAML.
 */
export function emitYamlStream(objects: readonly unknown[]): string {
  return objects.map(emitYamlDocument).join("---\n");
}

/** One document. Keys whose value is undefined are left out, as JSON does. */
export function emitYamlDocument(value: unknown): string {
  const out: string[] = [];
  writeDocument(value, out);
  return out.join("");
}

/** emitYamlStream's text, appended to a byte sink as UTF-8. */
export function writeYamlStream(objects: readonly unknown[], sink: ByteSink): void {
  for (let i = 0; i < objects.length; i++) {
    if (i > 0) sink.push("---\n");
    writeDocument(objects[i], sink);
  }
}

/** Where pieces go: an array joined later, or a byte sink. */
type Out = string[] | ByteSink;

/** Text the writer keeps and writes again; encoded once, the first time it goes to a byte sink. */
interface Kept {
  readonly text: string;
  bytes?: Uint8Array;
}

function pushKept(kept: Kept, out: Out): void {
  if (out instanceof ByteSink) out.bytes((kept.bytes ??= Buffer.from(kept.text, "utf8")));
  else out.push(kept.text);
}

/**
 * A hole met while writing a frame (model/frame.ts): what stood before it on its line (a key and
 * colon, a list item's dash or the indentation before it) and its indentation, so that the part is
 * written exactly where writing the materialized object would have put it.
 */
interface Slot {
  hole: Hole;
  head: string;
  indent: number;
  item: boolean;
}

type Program = (Kept | Slot)[];

/** What compiling a frame collects: the text pieces, and a slot at each hole. */
type Pieces = (string | Slot)[];

/** A frame's text per indentation: runs of text, and slots between them. */
const programs = new WeakMap<object, Map<number, Program>>();

/**
 * A described object's collection body at `indent` (like writeMap or writeList, which see): the
 * frame's text, written once, with each part written in its slot by the same code that writes any
 * value. A frame is a non-empty map or list (described() checks before calling).
 */
function writeFramed(framed: Framed, indent: number, out: Out): void {
  let byIndent = programs.get(framed.frame);
  let program = byIndent?.get(indent);
  if (program === undefined) {
    program = compileFrame(framed.frame, indent);
    if (!byIndent) programs.set(framed.frame, (byIndent = new Map()));
    byIndent.set(indent, program);
  }
  const parts = framed.parts;
  for (const p of program) {
    if (!isSlot(p)) pushKept(p, out);
    else if (p.item) writeItem(p.head, partFor(p.hole, parts), p.indent, out);
    else writeAfter(p.head, partFor(p.hole, parts), p.indent, out);
  }
}

function isSlot(p: Kept | Slot): p is Slot {
  return (p as Slot).hole !== undefined;
}

function compileFrame(frame: object, indent: number): Program {
  const pieces: Pieces = [];
  if (Array.isArray(frame)) listBody(frame, indent, pieces as string[]);
  else mapBody(frame as Record<string, unknown>, indent, pieces as string[]);
  // Each run is joined into one flat string: a run built with `+=` would be a rope, which every
  // later join walks piece by piece again.
  const program: Program = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > 0) program.push({ text: run.join("") });
    run = [];
  };
  for (const p of pieces) {
    if (typeof p === "string") run.push(p);
    else {
      flush();
      program.push(p);
    }
  }
  flush();
  return program;
}

/** True when a described value is a non-empty collection, as its materialized object then is. */
function described(framed: Framed): boolean {
  return isNonEmptyList(framed.frame) || isNonEmptyMap(framed.frame);
}

function writeDocument(value: unknown, out: Out): void {
  if (value instanceof Framed) {
    if (described(value)) return writeFramed(value, 0, out);
    value = materialize(value);
  }
  if (isNonEmptyMap(value)) return writeMap(value, 0, out);
  if (isNonEmptyList(value)) return writeList(value, 0, out);
  // A block scalar at the root still gets indented content, so that no line of it can read as
  // `---` or `...`. Readers disagree on what an indentation indicator counts from at the root
  // (the spec says column -1), so content that would need one is double-quoted instead.
  const block = typeof value === "string" ? literalBlock(value, STEP) : undefined;
  if (block && !/[0-9]/.test(block.header)) {
    out.push(`${block.header}\n`);
    writeLines(block.lines, STEP, out);
  } else {
    out.push(`${inlineValue(value === undefined ? null : value)}\n`);
  }
}

/** Texts of shared trees by indentation (a tree is almost always written at one indentation). */
const keptText = new WeakMap<object, Map<number, Kept>>();

/**
 * Writes a collection through `write`, or the text kept from writing the same shared tree at the
 * same indentation before. Only shared trees are kept: anything else is written once per object.
 */
function writeKept<T extends object>(tree: T, indent: number, out: Out, write: (tree: T, indent: number, out: Out) => void): void {
  if (!isShared(tree)) return write(tree, indent, out);
  // (A frame's holes are never inside a shared tree: a frame is built for its object, never shared.)
  let byIndent = keptText.get(tree);
  let kept = byIndent?.get(indent);
  if (kept === undefined) {
    const own: string[] = [];
    write(tree, indent, own);
    kept = { text: own.join("") };
    if (!byIndent) keptText.set(tree, (byIndent = new Map()));
    byIndent.set(indent, kept);
  }
  pushKept(kept, out);
}

function writeMap(map: Record<string, unknown>, indent: number, out: Out): void {
  writeKept(map, indent, out, mapBody);
}

function writeList(list: readonly unknown[], indent: number, out: Out): void {
  writeKept(list, indent, out, listBody);
}

/** A map's lines, all but the first indented by `indent`; every line ends in a newline. */
function mapBody(map: Record<string, unknown>, indent: number, out: Out): void {
  const pad = spaces(indent);
  let lead = "";
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    const k = key.includes("\n") ? doubleQuoted(key) : flowString(key);
    if (k.length <= MAX_IMPLICIT_KEY) {
      writeAfter(`${lead}${k}:`, value, indent, out);
    } else {
      out.push(`${lead}? ${k}\n`);
      writeAfter(`${pad}:`, value, indent, out);
    }
    lead = pad;
  }
}

/** A list's lines, all but the first indented by `indent`. */
function listBody(list: readonly unknown[], indent: number, out: Out): void {
  const pad = spaces(indent);
  let lead = "";
  for (const raw of list) {
    writeItem(lead, raw === undefined ? null : raw, indent, out);
    lead = pad;
  }
}

/** One list item after `lead` (the indentation, or nothing on the first line). */
function writeItem(lead: string, item: unknown, indent: number, out: Out): void {
  // Compact form: a collection item's first line shares the dash's line (`- name: x`, `- - a`).
  if (isNonEmptyMap(item)) {
    out.push(`${lead}- `);
    writeMap(item, indent + STEP, out);
  } else if (isNonEmptyList(item)) {
    out.push(`${lead}- `);
    writeList(item, indent + STEP, out);
  } else if (item instanceof Hole) {
    // Only while compiling a frame (writeFramed): the part is written here for each object.
    (out as Pieces).push({ hole: item, head: lead, indent, item: true });
  } else if (item instanceof Framed) {
    if (described(item)) {
      out.push(`${lead}- `);
      writeFramed(item, indent + STEP, out);
    } else {
      writeItem(lead, materialize(item), indent, out);
    }
  } else {
    writeAfter(`${lead}-`, item, indent, out);
  }
}

/**
 * Writes a value after `head` (a key with its colon, or a dash, already indented). `indent` is the
 * column of the key or dash: nested collections and block content go one step right of it.
 */
function writeAfter(head: string, value: unknown, indent: number, out: Out): void {
  if (isNonEmptyMap(value)) {
    out.push(`${head}\n${spaces(indent + STEP)}`);
    writeMap(value, indent + STEP, out);
  } else if (isNonEmptyList(value)) {
    out.push(`${head}\n${spaces(indent + STEP)}`);
    writeList(value, indent + STEP, out);
  } else {
    const block = typeof value === "string" ? literalBlock(value, STEP) : undefined;
    if (block) {
      out.push(`${head} ${block.header}\n`);
      writeLines(block.lines, indent + STEP, out);
    } else if (value instanceof Hole) {
      // Only while compiling a frame (writeFramed): the part is written here for each object.
      (out as Pieces).push({ hole: value, head, indent, item: false });
    } else if (value instanceof Framed) {
      if (described(value)) {
        out.push(`${head}\n${spaces(indent + STEP)}`);
        writeFramed(value, indent + STEP, out);
      } else {
        writeAfter(head, materialize(value), indent, out);
      }
    } else {
      out.push(`${head} ${inlineValue(value)}\n`);
    }
  }
}

function writeLines(lines: readonly string[], indent: number, out: Out): void {
  const pad = spaces(indent);
  for (const line of lines) out.push(line === "" ? "\n" : `${pad}${line}\n`);
}

const padCache: string[] = [];
function spaces(n: number): string {
  return (padCache[n] ??= " ".repeat(n));
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
  if (!isPlainObject(v)) return false;
  for (const k in v) if (Object.hasOwn(v, k) && v[k] !== undefined) return true;
  return false;
}

function isNonEmptyList(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0;
}

function describe(v: unknown): string {
  if (typeof v === "object" && v !== null) return `a ${(v as object).constructor?.name ?? "object"}`;
  return `a ${typeof v}`;
}
