/**
 * Turns findings into public diagnostics: the one place where a YAML path or an offset becomes a
 * line and a column. Files that need a position get one precise parse, shared by all their
 * findings; files without findings are never re-parsed.
 */
import { LineCounter } from "yaml";
import { lineCol, parsePrecise, spanAt, type PreciseDoc } from "../parse/precise.js";
import { compareDiagnostics, type Diagnostic, type Finding } from "./diagnostic.js";

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

  private precise(file: string): PreciseDoc | undefined {
    const cached = this.docs.get(file);
    if (cached) return cached;
    const src = this.sources.get(file);
    if (!src) return undefined;
    const p = src.precise ?? parsePrecise(src.text);
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

  locate(f: Finding): Diagnostic {
    const { where } = f;
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
    const d: Diagnostic = { code: f.code, severity: f.severity, message: f.message, file: where.file, line: 1, column: 1 };
    if (lines !== undefined && start !== undefined) {
      const s = lineCol(lines, start);
      d.line = s.line;
      d.column = s.column;
      if (end !== undefined && end > start) {
        const e = lineCol(lines, end);
        d.endLine = e.line;
        d.endColumn = e.column;
      }
    }
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
