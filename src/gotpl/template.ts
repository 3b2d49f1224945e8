/**
 * The Go-template subset HomeScale's repositories use, evaluated the way Helm does, in two dialects:
 *
 * - "values": what the catalog chart's `tpl` evaluates in app values: `{{ .Values.cluster.name }}`,
 *   string literals such as `{{ "{{" }}`, `if`/`else if`/`else`/`end` with eq, ne, lt, le, gt, ge,
 *   not, and, or, the string functions default, quote, squote, lower, upper, trim, trimPrefix,
 *   trimSuffix, replace, index, and printf, sha256sum, required, `.Files.Get "<path>"` (files of the
 *   catalog chart; the path a string literal, so the loader knows what to read).
 * - "chart": what the apps' own chart templates that declare mesh objects use, in addition:
 *   variables (`$x := ...`, `$x`, `$`), `range` over a list or map (`.` is the item), `with`
 *   (`.` is the value, when it is not empty), and `.Release.Name` / `.Release.Namespace`.
 *
 * Anything else is an error that names the expression, so `check` can point at it.
 */
import { GoBytes, printf, sha256sum, textOf } from "./functions.js";

export class TemplateError extends Error {
  constructor(
    message: string,
    /** The action text, e.g. `{{ include "x" . }}`, to find in the source. */
    readonly action: string,
  ) {
    super(message);
  }
}

export type Dialect = "values" | "chart";

type Arg =
  | { t: "lit"; v: unknown }
  /** A field of the dot: .Values.a.b (the dot is the root, or a range's item). */
  | { t: "field"; path: string[] }
  /** A variable and fields of it: `$` (name "") is the root. */
  | { t: "var"; name: string; path: string[] }
  | { t: "pipe"; pipe: Cmd[] };
interface Cmd {
  fn?: string;
  args: Arg[];
}
type Node =
  | { t: "text"; text: string }
  | { t: "out"; pipe: Cmd[]; src: string }
  | { t: "if"; branches: { cond: Cmd[]; body: Node[] }[]; otherwise: Node[]; src: string }
  | { t: "range"; pipe: Cmd[]; body: Node[]; otherwise: Node[]; src: string }
  | { t: "with"; pipe: Cmd[]; body: Node[]; otherwise: Node[]; src: string }
  | { t: "set"; name: string; pipe: Cmd[]; src: string };

export interface Template {
  nodes: Node[];
  /**
   * The template as text and root field paths alone, when that is all it is (`https://{{ .Values.cluster.name }}/`,
   * most templates in values): rendered by looking the paths up, without the interpreter.
   */
  simple?: { parts: (string | readonly string[])[]; srcs: string[]; keys: string[] };
}

export const SUPPORTED_FUNCTIONS = [
  "eq", "ne", "lt", "le", "gt", "ge", "not", "and", "or",
  "default", "quote", "squote", "lower", "upper", "trim", "trimPrefix", "trimSuffix", "replace", "index",
  "printf", "sha256sum", "required",
] as const;
const FUNCS = new Set<string>(SUPPORTED_FUNCTIONS);
/** `.Files.Get` is a method of the root, parsed as a function of this name. */
const FILES_GET = "Files.Get";

export function hasTemplate(s: string): boolean {
  return s.includes("{{");
}

/** What the parser knows of where it is: the dialect, whether the dot is a range's item or a with's value, the variables declared. */
interface ParseContext {
  dialect: Dialect;
  inRange: boolean;
  vars: Set<string>[];
}

/** Parses a string into a template; throws TemplateError for anything outside the subset. */
export function compileTemplate(src: string, dialect: Dialect = "values"): Template {
  const actions = splitActions(src);
  let i = 0;
  const ctx: ParseContext = { dialect, inRange: false, vars: [new Set()] };
  /** A block of its own variable scope (Go: a variable lives to the end of its control structure). */
  const scoped = <T>(inRange: boolean, f: () => T): T => {
    const was = ctx.inRange;
    ctx.inRange = inRange;
    ctx.vars.push(new Set());
    try {
      return f();
    } finally {
      ctx.vars.pop();
      ctx.inRange = was;
    }
  };
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
        let cond = parsePipeline(body.slice(2), a.src, ctx);
        let otherwise: Node[] = [];
        for (;;) {
          const inner = scoped(ctx.inRange, () => parseBlock(new Set(["else", "end"])));
          if (!inner.stop) throw new TemplateError(`${a.src} has no matching {{ end }}`, a.src);
          branches.push({ cond, body: inner.nodes });
          if (inner.stop.kw === "end") break;
          const rest = inner.stop.rest.trim();
          if (rest.startsWith("if ") || rest === "if") {
            cond = parsePipeline(rest.slice(2), inner.stop.src, ctx);
            continue;
          }
          if (rest !== "") throw new TemplateError(`${inner.stop.src} is not supported`, inner.stop.src);
          const last = scoped(ctx.inRange, () => parseBlock(new Set(["end"])));
          if (!last.stop) throw new TemplateError(`${a.src} has no matching {{ end }}`, a.src);
          otherwise = last.nodes;
          break;
        }
        nodes.push({ t: "if", branches, otherwise, src: a.src });
        continue;
      }
      if ((kw === "range" || kw === "with") && dialect === "chart") {
        const expr = body.slice(kw.length);
        if (/\$\w*\s*(,|:?=)/.test(expr)) throw new TemplateError(`${a.src}: ${kw} with variables is outside the supported template subset`, a.src);
        const pipe = parsePipeline(expr, a.src, ctx);
        const inner = scoped(true, () => parseBlock(new Set(["else", "end"])));
        if (!inner.stop) throw new TemplateError(`${a.src} has no matching {{ end }}`, a.src);
        let otherwise: Node[] = [];
        if (inner.stop.kw === "else") {
          if (inner.stop.rest.trim() !== "") throw new TemplateError(`${inner.stop.src} is not supported`, inner.stop.src);
          const last = scoped(ctx.inRange, () => parseBlock(new Set(["end"])));
          if (!last.stop) throw new TemplateError(`${a.src} has no matching {{ end }}`, a.src);
          otherwise = last.nodes;
        }
        nodes.push({ t: kw, pipe, body: inner.nodes, otherwise, src: a.src });
        continue;
      }
      if (kw === "else" || kw === "end") {
        if (stopAt.has(kw)) return { nodes, stop: { kw, rest: body.slice(kw.length), src: a.src } };
        throw new TemplateError(`${a.src} without a matching {{ if }}`, a.src);
      }
      if (kw !== undefined) throw new TemplateError(`${a.src}: "${kw}" is outside the supported template subset`, a.src);
      const assign = /^\$(\w+)\s*(:?=)\s*([\s\S]*)$/.exec(body);
      if (assign || /\$\w*\s*:?=/.test(body)) {
        if (dialect !== "chart" || !assign) throw new TemplateError(`${a.src}: variables are outside the supported template subset`, a.src);
        const [, name, op, expr] = assign;
        const pipe = parsePipeline(expr!, a.src, ctx);
        if (op === ":=") ctx.vars[ctx.vars.length - 1]!.add(name!);
        else if (!ctx.vars.some((s) => s.has(name!))) throw new TemplateError(`${a.src}: undefined variable $${name}`, a.src);
        nodes.push({ t: "set", name: name!, pipe, src: a.src });
        continue;
      }
      nodes.push({ t: "out", pipe: parsePipeline(body, a.src, ctx), src: a.src });
    }
    return { nodes };
  };
  const { nodes, stop } = parseBlock(new Set());
  if (stop) throw new TemplateError(`unexpected ${stop.src}`, stop.src);
  const tpl: Template = { nodes };
  const simple = simpleForm(nodes);
  if (simple) tpl.simple = simple;
  return tpl;
}

/** Text and outputs of a root field (`{{ .a.b }}` or `{{ $.a.b }}` at the top, where the dot is the root), or undefined. */
function simpleForm(nodes: readonly Node[]): Template["simple"] {
  const parts: (string | readonly string[])[] = [];
  const srcs: string[] = [];
  const keys: string[] = [];
  for (const n of nodes) {
    if (n.t === "text") parts.push(n.text);
    else if (n.t === "out" && n.pipe.length === 1 && n.pipe[0]!.fn === undefined && n.pipe[0]!.args.length === 1) {
      const a = n.pipe[0]!.args[0]!;
      if (a.t === "field" || (a.t === "var" && a.name === "")) {
        parts.push(a.path);
        srcs.push(n.src);
        keys.push(a.path.join("\0"));
      } else return undefined;
    } else return undefined;
  }
  return { parts, srcs, keys };
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

type Tok = { k: "str" | "num" | "ident" | "field" | "var" | "(" | ")" | "|"; v: string };

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
    if (w.startsWith("$")) toks.push({ k: "var", v: w });
    else if (w.startsWith(".")) toks.push({ k: "field", v: w });
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

/** The fields of the root each dialect offers. */
const ROOTS: Record<Dialect, { roots: ReadonlySet<string>; what: string }> = {
  values: { roots: new Set(["Values"]), what: "only .Values is available to app values" },
  chart: { roots: new Set(["Values", "Release"]), what: "only .Values and .Release are available to chart templates here" },
};

/** A field path read from the root: it must start at one of the dialect's roots. */
function checkRoot(path: string[], shown: string, src: string, ctx: ParseContext): void {
  const { roots, what } = ROOTS[ctx.dialect];
  if (path.length === 0) return;
  if (!roots.has(path[0]!)) throw new TemplateError(`${src}: ${what} (found ${shown})`, src);
  if (path[0] === "Release" && path[1] !== undefined && path[1] !== "Name" && path[1] !== "Namespace") {
    throw new TemplateError(`${src}: only .Release.Name and .Release.Namespace are available (found ${shown})`, src);
  }
}

function parsePipeline(body: string, src: string, ctx: ParseContext): Cmd[] {
  const toks = lex(body, src);
  let i = 0;
  const parsePipe = (closing: boolean): Cmd[] => {
    const cmds: Cmd[] = [];
    let cur: Arg[] = [];
    const flush = (): void => {
      if (cur.length === 0) throw new TemplateError(`${src}: empty command`, src);
      const [head, ...rest] = cur;
      if (head!.t === "lit" && typeof head!.v === "symbol") {
        const fn = (head!.v as symbol).description!;
        if (fn === FILES_GET && (rest.length !== 1 || rest[0]!.t !== "lit" || typeof rest[0]!.v !== "string")) {
          throw new TemplateError(`${src}: .Files.Get takes one string literal (homescale reads the files a literal names)`, src);
        }
        cmds.push({ fn, args: rest });
      } else {
        if (rest.length > 0) throw new TemplateError(`${src}: ${describeArg(head!)} is not a function`, src);
        cmds.push({ args: [head!] });
      }
      cur = [];
    };
    const functionHead = (fn: string, shown: string): void => {
      if (cur.length > 0) throw new TemplateError(`${src}: ${shown} must come first in a command; wrap it in parentheses`, src);
      cur.push({ t: "lit", v: Symbol(fn) });
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
      else if (t.k === "field" || t.k === "var") {
        const dot = t.v.indexOf(".");
        const name = t.k === "var" ? (dot < 0 ? t.v.slice(1) : t.v.slice(1, dot)) : "";
        const rest = t.k === "var" ? (dot < 0 ? "" : t.v.slice(dot)) : t.v;
        const path = rest === "" || rest === "." ? [] : rest.slice(1).split(".");
        const fromRoot = t.k === "var" ? name === "" : !ctx.inRange;
        if (t.k === "var" && name !== "") {
          if (ctx.dialect !== "chart") throw new TemplateError(`${src}: variables are outside the supported template subset`, src);
          if (!ctx.vars.some((s) => s.has(name))) throw new TemplateError(`${src}: undefined variable $${name}`, src);
        }
        if (fromRoot && path.length === 2 && path[0] === "Files" && path[1] === "Get" && ctx.dialect === "values") {
          functionHead(FILES_GET, t.v);
          continue;
        }
        if (fromRoot) checkRoot(path, t.v, src, ctx);
        cur.push(t.k === "var" ? { t: "var", name, path } : { t: "field", path });
      } else if (t.v === "true" || t.v === "false") cur.push({ t: "lit", v: t.v === "true" });
      else if (t.v === "nil") cur.push({ t: "lit", v: null });
      else if (FUNCS.has(t.v)) functionHead(t.v, t.v);
      else {
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
  if (a.t === "field") return `.${a.path.join(".")}`;
  if (a.t === "var") return `$${a.name}${a.path.map((p) => `.${p}`).join("")}`;
  return "(...)";
}

/** The files of the catalog chart that `.Files.Get` reads, by chart-relative path. */
export interface ChartFiles {
  /** The file's bytes; undefined when the repository has no such file (Helm then reads ""). */
  get(path: string): Uint8Array | undefined;
}

/**
 * What a template sees: `.Values` (the catalog's values with this cluster's name and region filled
 * in, or a chart's values), and where the dialect offers them, `.Files` and `.Release`.
 */
export interface TemplateData {
  Values: unknown;
  Files?: ChartFiles;
  Release?: { Name: string; Namespace: string };
}

interface Scope {
  vars: Map<string, unknown>;
  parent?: Scope;
}

/**
 * What one rendering may cost: nested ranges over the values multiply, and a template that would
 * render for hours or to gigabytes is an error at the range, not a hang.
 */
export const MAX_RENDER_STEPS = 1_000_000;
export const MAX_RENDER_CHARS = 8 * 1024 * 1024;

export function renderTemplate(tpl: Template, data: TemplateData): string {
  if (tpl.simple) return renderSimple(tpl.simple, data);
  let out = "";
  let steps = 0;
  /** `loop`: the innermost range, where a budget runs out (the action to point at). */
  const run = (nodes: Node[], dot: unknown, scope: Scope, loop: string | undefined): void => {
    for (const n of nodes) {
      if (++steps > MAX_RENDER_STEPS || out.length > MAX_RENDER_CHARS) {
        const what = steps > MAX_RENDER_STEPS ? `more than ${MAX_RENDER_STEPS} steps` : `more than ${MAX_RENDER_CHARS} characters`;
        const at = loop ?? (n.t === "text" ? "" : n.src);
        throw new TemplateError(`${at || "the template"}: rendering takes ${what}, past homescale's limit`, at);
      }
      if (n.t === "text") out += n.text;
      else if (n.t === "out") out += print(evalPipe(n.pipe, { data, dot, scope }, n.src), n.src);
      else if (n.t === "set") assign(scope, n.name, evalPipe(n.pipe, { data, dot, scope }, n.src));
      else if (n.t === "if") {
        const hit = n.branches.find((b) => truthy(evalPipe(b.cond, { data, dot, scope }, n.src)));
        run(hit ? hit.body : n.otherwise, dot, { vars: new Map(), parent: scope }, loop);
      } else if (n.t === "with") {
        const v = evalPipe(n.pipe, { data, dot, scope }, n.src);
        if (truthy(v)) run(n.body, v, { vars: new Map(), parent: scope }, loop);
        else run(n.otherwise, dot, { vars: new Map(), parent: scope }, loop);
      } else {
        const items = rangeItems(evalPipe(n.pipe, { data, dot, scope }, n.src), n.src);
        if (items.length === 0) run(n.otherwise, dot, { vars: new Map(), parent: scope }, loop);
        for (const item of items) run(n.body, item, { vars: new Map(), parent: scope }, loop ?? n.src);
      }
    }
  };
  run(tpl.nodes, data, { vars: new Map() }, undefined);
  return out;
}

/** A root field's value as evalArg looks it up: undefined where the path leaves the maps. */
export function lookUpField(data: TemplateData, path: readonly string[]): unknown {
  let cur: unknown = data;
  for (let j = 0; j < path.length; j++) {
    const k = path[j]!;
    if (typeof cur !== "object" || cur === null || Array.isArray(cur) || cur instanceof GoBytes || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The error a simple template's output of `v` raises (print's rule), or undefined when it prints. */
export function printError(v: unknown, src: string): TemplateError | undefined {
  if (v === undefined || v === null || typeof v !== "object" || v instanceof GoBytes) return undefined;
  try {
    print(v, src);
    return undefined;
  } catch (e) {
    return e as TemplateError;
  }
}

/** What the interpreter gives for a simple template (evalArg's lookup, print's rules), without its allocations. */
function renderSimple(simple: NonNullable<Template["simple"]>, data: TemplateData): string {
  let out = "";
  let field = 0;
  const { parts } = simple;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (typeof p === "string") {
      out += p;
      continue;
    }
    const cur = lookUpField(data, p);
    out += typeof cur === "string" ? cur : print(cur, simple.srcs[field]!);
    field++;
  }
  return out;
}

/** `$x := v` declares in the innermost scope (the parser put it there); `$x = v` sets the nearest. */
function assign(scope: Scope, name: string, v: unknown): void {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.vars.has(name)) {
      s.vars.set(name, v);
      return;
    }
  }
  scope.vars.set(name, v);
}

/** What range walks: a list's items, a map's values in key order (Go's), nothing for nil. */
function rangeItems(v: unknown, src: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === "object" && !(v instanceof GoBytes)) {
    const m = v as Record<string, unknown>;
    return Object.keys(m)
      .sort()
      .map((k) => m[k]);
  }
  throw new TemplateError(`${src}: range over ${typeof v} is outside the supported template subset`, src);
}

interface Env {
  data: TemplateData;
  dot: unknown;
  scope: Scope;
}

function evalPipe(cmds: Cmd[], env: Env, src: string): unknown {
  let prev: unknown;
  let first = true;
  for (const c of cmds) {
    const args = c.args.map((a) => evalArg(a, env, src));
    if (!first) args.push(prev);
    first = false;
    prev = c.fn === undefined ? args[args.length - 1] : call(c.fn, args, env, src);
    if (c.fn === undefined && args.length > 1) throw new TemplateError(`${src}: cannot pipe into a value`, src);
  }
  return prev;
}

function evalArg(a: Arg, env: Env, src: string): unknown {
  if (a.t === "lit") return a.v;
  if (a.t === "pipe") return evalPipe(a.pipe, env, src);
  let cur: unknown;
  if (a.t === "field") cur = env.dot;
  else if (a.name === "") cur = env.data;
  else {
    let s: Scope | undefined = env.scope;
    while (s && !s.vars.has(a.name)) s = s.parent;
    cur = s?.vars.get(a.name);
  }
  for (const k of a.path) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur) || cur instanceof GoBytes || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function call(fn: string, args: unknown[], env: Env, src: string): unknown {
  const need = (n: number): void => {
    if (args.length !== n) throw new TemplateError(`${src}: ${fn} takes ${n} argument${n === 1 ? "" : "s"}`, src);
  };
  const str = (v: unknown): string => (v === undefined || v === null ? "" : typeof v === "string" ? v : print(v, src));
  const fail = (why: string): never => {
    throw new TemplateError(`${src}: ${why}`, src);
  };
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
    case "printf": {
      if (args.length === 0 || typeof args[0] !== "string") fail("printf takes a format string first");
      return printf(args[0] as string, args.slice(1), str, fail);
    }
    case "sha256sum": {
      need(1);
      const v = args[0];
      return sha256sum(v instanceof GoBytes ? v : str(v));
    }
    case "required": {
      need(2);
      const v = args[1];
      if (v === undefined || v === null || v === "") fail(str(args[0]));
      return v;
    }
    case FILES_GET: {
      const files = env.data.Files;
      if (!files) fail(".Files is not available here");
      const path = args[0] as string;
      // The chart's own files only: Helm's .Files holds nothing above the chart folder.
      if (path.startsWith("/") || path.split("/").includes("..")) fail(`.Files.Get "${path}" reads outside the catalog chart (apps/); only the chart's own files can be read`);
      return new GoBytes(files!.get(path) ?? new Uint8Array());
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
  if (v instanceof GoBytes) return v.bytes.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v as object).length > 0;
  return true;
}

/** Go's fmt of a value in a template; a missing value prints as "" (Helm drops "<no value>"). */
function print(v: unknown, src: string): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (v instanceof GoBytes) return textOf(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : goFloat(v);
  throw new TemplateError(`${src}: prints a ${Array.isArray(v) ? "list" : "map"}; only strings, numbers and booleans can be printed`, src);
}

function goFloat(v: number): string {
  const s = String(v);
  return /e/.test(s) ? s.replace(/e([+-])(\d)$/, "e$10$2") : s;
}
