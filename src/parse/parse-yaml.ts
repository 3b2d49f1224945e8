/**
 * One YAML file to one value, once. The fast parser (js-yaml, core schema) reads the common case;
 * the precise parser (eemeli/yaml) takes over whenever the fast one fails or the text holds
 * something that needs it (anchors, YAML 1.1 look-alikes), and is the authority on errors.
 */
import jsyaml from "js-yaml";
import { isScalar, Scalar, visit, type Alias, type YAMLError } from "yaml";
import type { Code } from "../diag/codes.js";
import type { Finding } from "../diag/diagnostic.js";
import { decodeUtf8 } from "./decode.js";
import { parseFast } from "./fast-yaml.js";
import { MAX_ALIAS_COUNT, parsePrecise, type PreciseDoc } from "./precise.js";
import { mayHaveTraps, quoted, yaml11Trap } from "./yaml11-traps.js";

export interface YamlFile {
  path: string;
  text: string;
  /** The document's value; undefined when the file has a YAML error. */
  value: unknown;
  /** Present when the precise parser already ran (reused for positions). */
  precise?: PreciseDoc;
}

export interface ParseResult {
  file?: YamlFile;
  /**
   * The text the findings' offsets refer to, also when the file does not parse (for non-UTF-8
   * bytes, a lossy decoding): positions and caret excerpts need it most for broken files.
   */
  text?: string;
  findings: Finding[];
}

/**
 * Anchors send a file to the precise parser, which bounds alias expansion (js-yaml would share
 * the nodes, but everything after parsing walks them). An alias needs an anchor, so looking for
 * `&name` is enough, and unlike `*` it does not match cron schedules such as "*\/5 * * * *".
 */
const ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/;

export function parseYamlBytes(path: string, bytes: Uint8Array): ParseResult {
  const decoded = decodeUtf8(path, bytes);
  if ("finding" in decoded) return { text: lossy.decode(bytes), findings: [decoded.finding] };
  return parseYamlText(path, stripBom(decoded.text));
}

/**
 * Parsed files kept by path and content. plan reads two revisions of one repository, which
 * mostly hold the same files: with one cache for both, an unchanged file is parsed once, and both
 * models hold the very same value for it (which lets the diff stop at the first identical subtree).
 * Parsed values are never mutated, so sharing them is safe.
 */
export class ParseCache {
  private readonly byPath = new Map<string, { bytes: Uint8Array; result: ParseResult }>();

  parse(path: string, bytes: Uint8Array): ParseResult {
    const hit = this.byPath.get(path);
    if (hit && sameBytes(hit.bytes, bytes)) return hit.result;
    const result = parseYamlBytes(path, bytes);
    this.byPath.set(path, { bytes, result });
    return result;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Bad bytes become U+FFFD, one UTF-16 unit each, so offsets before the first bad byte still hold. */
const lossy = new TextDecoder("utf-8");

export function parseYamlText(path: string, text: string): ParseResult {
  const r = !ANCHOR.test(text)
    ? (viaFastReader(path, text) ?? viaJsYaml(path, text) ?? parsePreciseFile(path, text, mayHaveTraps(text)))
    : parsePreciseFile(path, text, mayHaveTraps(text));
  if (CONTROL.test(text)) r.findings.unshift(...controlCharacters(path, text));
  return r;
}

/**
 * Characters outside YAML's printable set, which Go's YAML reader (Helm, Argo CD) rejects with
 * "control characters are not allowed" wherever they stand, comments included: C0 controls but tab,
 * line feed and carriage return, DEL, C1 controls but NEL, and the noncharacters U+FFFE and U+FFFF.
 * (Lone surrogates cannot occur: the bytes were strict UTF-8.) One scan of the text; the
 * positions are looked for only when there is one.
 */
export const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;
const CONTROL_ALL = new RegExp(CONTROL.source, "g");

export function controlCharacters(path: string, text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(CONTROL_ALL)) {
    const code = m[0].charCodeAt(0);
    const name = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    out.push({
      code: "HS011",
      severity: "error",
      message: `control character ${name}${code === 0 ? " (NUL)" : code === 0x1b ? " (ESC)" : ""} in the file: Go's YAML reader (Helm, Argo CD) rejects the whole file`,
      hint: code < 0x100 ? `remove it; in a double-quoted string write it as an escape: "\\x${code.toString(16).padStart(2, "0")}"` : "remove it",
      where: { file: path, offset: m.index, endOffset: m.index + 1 },
    });
    // A binary file pasted in has thousands: the first few say it.
    if (out.length >= 5) break;
  }
  return out;
}

/** The subset reader (fast-yaml.ts): most files, a few times faster than js-yaml; undefined for the rest. */
function viaFastReader(path: string, text: string): ParseResult | undefined {
  const fast = parseFast(text, mayBeTrap);
  if (!fast) return undefined;
  const traps: Finding[] = [];
  for (const s of fast.watched) {
    const trap = yaml11Trap(s.source);
    if (trap) traps.push(trapFinding(path, s.source, s.value, trap, s.start, s.end));
  }
  return { file: { path, text, value: fast.value }, text, findings: traps };
}

/** No trap is longer than 32 characters (PlainScalarScan has the same limit). */
const mayBeTrap = (source: string): boolean => source.length <= 32 && yaml11Trap(source) !== undefined;

/** js-yaml, watched for traps; undefined when it fails or disagrees with YAML 1.2 (then the precise parser decides). Exported for tests. */
export function viaJsYaml(path: string, text: string): ParseResult | undefined {
  const scan = new PlainScalarScan(path, text);
  try {
    const value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, filename: path, listener: scan.listener });
    if (!scan.disagrees) return { file: { path, text, value: value === undefined ? null : value }, text, findings: scan.traps };
  } catch {
    // the precise parser says exactly what is wrong, and where
  }
  return undefined;
}

/**
 * Watches the fast parser's scalars as they close: a plain (unquoted, untagged) scalar's source
 * text is what YAML 1.1 readers would see, so traps are found here without the precise parser.
 * It also spots the few plain scalars where js-yaml's core schema and YAML 1.2 disagree (binary,
 * signed octal or hex, "+.5"); those files go to the precise parser, the authority.
 */
class PlainScalarScan {
  readonly traps: Finding[] = [];
  disagrees = false;
  private readonly starts: number[] = [];

  constructor(
    private readonly path: string,
    private readonly text: string,
  ) {}

  readonly listener = (event: "open" | "close", state: { position: number; kind: string | null; result: unknown }): void => {
    if (event === "open") {
      this.starts.push(state.position);
      return;
    }
    const start = this.starts.pop();
    if (start === undefined || state.kind !== "scalar") return;
    let from = start;
    const text = this.text;
    while (from < state.position && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9 || text.charCodeAt(from) === 10 || text.charCodeAt(from) === 13)) from++;
    const first = text[from];
    if (first === undefined || first === '"' || first === "'" || first === "|" || first === ">" || first === "!" || first === "&") return;
    const source = text.slice(from, state.position).trimEnd();
    if (source.length > 32) return; // no trap is that long
    if (/^[-+]?0b|^[-+]0[oxOX]|^\+\./.test(source)) this.disagrees = true;
    const trap = yaml11Trap(source);
    if (trap) this.traps.push(trapFinding(this.path, source, state.result, trap, from, from + source.length));
  };
}

export function trapFinding(path: string, source: string, value: unknown, trap: NonNullable<ReturnType<typeof yaml11Trap>>, start: number, end: number): Finding {
  return {
    code: trap.code,
    severity: "warning",
    message: `unquoted ${source} is read as ${describe(value)} here, but YAML 1.1 readers (Helm, Go) read ${trap.reads}`,
    hint: `quote it: ${quoted(source)}${trap.code === "HS008" ? `, or write ${trapBool(source)} for a boolean` : ""}`,
    where: { file: path, offset: start, endOffset: end },
  };
}

function parsePreciseFile(path: string, text: string, lookForTraps: boolean): ParseResult {
  const precise = parsePrecise(text);
  const { doc } = precise;
  const findings: Finding[] = [];
  for (const err of doc.errors) findings.push(yamlErrorFinding(path, err, text, precise));
  if (findings.length > 0) return { text, findings: dedupeSyntax(findings) };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const unresolved = unresolvedAliases(path, precise);
    if (unresolved.length > 0) return { text, findings: unresolved };
    if (/alias/i.test(msg)) {
      const at = firstAliasOffset(text);
      return {
        text,
        findings: [
          {
            code: "HS006",
            severity: "error",
            message: `aliases expand to more than the limit of ${MAX_ALIAS_COUNT} nodes`,
            hint: "write the repeated data out, or use fewer nested aliases",
            where: { file: path, offset: at, endOffset: at + 1 },
          },
        ],
      };
    }
    return { text, findings: [{ code: "HS001", severity: "error", message: msg, where: { file: path, offset: 0 } }] };
  }
  if (lookForTraps) findings.push(...findTraps(path, precise));
  return { file: { path, text, value: value === undefined ? null : value, precise }, text, findings };
}

/** Aliases whose anchor is not defined before them (YAML allows no forward references). */
export function unresolvedAliases(path: string, precise: PreciseDoc): Finding[] {
  const out: Finding[] = [];
  visit(precise.doc, {
    Alias(_key, node: Alias) {
      if (node.resolve(precise.doc) !== undefined || !node.range) return;
      out.push({
        code: "HS012",
        severity: "error",
        message: `alias *${node.source} refers to no anchor: &${node.source} is not defined before it`,
        hint: `define &${node.source} on an earlier node, or write the value out (YAML aliases refer back, never forward)`,
        where: { file: path, offset: node.range[0], endOffset: node.range[1] },
      });
    },
  });
  return out;
}

export function findTraps(path: string, precise: PreciseDoc): Finding[] {
  const out: Finding[] = [];
  visit(precise.doc, {
    Scalar(_key, node: Scalar) {
      if (node.type !== Scalar.PLAIN || !node.range || node.source === undefined) return;
      const trap = yaml11Trap(node.source);
      if (trap) out.push(trapFinding(path, node.source, node.value, trap, node.range[0], node.range[1]));
    },
  });
  return out;
}

function trapBool(s: string): string {
  return /^(y|yes|on)$/i.test(s) ? "true" : "false";
}

function describe(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "number") return `the number ${v}`;
  return JSON.stringify(v);
}

const codeOf: Partial<Record<string, Code>> = {
  DUPLICATE_KEY: "HS002",
  TAB_AS_INDENT: "HS003",
  MULTIPLE_DOCS: "HS005",
};

export function yamlErrorFinding(path: string, err: YAMLError, text: string, precise: PreciseDoc): Finding {
  const code = codeOf[err.code] ?? "HS001";
  let [start, end] = err.pos;
  // eemeli/yaml reports an unclosed quote where the text ends; the user wants the quote that opened it.
  if (err.code === "MISSING_CHAR" && /closing .?quote/.test(err.message)) {
    const open = openingQuote(text, start, err.message.includes('"') ? '"' : "'");
    if (open !== undefined) [start, end] = [open, open + 1];
  }
  const base = { code, severity: "error" as const, where: { file: path, offset: start, endOffset: Math.max(end, start + 1) } };
  switch (code) {
    case "HS002": {
      // The error marks one character; widen it to the whole repeated key.
      const key = keyAt(precise, start);
      if (key) base.where.endOffset = key.end;
      return {
        ...base,
        message: `duplicate key${key ? ` ${key.name}` : ""}: a mapping may hold each key once`,
        hint: "remove one of the two, or merge their contents",
      };
    }
    case "HS003":
      return { ...base, message: "tab character used for indentation", hint: "indent with spaces" };
    case "HS005":
      return {
        ...base,
        message: "this file holds more than one YAML document; it must hold one",
        hint: "remove the `---` separator and the documents after the first, or merge them",
      };
    default:
      if (err.code === "RESOURCE_EXHAUSTION") {
        // The parser ran out of stack: collections nested hundreds deep.
        return { ...base, message: "collections are nested too deeply to read", hint: "flatten the structure" };
      }
      return { ...base, message: cleanMessage(err.message) };
  }
}

/**
 * The quote that opens a scalar left unclosed at `end`: no unescaped quote of its kind follows it,
 * so it is the last one before `end` (skipping \" in double quotes and '' in single quotes).
 */
function openingQuote(text: string, end: number, q: '"' | "'"): number | undefined {
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    if (text[i] !== q) continue;
    if (q === '"') {
      let bs = 0;
      while (i - 1 - bs >= 0 && text[i - 1 - bs] === "\\") bs++;
      if (bs % 2 === 1) continue;
      return i;
    }
    if (i > 0 && text[i - 1] === "'") {
      i--; // an escaped '' pair inside the scalar
      continue;
    }
    return i;
  }
  return undefined;
}

/** The mapping key whose source starts at offset, with its text and end. */
function keyAt(precise: PreciseDoc, offset: number): { name: string; end: number } | undefined {
  let found: { name: string; end: number } | undefined;
  visit(precise.doc, {
    Pair(_k, pair) {
      const k = pair.key;
      if (isScalar(k) && k.range && k.range[0] === offset) {
        found = { name: String(k.value), end: k.range[1] };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** eemeli/yaml messages end with their own "at line x, column y"; ours carry the position already. */
function cleanMessage(m: string): string {
  return m.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim();
}

/** A broken file often yields a cascade of errors; the first few carry the information. */
export function dedupeSyntax(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const at = `${f.code}:${f.where.offset}`;
    // The same syntax message again (a stack overflow at every level) adds nothing either.
    const said = f.code === "HS001" ? `${f.code}:${f.message}` : at;
    if (seen.has(at) || seen.has(said)) continue;
    seen.add(at);
    seen.add(said);
    out.push(f);
    if (out.length >= 5) break;
  }
  return out;
}

export function firstAliasOffset(text: string): number {
  const m = /(?:^|[\s[{,])\*[^\s,[\]{}]/.exec(text);
  if (!m) return 0;
  return m.index + m[0].indexOf("*");
}

export function stripBom(t: string): string {
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
}

export { isScalar };
