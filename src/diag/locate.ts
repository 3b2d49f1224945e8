/**
 * Turns findings into public diagnostics: the one place where a YAML path or an offset becomes a
 * line and a column. Files that need a position get one precise parse, shared by all their
 * findings; files without findings are never re-parsed.
 */
import { isScalar, LineCounter } from "yaml";
import { embeddedOffsets } from "../parse/embedded.js";
import { lineCol, parsePrecise, spanAt, type PreciseDoc, type Span } from "../parse/precise.js";
import { compareDiagnostics, type Diagnostic, type Finding, type PathSegment, type Where } from "./diagnostic.js";

export interface SourceText {
  text: string;
  precise?: PreciseDoc;
  /**
   * Paths of string values that hold a YAML document of their own (a Helm `values: |` block): a
   * path that goes on past one of them continues inside that document.
   */
  embedded?: readonly (readonly PathSegment[])[];
  /**
   * Parts of this file's tree that are written in another file: a path under `prefix` is at
   * `path` + the rest in `file`. A catalog of generation 2 keeps an app's per-cluster settings in
   * the cluster's bootstrap values (clusters/<c>/apps.yaml), while the model holds them as the app's
   * clusters.<c> (model/catalog-overrides.ts).
   */
  redirects?: readonly Redirect[];
}

export interface Redirect {
  prefix: readonly PathSegment[];
  file: string;
  path: readonly PathSegment[];
}

/** Where a path of a file is written, following the file's redirects. */
export function redirected(sources: ReadonlyMap<string, SourceText>, where: Where): Where {
  const redirects = where.path ? sources.get(where.file)?.redirects : undefined;
  if (!redirects || !where.path) return where;
  const path = where.path;
  const r = redirects.find((x) => x.prefix.length <= path.length && x.prefix.every((seg, i) => String(path[i]) === String(seg)));
  if (!r) return where;
  return { ...where, file: r.file, path: [...r.path, ...path.slice(r.prefix.length)] };
}

export class Locator {
  private readonly docs = new Map<string, PreciseDoc>();
  private readonly counters = new Map<string, LineCounter>();

  constructor(private readonly sources: ReadonlyMap<string, SourceText>) {}

  text(file: string): string | undefined {
    return this.sources.get(file)?.text;
  }

  private readonly unparsable = new Set<string>();

  private precise(file: string): PreciseDoc | undefined {
    const cached = this.docs.get(file);
    if (cached) return cached;
    const src = this.sources.get(file);
    if (!src || this.unparsable.has(file)) return undefined;
    let p: PreciseDoc;
    try {
      p = src.precise ?? parsePrecise(src.text);
    } catch {
      // Nesting deep enough to overflow the parser's stack: no position rather than a crash.
      this.unparsable.add(file);
      return undefined;
    }
    this.docs.set(file, p);
    return p;
  }

  /** Line starts for offset-only findings (syntax errors): no parse needed. */
  private counter(file: string): LineCounter | undefined {
    const cached = this.counters.get(file);
    if (cached) return cached;
    const text = this.text(file);
    if (text === undefined) return undefined;
    const lc = new LineCounter();
    lc.addNewLine(0);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lc.addNewLine(i + 1);
    this.counters.set(file, lc);
    return lc;
  }

  /** Line and column (1-based) of a place, with its end when it spans more than a point; undefined without the file's text. */
  position(at: Where): { line: number; column: number; endLine?: number; endColumn?: number } | undefined {
    const where = redirected(this.sources, at);
    let start: number | undefined;
    let end: number | undefined;
    let lines: LineCounter | undefined;
    if (where.offset !== undefined) {
      start = where.offset;
      end = where.endOffset;
      lines = this.counter(where.file);
    } else if (where.path !== undefined) {
      const p = this.precise(where.file);
      if (p) {
        const span = this.embeddedSpan(where.file, p, where.path, where.key === true) ?? spanAt(p.doc, where.path, where.key === true);
        start = span.start;
        end = span.end;
        lines = p.lines;
        if (where.needle !== undefined) {
          const text = this.text(where.file) ?? "";
          const at = text.indexOf(where.needle, start);
          if (at >= 0 && at < Math.max(end, start + 1) + where.needle.length) {
            start = at;
            end = at + where.needle.length;
          }
        }
      }
    }
    if (lines === undefined || start === undefined) return undefined;
    const s = lineCol(lines, start);
    const pos: { line: number; column: number; endLine?: number; endColumn?: number } = { line: s.line, column: s.column };
    if (end !== undefined && end > start) {
      const e = lineCol(lines, end);
      pos.endLine = e.line;
      pos.endColumn = e.column;
    }
    return pos;
  }

  /** The span of a path that continues inside a YAML document held in a string of the file. */
  private embeddedSpan(file: string, p: PreciseDoc, path: readonly PathSegment[], key: boolean): Span | undefined {
    const src = this.sources.get(file);
    const holder = src?.embedded?.find((e) => e.length < path.length && e.every((seg, i) => String(path[i]) === String(seg)));
    if (!src || !holder) return undefined;
    const node = p.doc.getIn(holder as PathSegment[], true);
    if (!isScalar(node) || typeof node.value !== "string" || !node.range) return undefined;
    const inner = this.inner(file, holder, node.value);
    if (!inner) return undefined;
    const span = spanAt(inner.doc, path.slice(holder.length), key);
    const map = embeddedOffsets(src.text, node.range[0], node.value);
    return { start: map(span.start), end: map(span.end) };
  }

  private readonly inners = new Map<string, PreciseDoc | null>();

  private inner(file: string, holder: readonly PathSegment[], text: string): PreciseDoc | undefined {
    const key = `${file}\0${holder.join("\0")}`;
    let d = this.inners.get(key);
    if (d === undefined) {
      try {
        d = parsePrecise(text);
      } catch {
        d = null;
      }
      this.inners.set(key, d);
    }
    return d ?? undefined;
  }

  /** The file a place is written in, after the file's redirects. */
  fileOf(where: Where): string {
    return redirected(this.sources, where).file;
  }

  locate(f: Finding): Diagnostic {
    const d: Diagnostic = { code: f.code, severity: f.severity, message: f.message, file: this.fileOf(f.where), line: 1, column: 1 };
    Object.assign(d, this.position(f.where));
    if (f.hint !== undefined) d.hint = f.hint;
    return d;
  }

  /** Located, sorted, and with exact repeats removed: every problem is reported once. */
  locateAll(findings: readonly Finding[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    const seen = new Set<string>();
    for (const f of findings) {
      const d = this.locate(f);
      const k = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(d);
    }
    return out.sort(compareDiagnostics);
  }
}
