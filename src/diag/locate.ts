/**
 * Turns findings into public diagnostics: the one place where a YAML path or an offset becomes a
 * line and a column. Files that need a position get one precise parse, shared by all their
 * findings; files without findings are never re-parsed.
 */
import { LineCounter } from "yaml";
import { lineCol, parsePrecise, spanAt, type PreciseDoc } from "../parse/precise.js";
import { compareDiagnostics, type Diagnostic, type Finding, type Where } from "./diagnostic.js";

export interface SourceText {
  text: string;
  precise?: PreciseDoc;
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
  position(where: Where): { line: number; column: number; endLine?: number; endColumn?: number } | undefined {
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
        const span = spanAt(p.doc, where.path, where.key === true);
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

  locate(f: Finding): Diagnostic {
    const d: Diagnostic = { code: f.code, severity: f.severity, message: f.message, file: f.where.file, line: 1, column: 1 };
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
