/**
 * Our own YAML writer for rendered objects. A general-purpose library decides quoting by its own
 * schema (YAML 1.2 for most), and what it leaves plain a Go reader may take for a boolean, a number
 * or a timestamp; this writer has one fixed style (block, 2 spaces, lists indented under their key,
 * `\n`, multi-line strings as literal blocks) and quotes by yaml-scalar.ts's rules, so the output is
 * byte-for-byte the same on every machine and means the same to YAML 1.1 and 1.2 readers.
 *
 * Text is written as UTF-8 straight into a byte sink (byte-sink.ts): build's files are the sink's
 * bytes, and the text entry points decode them. A block is written without the indentation of its
 * first line: the caller puts either spaces or `- ` there, which is how a list item shares the
 * dash's line without the text being cut apart again. The bytes of a shared tree (shared-tree.ts)
 * and of a frame (frame.ts) are kept per indentation and copied when written again: values that
 * are the same on twenty clusters are written once.
 */
import { doubleQuoted, flowString, flowStringOnce, literalBlock, numberText } from "./yaml-scalar.js";
import { isPlainObject } from "../../core/own.js";
import { isShared } from "../describe/shared-tree.js";
import { Framed, Hole, materialize, partFor } from "../describe/frame.js";
import { ByteSink } from "./byte-sink.js";

const STEP = 2;
/** YAML limits implicit keys to 1024 characters; longer ones are written as `? key`. */
const MAX_IMPLICIT_KEY = 1000;

/**
 * The sinks the text entry points write into, reused: each call takes one and gives it back, so a
 * text written while another is being written (a document that embeds YAML, as a Talos patch or a
 * ConfigMap does, made from inside a value the writer reads) gets a sink of its own.
 */
const idleSinks: ByteSink[] = [];

function asTextVia(write: (sink: ByteSink) => void): string {
  const sink = idleSinks.pop() ?? new ByteSink();
  try {
    sink.reset();
    write(sink);
    return asText(sink);
  } finally {
    idleSinks.push(sink);
  }
}

/** Documents separated by `---`, each ending in a newline. An empty list gives an empty string. */
export function emitYamlStream(objects: readonly unknown[]): string {
  return asTextVia((sink) => writeYamlStream(objects, sink));
}

/** One document. Keys whose value is undefined are left out, as JSON does. */
export function emitYamlDocument(value: unknown): string {
  return asTextVia((sink) => writeDocument(value, sink));
}

function asText(sink: ByteSink): string {
  const bytes = sink.view();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
}

/** emitYamlStream's text, appended to a byte sink as UTF-8: how build writes its files. */
export function writeYamlStream(objects: readonly unknown[], sink: ByteSink): void {
  for (let i = 0; i < objects.length; i++) {
    if (i > 0) sink.push("---\n");
    writeDocument(objects[i], sink);
  }
}

/**
 * A hole met while compiling a frame (model/frame.ts): where in the frame's text its part goes,
 * whether the part is a list item (written after the indentation, from its dash on) or a key's
 * value (written after the colon), and its indentation, so that the part is written exactly where
 * writing the materialized object would have put it.
 */
interface Slot {
  at: number;
  hole: Hole;
  indent: number;
  item: boolean;
}

/** A frame's text at one indentation, and its slots in order. */
interface Program {
  text: Uint8Array;
  slots: Slot[];
}

/** What a frame is compiled into: the text, and the slots met on the way. */
class FrameSink extends ByteSink {
  readonly slots: Slot[] = [];
}

/** A frame's text per indentation. */
const programs = new WeakMap<object, Map<number, Program>>();

/**
 * A described object's collection body at `indent` (like writeMap or writeList, which see): the
 * frame's text, written once, with each part written in its slot by the same code that writes any
 * value. A frame is a non-empty map or list (described() checks before calling).
 */
function writeFramed(framed: Framed, indent: number, out: ByteSink): void {
  let byIndent = programs.get(framed.frame);
  let program = byIndent?.get(indent);
  if (program === undefined) {
    program = compileFrame(framed.frame, indent);
    if (!byIndent) programs.set(framed.frame, (byIndent = new Map()));
    byIndent.set(indent, program);
  }
  const { text, slots } = program;
  const parts = framed.parts;
  let from = 0;
  // (Indexed loops here and below: these run for every line written, and a for-of allocates an
  // iterator result per step wherever the function is not optimized.)
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    out.range(text, from, slot.at);
    from = slot.at;
    const part = partFor(slot.hole, parts);
    // A part that is a one-line string (most are: a template's result) is written without the memos,
    // which it would only fill: parts differ per cluster.
    if (typeof part === "string" && !part.includes("\n")) {
      out.push(slot.item ? "- " : " ");
      out.push(flowStringOnce(part));
      out.push("\n");
    } else if (slot.item) writeItem(part, slot.indent, out);
    else writeAfter(part, slot.indent, out);
  }
  out.range(text, from, text.length);
}

function compileFrame(frame: object, indent: number): Program {
  const sink = new FrameSink(1024);
  if (Array.isArray(frame)) listBody(frame, indent, sink);
  else mapBody(frame as Record<string, unknown>, indent, sink);
  return { text: sink.keep(), slots: sink.slots };
}

/** True when a described value is a non-empty collection, as its materialized object then is. */
function described(framed: Framed): boolean {
  return isNonEmptyList(framed.frame) || isNonEmptyMap(framed.frame);
}

function writeDocument(value: unknown, out: ByteSink): void {
  if (writeBody(value, "", 0, out)) return;
  if (value instanceof Framed) return writeDocument(materialize(value), out);
  // A block scalar at the root still gets indented content, so that no line of it can read as
  // `---` or `...`. Readers disagree on what an indentation indicator counts from at the root
  // (the spec says column -1), so content that would need one is double-quoted instead.
  const block = typeof value === "string" ? literalBlock(value, STEP) : undefined;
  if (block && !/[0-9]/.test(block.header)) {
    out.push(block.header);
    out.push("\n");
    writeLines(block.lines, STEP, out);
  } else {
    out.push(inlineValue(value === undefined ? null : value));
    out.push("\n");
  }
}

/** Texts of shared trees by indentation (a tree is almost always written at one indentation). */
const keptText = new WeakMap<object, Map<number, Uint8Array>>();

/**
 * Writes a collection through `write`, or copies the text kept from writing the same shared tree
 * at the same indentation before. Only shared trees are kept: anything else is written once per
 * object. The first time, the text is written where it belongs and the bytes are kept from there.
 */
function writeKept<T extends object>(tree: T, indent: number, out: ByteSink, write: (tree: T, indent: number, out: ByteSink) => void): void {
  if (!isShared(tree)) return write(tree, indent, out);
  // (A frame's holes are never inside a shared tree: a frame is built for its object, never shared.)
  let byIndent = keptText.get(tree);
  const kept = byIndent?.get(indent);
  if (kept !== undefined) return out.bytes(kept);
  const start = out.length;
  write(tree, indent, out);
  if (!byIndent) keptText.set(tree, (byIndent = new Map()));
  byIndent.set(indent, out.keep(start));
}

function writeMap(map: Record<string, unknown>, indent: number, out: ByteSink): void {
  writeKept(map, indent, out, mapBody);
}

function writeList(list: readonly unknown[], indent: number, out: ByteSink): void {
  writeKept(list, indent, out, listBody);
}

/** A map's lines, all but the first indented by `indent`; every line ends in a newline. */
function mapBody(map: Record<string, unknown>, indent: number, out: ByteSink): void {
  const pad = spaces(indent);
  let first = true;
  const keys = Object.keys(map);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = map[key];
    if (value === undefined) continue;
    if (!first) out.push(pad);
    first = false;
    const k = key.includes("\n") ? doubleQuoted(key) : flowString(key);
    if (k.length <= MAX_IMPLICIT_KEY) {
      out.push(k);
    } else {
      out.push("? ");
      out.push(k);
      out.push("\n");
      out.push(pad);
    }
    out.push(":");
    writeAfter(value, indent, out);
  }
}

/** A list's lines, all but the first indented by `indent`. */
function listBody(list: readonly unknown[], indent: number, out: ByteSink): void {
  const pad = spaces(indent);
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out.push(pad);
    const item = list[i];
    writeItem(item === undefined ? null : item, indent, out);
  }
}

/** One list item, from its dash on (the caller has written the indentation, or nothing on the first line). */
function writeItem(item: unknown, indent: number, out: ByteSink): void {
  // Compact form: a collection item's first line shares the dash's line (`- name: x`, `- - a`).
  if (writeBody(item, "- ", indent + STEP, out)) return;
  if (item instanceof Hole) return holeAt(item, indent, true, out);
  if (item instanceof Framed) return writeItem(materialize(item), indent, out);
  out.push("-");
  writeAfter(item, indent, out);
}

/**
 * A non-empty collection, or a description of one, after `lead` (nothing at the root, a dash, a
 * line break and indentation after a key), its lines at `indent`. False, with nothing written,
 * for anything else: a scalar, an empty collection, a hole.
 */
function writeBody(value: unknown, lead: string, indent: number, out: ByteSink): boolean {
  if (isNonEmptyMap(value)) {
    out.push(lead);
    writeMap(value, indent, out);
  } else if (isNonEmptyList(value)) {
    out.push(lead);
    writeList(value, indent, out);
  } else if (value instanceof Framed && described(value)) {
    out.push(lead);
    writeFramed(value, indent, out);
  } else {
    return false;
  }
  return true;
}

/** Only while compiling a frame (writeFramed): the part is written here for each object. */
function holeAt(hole: Hole, indent: number, item: boolean, out: ByteSink): void {
  if (!(out instanceof FrameSink)) throw new TypeError(`frame hole "${hole.name}" outside its frame`);
  out.slots.push({ at: out.length, hole, indent, item });
}

/**
 * Writes a value after a key's colon or a list item's dash, to the end of its last line. `indent`
 * is the column of the key or dash: nested collections and block content go one step right of it.
 */
function writeAfter(value: unknown, indent: number, out: ByteSink): void {
  if (typeof value === "string") {
    const block = literalBlock(value, STEP);
    if (block) {
      out.push(" ");
      out.push(block.header);
      out.push("\n");
      writeLines(block.lines, indent + STEP, out);
    } else {
      out.push(afterColon(value));
    }
    return;
  }
  if (writeBody(value, lineBreak(indent + STEP), indent + STEP, out)) return;
  if (value instanceof Hole) return holeAt(value, indent, false, out);
  if (value instanceof Framed) return writeAfter(materialize(value), indent, out);
  out.push(" ");
  out.push(inlineValue(value));
  out.push("\n");
}

/**
 * ` value\n` for a one-line string: the same strings (keys' values, names, cluster names) are
 * written thousands of times, so the whole tail is kept, like flowString's own memo.
 */
const tails = new Map<string, string>();
const TAILS_LIMIT = 200_000;

function afterColon(s: string): string {
  let tail = tails.get(s);
  if (tail === undefined) {
    tail = ` ${inlineValue(s)}\n`;
    if (tails.size >= TAILS_LIMIT) tails.clear();
    tails.set(s, tail);
  }
  return tail;
}

function writeLines(lines: readonly string[], indent: number, out: ByteSink): void {
  const pad = spaces(indent);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line !== "") {
      out.push(pad);
      out.push(line);
    }
    out.push("\n");
  }
}

const padCache: string[] = [];
function spaces(n: number): string {
  return (padCache[n] ??= " ".repeat(n));
}

/** A line break and the indentation of the next line. */
const breakCache: string[] = [];
function lineBreak(n: number): string {
  return (breakCache[n] ??= `\n${spaces(n)}`);
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
