/**
 * A reader for the YAML that app.yaml files are made of, and nothing more: block mappings and
 * sequences, plain and single-line quoted scalars, literal blocks, one-line flow sequences and
 * mappings of scalars, comments.
 * Reading line by line with the text's own indexOf, it is a few times faster than a general parser;
 * it answers undefined for anything outside that subset (anchors, tags, folded or multi-line
 * scalars, nested flow collections, several documents, tabs, a duplicate key, an error of any kind), and the
 * caller then hands the text to js-yaml and the precise parser, which also say what is wrong, where.
 *
 * The values are js-yaml's (core schema): a plain scalar is resolved by js-yaml's own types, in
 * js-yaml's order, and a key is the string of its value, as js-yaml makes it. test/fast-yaml.test.ts
 * holds it to js-yaml on generated and real files. Positions are not kept, except for the plain
 * scalars that YAML 1.1 reads differently (yaml11-traps.ts), which get a warning where they stand.
 */
import jsyaml from "js-yaml";
import { setOwn } from "../core/own.js";

export interface PlainScalar {
  /** The scalar as written. */
  source: string;
  /** What it was read as. */
  value: unknown;
  start: number;
  end: number;
}

export interface FastParse {
  value: unknown;
  /** Every plain scalar for which `watch` answered true, in document order. */
  watched: PlainScalar[];
}

/** Why a text is left to the general parsers; never shown, only thrown inside this module. */
class Unsupported extends Error {}

/** Characters that send the whole text elsewhere: tabs, carriage returns, controls, Unicode line breaks, a BOM. */
const UNSUPPORTED_CHARS = /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

/**
 * Scalars whose reading differs between js-yaml's core schema and YAML 1.2 (binary, signed octal or
 * hex, "+.5"): the precise parser decides those, as it does for the js-yaml path (parse-yaml.ts).
 */
const DISAGREES = /^[-+]?0b|^[-+]0[oxOX]|^\+\./;

/**
 * The core schema's implicit types (null, bool, int, float), in its order. js-yaml has them as
 * `CORE_SCHEMA.implicit`; its type declarations leave the field out.
 */
const IMPLICIT = (jsyaml.CORE_SCHEMA as unknown as { implicit: jsyaml.Type[] }).implicit;

/**
 * The document's value, or undefined when the text is outside the subset. `watch` is asked about
 * each plain scalar's source (keys too), so the caller can look for YAML 1.1 traps on the way.
 */
export function parseFast(text: string, watch: (source: string) => boolean): FastParse | undefined {
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  try {
    return new Reader(text, watch).document();
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

const SPACE = 32;
const DASH = 45;
const HASH = 35;

class Reader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** The current line. */
  private i = 0;
  /**
   * Where the current line's content starts when a node begins inside it (after `- ` of a compact
   * item); -1 for the line's own indentation.
   */
  private col = -1;
  readonly watched: PlainScalar[] = [];
  /** The first `#` at or after hashFrom (-1: none): most texts have few, and reading goes forward. */
  private hashAt = -2;
  private hashFrom = 0;

  constructor(
    private readonly text: string,
    private readonly watch: (source: string) => boolean,
  ) {
    let at = 0;
    for (;;) {
      const nl = text.indexOf("\n", at);
      this.starts.push(at);
      if (nl < 0) {
        this.ends.push(text.length);
        break;
      }
      this.ends.push(nl);
      at = nl + 1;
    }
  }

  document(): FastParse {
    this.skipBlank();
    // An explicit start of the one document is fine; any other marker or directive is not.
    if (this.i < this.starts.length && this.indentOf(this.i) === 0 && this.text.startsWith("---", this.starts[this.i]!)) {
      const rest = this.text.slice(this.starts[this.i]! + 3, this.ends[this.i]!);
      if (rest.trim() !== "" && !/^ +#/.test(rest)) throw new Unsupported();
      this.i++;
      this.skipBlank();
    }
    let value: unknown = null;
    if (this.i < this.starts.length) {
      if (this.indentOf(this.i) !== 0) throw new Unsupported();
      value = this.collection(0);
    }
    this.skipBlank();
    if (this.i < this.starts.length) throw new Unsupported();
    return { value, watched: this.watched };
  }

  /** Skips empty lines and comment lines; stops at end of text or a line with content. */
  private skipBlank(): void {
    const t = this.text;
    while (this.i < this.starts.length) {
      let p = this.starts[this.i]!;
      const end = this.ends[this.i]!;
      while (p < end && t.charCodeAt(p) === SPACE) p++;
      if (p < end && t.charCodeAt(p) !== HASH) return;
      this.i++;
      this.col = -1;
    }
  }

  private indentOf(line: number): number {
    const t = this.text;
    const s = this.starts[line]!;
    let p = s;
    while (t.charCodeAt(p) === SPACE) p++;
    return p - s;
  }

  /** The current line's indentation (or compact column) and content. */
  private current(): { indent: number; from: number; end: number } {
    const s = this.starts[this.i]!;
    const indent = this.col >= 0 ? this.col : this.indentOf(this.i);
    return { indent, from: s + indent, end: this.ends[this.i]! };
  }

  private nextLine(): void {
    this.i++;
    this.col = -1;
    this.skipBlank();
  }

  private atEnd(): boolean {
    return this.i >= this.starts.length;
  }

  /** A block mapping or sequence whose first line is the current one, at `indent`. */
  private collection(indent: number): unknown {
    const { from, end } = this.current();
    return isDash(this.text, from, end) ? this.sequence(indent) : this.mapping(indent);
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    const t = this.text;
    while (!this.atEnd()) {
      const { indent: at, from, end } = this.current();
      if (at !== indent || !isDash(t, from, end)) break;
      let p = from + 1;
      while (p < end && t.charCodeAt(p) === SPACE) p++;
      if (p >= end || t.charCodeAt(p) === HASH) {
        // `-` alone: the item is on the next lines, further right. An empty item is null, where
        // js-yaml has a quirk (`-\n  - \n- ` reads as [[null, null]]): left to the general parsers.
        this.nextLine();
        const item = this.nestedOrNull(indent, false);
        if (item === null) throw new Unsupported();
        out.push(item);
      } else if (t.charCodeAt(p) !== 0x7b /* { */ && (isDash(t, p, end) || this.keyEnd(p, end) >= 0)) {
        // A compact collection: `- - a` or `- key: value`, its first line inside this one.
        this.col = p - this.starts[this.i]!;
        out.push(this.collection(this.col));
      } else {
        out.push(this.valueAt(p, end, indent));
      }
    }
    return out;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const t = this.text;
    while (!this.atEnd()) {
      const { indent: at, from, end } = this.current();
      if (at < indent) break;
      if (at > indent) throw new Unsupported();
      if (isDash(t, from, end)) break; // an indentless sequence's parent mapping ends here
      const colon = this.keyEnd(from, end);
      if (colon < 0) throw new Unsupported();
      const key = this.key(from, colon);
      if (Object.hasOwn(out, key) || key === "<<") throw new Unsupported();
      let p = colon + 1;
      while (p < end && t.charCodeAt(p) === SPACE) p++;
      if (p >= end || t.charCodeAt(p) === HASH) {
        this.nextLine();
        setOwn(out, key, this.nestedOrNull(indent, true));
      } else {
        setOwn(out, key, this.valueAt(p, end, indent));
      }
    }
    return out;
  }

  /**
   * After a key or dash with nothing behind it: a collection further right, a sequence at the same
   * column after a key (`key:` then `- a`), or null.
   */
  private nestedOrNull(indent: number, afterKey: boolean): unknown {
    if (this.atEnd()) return null;
    const { indent: at, from, end } = this.current();
    if (at > indent) return this.collection(at);
    if (afterKey && at === indent && isDash(this.text, from, end)) return this.sequence(indent);
    return null;
  }

  /** A value that starts on the current line at `p` (after `key: ` or `- `); the line is then done. */
  private valueAt(p: number, end: number, indent: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(p);
    let value: unknown;
    if (c === 0x7c /* | */) {
      return this.literal(p, end, indent);
    } else if (c === 0x27 /* ' */ || c === 0x22 /* " */) {
      const q = c === 0x27 ? singleQuoted(t, p, end) : doubleQuoted(t, p, end);
      if (!restIsComment(t, q.end, end)) throw new Unsupported();
      value = q.value;
    } else if (c === 0x5b /* [ */) {
      value = this.flowSequence(p, end);
    } else if (c === 0x7b /* { */) {
      value = this.flowMapping(p, end);
    } else {
      value = this.plain(p, this.plainEnd(p, end), false);
    }
    this.nextLine();
    // A line further right would continue the scalar on a new line (or be an error): not read here.
    if (!this.atEnd() && this.current().indent > indent) throw new Unsupported();
    return value;
  }

  /** The first `#` at or after p that follows a space (a comment's start), or -1. */
  private commentFrom(p: number): number {
    const t = this.text;
    for (;;) {
      if (this.hashAt === -2 || p < this.hashFrom || (this.hashAt >= 0 && this.hashAt < p)) {
        this.hashAt = t.indexOf("#", p);
        this.hashFrom = p;
      }
      const h = this.hashAt;
      if (h < 0) return -1;
      if (t.charCodeAt(h - 1) === SPACE) return h;
      p = h + 1;
    }
  }

  /** True when a comment starts in [from, to). */
  private commentBetween(from: number, to: number): boolean {
    const h = this.commentFrom(from + 1);
    return h >= 0 && h < to;
  }

  /** Where a plain value ends on its line: before a comment and trailing spaces. */
  private plainEnd(from: number, end: number): number {
    const t = this.text;
    const h = this.commentFrom(from + 1);
    let e = h >= 0 && h < end ? h : end;
    while (e > from && t.charCodeAt(e - 1) === SPACE) e--;
    return e;
  }

  /** Where the current line's key ends (its `:`), or -1 when the line is not `key: ...`. */
  private keyEnd(from: number, end: number): number {
    const t = this.text;
    const c = t.charCodeAt(from);
    if (c === 0x27 || c === 0x22) {
      const q = c === 0x27 ? singleQuoted(t, from, end) : doubleQuoted(t, from, end);
      const p = skipSpaces(t, q.end, end);
      return t.charCodeAt(p) === 0x3a && (p + 1 === end || t.charCodeAt(p + 1) === SPACE) ? p : -1;
    }
    for (let p = t.indexOf(":", from); p >= 0 && p < end; p = t.indexOf(":", p + 1)) {
      if (p + 1 === end || t.charCodeAt(p + 1) === SPACE) return this.commentBetween(from, p) ? -1 : p;
    }
    return -1;
  }

  private key(from: number, colon: number): string {
    const t = this.text;
    const c = t.charCodeAt(from);
    // YAML limits implicit keys to 1024 characters; how readers treat longer ones is theirs to say.
    if (colon - from > 1000) throw new Unsupported();
    if (c === 0x27 || c === 0x22) return (c === 0x27 ? singleQuoted(t, from, colon) : doubleQuoted(t, from, colon)).value;
    let e = colon;
    while (e > from && t.charCodeAt(e - 1) === SPACE) e--;
    const v = this.plain(from, e, true);
    return typeof v === "string" ? v : String(v);
  }

  /** A plain scalar on one line, [from, end) already without trailing spaces or comment. */
  private plain(from: number, end: number, isKey: boolean): unknown {
    const t = this.text;
    if (end <= from) throw new Unsupported();
    const source = t.slice(from, end);
    const c = source.charCodeAt(0);
    // Indicators that start something else (or are reserved), and what no one-line plain scalar holds.
    if ("[]{},#&*!|>'\"%@`".includes(source[0]!)) throw new Unsupported();
    if ((c === DASH || c === 0x3f || c === 0x3a) && (source.length === 1 || source.charCodeAt(1) === SPACE)) throw new Unsupported();
    if (source.includes(": ") || source.endsWith(":") || (!isKey && source.includes(" #"))) throw new Unsupported();
    if (DISAGREES.test(source)) throw new Unsupported();
    const value = resolvePlain(source);
    if (this.watch(source)) this.watched.push({ source, value, start: from, end });
    return value;
  }

  /** `[a, b, "c"]` on one line, of scalars only. */
  private flowSequence(p: number, end: number): unknown[] {
    const t = this.text;
    const out: unknown[] = [];
    let q = skipSpaces(t, p + 1, end);
    if (t.charCodeAt(q) === 0x5d) {
      if (!restIsComment(t, q + 1, end)) throw new Unsupported();
      return out;
    }
    for (;;) {
      const c = t.charCodeAt(q);
      let itemEnd: number;
      if (c === 0x27 || c === 0x22) {
        const s = c === 0x27 ? singleQuoted(t, q, end) : doubleQuoted(t, q, end);
        out.push(s.value);
        itemEnd = s.end;
      } else {
        let e = q;
        while (e < end && !",[]{}".includes(t[e]!)) e++;
        let v = e;
        while (v > q && t.charCodeAt(v - 1) === SPACE) v--;
        if (t.slice(q, v).includes(":")) throw new Unsupported();
        out.push(this.plain(q, v, false));
        itemEnd = e;
      }
      q = skipSpaces(t, itemEnd, end);
      const sep = t.charCodeAt(q);
      if (sep === 0x5d) {
        if (!restIsComment(t, q + 1, end)) throw new Unsupported();
        return out;
      }
      if (sep !== 0x2c) throw new Unsupported();
      q = skipSpaces(t, q + 1, end);
      if (q >= end || t.charCodeAt(q) === 0x5d || t.charCodeAt(q) === 0x2c) throw new Unsupported();
    }
  }

  /**
   * `{a: b, c: "d"}` on one line, of scalars only (env lists are often written so). Keys and values
   * plain or quoted; anything else (nesting, a key without a value, `:` inside a plain scalar, a
   * trailing comma, a comment inside) is left to the general parsers.
   */
  private flowMapping(p: number, end: number): Record<string, unknown> {
    const t = this.text;
    const out: Record<string, unknown> = {};
    let q = skipSpaces(t, p + 1, end);
    if (t.charCodeAt(q) === 0x7d) {
      if (!restIsComment(t, q + 1, end)) throw new Unsupported();
      return out;
    }
    for (;;) {
      const { value: key, end: keyEnd } = this.flowScalar(q, end, true);
      q = skipSpaces(t, keyEnd, end);
      // `key: value` with the space YAML wants after a plain key's colon (JSON-style `"a":b` is left out).
      if (t.charCodeAt(q) !== 0x3a || t.charCodeAt(q + 1) !== SPACE) throw new Unsupported();
      const k = typeof key === "string" ? key : String(key);
      if (Object.hasOwn(out, k) || k === "<<") throw new Unsupported();
      q = skipSpaces(t, q + 2, end);
      const { value, end: valueEnd } = this.flowScalar(q, end, false);
      setOwn(out, k, value);
      q = skipSpaces(t, valueEnd, end);
      const sep = t.charCodeAt(q);
      if (sep === 0x7d) {
        if (!restIsComment(t, q + 1, end)) throw new Unsupported();
        return out;
      }
      if (sep !== 0x2c) throw new Unsupported();
      q = skipSpaces(t, q + 1, end);
      if (q >= end || t.charCodeAt(q) === 0x7d || t.charCodeAt(q) === 0x2c) throw new Unsupported();
    }
  }

  /** A quoted or plain scalar inside a flow mapping, from q: its value and where it ends. */
  private flowScalar(q: number, end: number, isKey: boolean): { value: unknown; end: number } {
    const t = this.text;
    const c = t.charCodeAt(q);
    if (c === 0x27 || c === 0x22) {
      const s = c === 0x27 ? singleQuoted(t, q, end) : doubleQuoted(t, q, end);
      return { value: s.value, end: s.end };
    }
    let e = q;
    while (e < end && !",[]{}:".includes(t[e]!)) e++;
    let v = e;
    while (v > q && t.charCodeAt(v - 1) === SPACE) v--;
    // A plain scalar that holds a colon or a comment, or is empty (a null value), is the general parsers' to read.
    if (v === q || (!isKey && t.charCodeAt(e) === 0x3a) || t.slice(q, v).includes(" #")) throw new Unsupported();
    return { value: this.plain(q, v, isKey), end: e };
  }

  /**
   * A literal block (`|` or `|-`) under a node at `indent`: the lines right of it, their common
   * indentation taken from the first. Explicit indentation, keep chomping (`|+`), folding and the
   * corner cases of blank lines are left to the general parsers.
   */
  private literal(p: number, end: number, indent: number): string {
    const t = this.text;
    const header = t.slice(p, end);
    const strip = header === "|-";
    if (header !== "|" && !strip) throw new Unsupported();
    const lines: string[] = [];
    let contentIndent = -1;
    let line = this.i + 1;
    let lastContent = -1;
    for (; line < this.starts.length; line++) {
      const s = this.starts[line]!;
      const e = this.ends[line]!;
      const ind = this.indentOf(line);
      const blank = s + ind === e;
      if (blank) {
        // Blank lines longer than the indentation hold spaces as content: left to the general parsers.
        if (contentIndent < 0 ? ind > indent + 1 : ind > contentIndent) throw new Unsupported();
        lines.push("");
        continue;
      }
      if (contentIndent < 0) {
        if (ind <= indent) break;
        contentIndent = ind;
      } else if (ind < contentIndent) {
        break;
      }
      lines.push(t.slice(s + contentIndent, e));
      lastContent = lines.length - 1;
    }
    // An empty block, or a last line without its line break: rules the general parsers know.
    if (lastContent < 0) throw new Unsupported();
    const lastLine = this.i + 1 + lastContent;
    if (this.ends[lastLine] === t.length) throw new Unsupported();
    this.i = line;
    this.col = -1;
    this.skipBlank();
    if (!this.atEnd() && this.current().indent > indent) throw new Unsupported();
    const body = lines.slice(0, lastContent + 1).join("\n");
    return strip ? body : `${body}\n`;
  }
}

/** Whether [from, end) starts with a sequence entry's dash (`-` then a space or the line's end). */
function isDash(t: string, from: number, end: number): boolean {
  return t.charCodeAt(from) === DASH && (from + 1 === end || t.charCodeAt(from + 1) === SPACE);
}

function skipSpaces(t: string, p: number, end: number): number {
  while (p < end && t.charCodeAt(p) === SPACE) p++;
  return p;
}

/** Nothing but spaces, or spaces then a comment, from p to the line's end. */
function restIsComment(t: string, p: number, end: number): boolean {
  const q = skipSpaces(t, p, end);
  return q === end || (q > p && t.charCodeAt(q) === HASH);
}


function singleQuoted(t: string, from: number, end: number): { value: string; end: number } {
  let out = "";
  let p = from + 1;
  for (;;) {
    const q = t.indexOf("'", p);
    if (q < 0 || q >= end) throw new Unsupported();
    out += t.slice(p, q);
    if (t.charCodeAt(q + 1) === 0x27 && q + 1 < end) {
      out += "'";
      p = q + 2;
    } else {
      return { value: out, end: q + 1 };
    }
  }
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "0": "\0" };

function doubleQuoted(t: string, from: number, end: number): { value: string; end: number } {
  let out = "";
  let p = from + 1;
  for (;;) {
    let q = p;
    while (q < end && t.charCodeAt(q) !== 0x22 && t.charCodeAt(q) !== 0x5c) q++;
    if (q >= end) throw new Unsupported();
    out += t.slice(p, q);
    if (t.charCodeAt(q) === 0x22) return { value: out, end: q + 1 };
    const e = t[q + 1];
    if (e === undefined || q + 1 >= end) throw new Unsupported();
    if (e === "u") {
      const hex = t.slice(q + 2, q + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Unsupported();
      const code = parseInt(hex, 16);
      // Surrogates written as escapes: js-yaml pairs them its own way; not worth following.
      if (code >= 0xd800 && code <= 0xdfff) throw new Unsupported();
      out += String.fromCharCode(code);
      p = q + 6;
    } else {
      const r = ESCAPES[e];
      if (r === undefined) throw new Unsupported();
      out += r;
      p = q + 2;
    }
  }
}

/** A plain scalar's value by js-yaml's core schema: its implicit types in order, else the string. */
function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Only n/N/~ (null), t/T/f/F (booleans), digits, signs and dots start anything but a string.
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (letter && c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70) return s;
  for (const type of IMPLICIT) {
    if (type.resolve(s)) return type.construct(s, undefined);
  }
  return s;
}
