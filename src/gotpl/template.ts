/**
 * The Go-template subset that HomeScale's values use, evaluated the way Helm's `tpl` does:
 * `{{ .Values.cluster.name }}`, string literals such as `{{ "{{" }}`, `if`/`else if`/`else`/`end`
 * with eq, ne, lt, le, gt, ge, not, and, or, and the string functions default, quote, squote,
 * lower, upper, trim, trimPrefix, trimSuffix, replace, index. Anything else is an error that
 * names the expression, so `check` can point at it.
 */

export class TemplateError extends Error {
  constructor(
    message: string,
    /** The action text, e.g. `{{ include "x" . }}`, to find in the source. */
    readonly action: string,
  ) {
    super(message);
  }
}

type Arg =
  | { t: "lit"; v: unknown }
  | { t: "field"; path: string[] }
  | { t: "pipe"; pipe: Cmd[] };
interface Cmd {
  fn?: string;
  args: Arg[];
}
type Node =
  | { t: "text"; text: string }
  | { t: "out"; pipe: Cmd[]; src: string }
  | { t: "if"; branches: { cond: Cmd[]; body: Node[] }[]; otherwise: Node[]; src: string };

export interface Template {
  nodes: Node[];
}

export const SUPPORTED_FUNCTIONS = [
  "eq", "ne", "lt", "le", "gt", "ge", "not", "and", "or",
  "default", "quote", "squote", "lower", "upper", "trim", "trimPrefix", "trimSuffix", "replace", "index",
] as const;
const FUNCS = new Set<string>(SUPPORTED_FUNCTIONS);

export function hasTemplate(s: string): boolean {
  return s.includes("{{");
}

/** Parses a string into a template; throws TemplateError for anything outside the subset. */
export function compileTemplate(src: string): Template {
  const actions = splitActions(src);
  let i = 0;
  const parseBlock = (stopAt: Set<string>): { nodes: Node[]; stop?: { kw: string; rest: string; src: string } } => {
    const nodes: Node[] = [];
    while (i < actions.length) {
      const a = actions[i++]!;
      if (a.t === "text") {
        if (a.text !== "") nodes.push({ t: "text", text: a.text });
        continue;
      }
      const body = a.body;
      if (body.startsWith("/*")) continue; // a comment
      const kw = /^(if|else|end|range|with|define|template|block|break|continue)\b/.exec(body)?.[1];
      if (kw === "if") {
        const branches: { cond: Cmd[]; body: Node[] }[] = [];
        let cond = parsePipeline(body.slice(2), a.src);
        let otherwise: Node[] = [];
        for (;;) {
          const inner = parseBlock(new Set(["else", "end"]));
          if (!inner.stop) throw new TemplateError(`${a.src} has no matching {{ end }}`, a.src);
          branches.push({ cond, body: inner.nodes });
          if (inner.stop.kw === "end") break;
          const rest = inner.stop.rest.trim();
          if (rest.startsWith("if ") || rest === "if") {
            cond = parsePipeline(rest.slice(2), inner.stop.src);
            continue;
          }
          if (rest !== "") throw new TemplateError(`${inner.stop.src} is not supported`, inner.stop.src);
          const last = parseBlock(new Set(["end"]));
          if (!last.stop) throw new TemplateError(`${a.src} has no matching {{ end }}`, a.src);
          otherwise = last.nodes;
          break;
        }
        nodes.push({ t: "if", branches, otherwise, src: a.src });
        continue;
      }
      if (kw === "else" || kw === "end") {
        if (stopAt.has(kw)) return { nodes, stop: { kw, rest: body.slice(kw.length), src: a.src } };
        throw new TemplateError(`${a.src} without a matching {{ if }}`, a.src);
      }
      if (kw !== undefined) throw new TemplateError(`${a.src}: "${kw}" is outside the supported template subset`, a.src);
      if (/\$\w*\s*:?=/.test(body)) throw new TemplateError(`${a.src}: variables are outside the supported template subset`, a.src);
      nodes.push({ t: "out", pipe: parsePipeline(body, a.src), src: a.src });
    }
    return { nodes };
  };
  const { nodes, stop } = parseBlock(new Set());
  if (stop) throw new TemplateError(`unexpected ${stop.src}`, stop.src);
  return { nodes };
}

type Piece = { t: "text"; text: string } | { t: "act"; body: string; src: string };

/** Splits text and {{ actions }}, applying Go's trim markers `{{- ` and ` -}}`. */
function splitActions(src: string): Piece[] {
  const out: Piece[] = [];
  let pos = 0;
  while (pos < src.length) {
    const open = src.indexOf("{{", pos);
    if (open < 0) {
      out.push({ t: "text", text: src.slice(pos) });
      break;
    }
    let text = src.slice(pos, open);
    let start = open + 2;
    if (src.startsWith("- ", start) || src.startsWith("-\t", start) || src.startsWith("-\n", start)) {
      text = text.replace(/\s+$/, "");
      start += 1;
    }
    out.push({ t: "text", text });
    const close = findClose(src, start);
    if (close < 0) {
      const frag = src.slice(open, Math.min(src.length, open + 40));
      throw new TemplateError(`unclosed action ${frag}`, frag);
    }
    let body = src.slice(start, close);
    let after = close + 2;
    let trimRight = false;
    if (/[ \t\n]-$/.test(body)) {
      body = body.slice(0, -1);
      trimRight = true;
    }
    out.push({ t: "act", body: body.trim(), src: src.slice(open, after) });
    pos = after;
    if (trimRight) {
      while (pos < src.length && /\s/.test(src[pos]!)) pos++;
    }
  }
  return out;
}

/** The `}}` that ends an action, skipping those inside string literals. */
function findClose(src: string, from: number): number {
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === "\\" ? 2 : 1;
      i++;
      continue;
    }
    if (c === "`") {
      const end = src.indexOf("`", i + 1);
      if (end < 0) return -1;
      i = end + 1;
      continue;
    }
    if (c === "}" && src[i + 1] === "}") return i;
    i++;
  }
  return -1;
}

type Tok = { k: "str" | "num" | "ident" | "field" | "(" | ")" | "|"; v: string };

function lex(body: string, src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")" || c === "|") {
      toks.push({ k: c, v: c });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < body.length && body[j] !== '"') j += body[j] === "\\" ? 2 : 1;
      if (j >= body.length) throw new TemplateError(`${src}: unterminated string`, src);
      toks.push({ k: "str", v: goUnquote(body.slice(i, j + 1), src) });
      i = j + 1;
      continue;
    }
    if (c === "`") {
      const j = body.indexOf("`", i + 1);
      if (j < 0) throw new TemplateError(`${src}: unterminated raw string`, src);
      toks.push({ k: "str", v: body.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    const m = /^(\.[A-Za-z_][A-Za-z0-9_]*)+|^\.|^-?[0-9]+(\.[0-9]+)?|^[A-Za-z_][A-Za-z0-9_]*|^\$[A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(body.slice(i));
    if (!m) throw new TemplateError(`${src}: unexpected "${body.slice(i, i + 10)}"`, src);
    const w = m[0];
    if (w.startsWith("$")) throw new TemplateError(`${src}: variables are outside the supported template subset`, src);
    if (w.startsWith(".")) toks.push({ k: "field", v: w });
    else if (/^-?[0-9]/.test(w)) toks.push({ k: "num", v: w });
    else toks.push({ k: "ident", v: w });
    i += w.length;
  }
  return toks;
}

function goUnquote(lit: string, src: string): string {
  try {
    return JSON.parse(lit.replace(/\\([abfv'])/g, (_m, ch: string) => ({ a: "\\u0007", b: "\\b", f: "\\f", v: "\\u000b", "'": "'" })[ch] ?? ch)) as string;
  } catch {
    throw new TemplateError(`${src}: bad string literal ${lit}`, src);
  }
}

function parsePipeline(body: string, src: string): Cmd[] {
  const toks = lex(body, src);
  let i = 0;
  const parsePipe = (closing: boolean): Cmd[] => {
    const cmds: Cmd[] = [];
    let cur: Arg[] = [];
    const flush = (): void => {
      if (cur.length === 0) throw new TemplateError(`${src}: empty command`, src);
      const [head, ...rest] = cur;
      if (head!.t === "lit" && typeof head!.v === "symbol") {
        cmds.push({ fn: (head!.v as symbol).description!, args: rest });
      } else {
        if (rest.length > 0) throw new TemplateError(`${src}: ${describeArg(head!)} is not a function`, src);
        cmds.push({ args: [head!] });
      }
      cur = [];
    };
    while (i < toks.length) {
      const t = toks[i++]!;
      if (t.k === ")") {
        if (!closing) throw new TemplateError(`${src}: unexpected )`, src);
        flush();
        return cmds;
      }
      if (t.k === "|") {
        flush();
        continue;
      }
      if (t.k === "(") {
        cur.push({ t: "pipe", pipe: parsePipe(true) });
        continue;
      }
      if (t.k === "str") cur.push({ t: "lit", v: t.v });
      else if (t.k === "num") cur.push({ t: "lit", v: Number(t.v) });
      else if (t.k === "field") {
        const path = t.v === "." ? [] : t.v.slice(1).split(".");
        if (path[0] !== "Values") {
          throw new TemplateError(`${src}: only .Values is available to app values (found ${t.v})`, src);
        }
        cur.push({ t: "field", path: path.slice(1) });
      } else if (t.v === "true" || t.v === "false") cur.push({ t: "lit", v: t.v === "true" });
      else if (t.v === "nil") cur.push({ t: "lit", v: null });
      else if (FUNCS.has(t.v)) {
        if (cur.length > 0) throw new TemplateError(`${src}: ${t.v} must come first in a command; wrap it in parentheses`, src);
        cur.push({ t: "lit", v: Symbol(t.v) });
      } else {
        throw new TemplateError(
          `${src}: function "${t.v}" is outside the supported template subset (${SUPPORTED_FUNCTIONS.join(", ")})`,
          src,
        );
      }
    }
    if (closing) throw new TemplateError(`${src}: missing )`, src);
    flush();
    return cmds;
  };
  if (toks.length === 0) throw new TemplateError(`${src}: empty action`, src);
  return parsePipe(false);
}

function describeArg(a: Arg): string {
  if (a.t === "lit") return JSON.stringify(a.v);
  if (a.t === "field") return `.Values.${a.path.join(".")}`;
  return "(...)";
}

/** Data a template sees: the catalog's values with this cluster's name and region filled in. */
export interface TemplateData {
  Values: unknown;
}

export function renderTemplate(tpl: Template, data: TemplateData): string {
  let out = "";
  const run = (nodes: Node[]): void => {
    for (const n of nodes) {
      if (n.t === "text") out += n.text;
      else if (n.t === "out") out += print(evalPipe(n.pipe, data, n.src), n.src);
      else {
        const hit = n.branches.find((b) => truthy(evalPipe(b.cond, data, n.src)));
        run(hit ? hit.body : n.otherwise);
      }
    }
  };
  run(tpl.nodes);
  return out;
}

function evalPipe(cmds: Cmd[], data: TemplateData, src: string): unknown {
  let prev: unknown;
  let first = true;
  for (const c of cmds) {
    const args = c.args.map((a) => evalArg(a, data, src));
    if (!first) args.push(prev);
    first = false;
    prev = c.fn === undefined ? args[args.length - 1] : call(c.fn, args, src);
    if (c.fn === undefined && args.length > 1) throw new TemplateError(`${src}: cannot pipe into a value`, src);
  }
  return prev;
}

function evalArg(a: Arg, data: TemplateData, src: string): unknown {
  if (a.t === "lit") return a.v;
  if (a.t === "pipe") return evalPipe(a.pipe, data, src);
  let cur: unknown = data.Values;
  for (const k of a.path) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function call(fn: string, args: unknown[], src: string): unknown {
  const need = (n: number): void => {
    if (args.length !== n) throw new TemplateError(`${src}: ${fn} takes ${n} argument${n === 1 ? "" : "s"}`, src);
  };
  const str = (v: unknown): string => (v === undefined || v === null ? "" : typeof v === "string" ? v : print(v, src));
  switch (fn) {
    case "eq":
      if (args.length < 2) need(2);
      return args.slice(1).some((b) => same(args[0], b, src));
    case "ne":
      need(2);
      return !same(args[0], args[1], src);
    case "lt":
    case "le":
    case "gt":
    case "ge": {
      need(2);
      const [a, b] = args as [number | string, number | string];
      if (typeof a !== typeof b || (typeof a !== "number" && typeof a !== "string")) {
        throw new TemplateError(`${src}: ${fn} compares two numbers or two strings`, src);
      }
      return fn === "lt" ? a < b : fn === "le" ? a <= b : fn === "gt" ? a > b : a >= b;
    }
    case "not":
      need(1);
      return !truthy(args[0]);
    case "and": {
      let v: unknown = true;
      for (const a of args) {
        v = a;
        if (!truthy(a)) return a;
      }
      return v;
    }
    case "or": {
      let v: unknown = false;
      for (const a of args) {
        v = a;
        if (truthy(a)) return a;
      }
      return v;
    }
    case "default":
      need(2);
      return truthy(args[1]) ? args[1] : args[0];
    case "quote":
      return args.map((a) => JSON.stringify(str(a))).join(" ");
    case "squote":
      return args.map((a) => `'${str(a)}'`).join(" ");
    case "lower":
      need(1);
      return str(args[0]).toLowerCase();
    case "upper":
      need(1);
      return str(args[0]).toUpperCase();
    case "trim":
      need(1);
      return str(args[0]).trim();
    case "trimPrefix": {
      need(2);
      const [p, s] = [str(args[0]), str(args[1])];
      return p !== "" && s.startsWith(p) ? s.slice(p.length) : s;
    }
    case "trimSuffix": {
      need(2);
      const [p, s] = [str(args[0]), str(args[1])];
      return p !== "" && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    }
    case "replace":
      need(3);
      return str(args[2]).split(str(args[0])).join(str(args[1]));
    case "index": {
      let cur = args[0];
      for (const k of args.slice(1)) {
        if (typeof cur !== "object" || cur === null || !Object.hasOwn(cur, String(k))) return undefined;
        cur = (cur as Record<string, unknown>)[String(k)];
      }
      return cur;
    }
    default:
      throw new TemplateError(`${src}: function "${fn}" is outside the supported template subset`, src);
  }
}

function same(a: unknown, b: unknown, src: string): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a === "object" || typeof b === "object") throw new TemplateError(`${src}: eq compares only simple values`, src);
  if (typeof a !== typeof b) throw new TemplateError(`${src}: incompatible types for comparison`, src);
  return a === b;
}

/** Go's truth: false, 0, nil and empty strings, lists and maps are false. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v as object).length > 0;
  return true;
}

/** Go's fmt of a value in a template; a missing value prints as "" (Helm drops "<no value>"). */
function print(v: unknown, src: string): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : goFloat(v);
  throw new TemplateError(`${src}: prints a ${Array.isArray(v) ? "list" : "map"}; only strings, numbers and booleans can be printed`, src);
}

function goFloat(v: number): string {
  const s = String(v);
  return /e/.test(s) ? s.replace(/e([+-])(\d)$/, "e$10$2") : s;
}
