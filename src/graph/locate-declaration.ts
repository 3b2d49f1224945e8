/**
 * Declarations -> lines. A graph edge remembers where it comes from as a YAML path into a file;
 * the line is computed only when someone asks (a trace hop, an access row), one precise parse per
 * file, cached. Without the source texts (a hand-built model) there is no line: undefined.
 */
import type { PathSegment } from "../diag/diagnostic.js";
import type { SourceText } from "../diag/locate.js";
import { lineCol, parsePrecise, spanAt, type PreciseDoc } from "../parse/precise.js";

export interface Declaration {
  /** Repository-relative path, e.g. apps/homepage/app.yaml. */
  file: string;
  /** Keys and indexes from the document root to the declaring node. */
  path: PathSegment[];
}

export class DeclarationLocator {
  private readonly docs = new Map<string, PreciseDoc | null>();
  private readonly lines = new Map<string, number | undefined>();

  constructor(private readonly sources?: ReadonlyMap<string, SourceText>) {}

  /** 1-based line of the declaration, or undefined when the file's text is not at hand. */
  line(d: Declaration): number | undefined {
    const key = `${d.file}\0${d.path.join("\0")}`;
    if (this.lines.has(key)) return this.lines.get(key);
    const p = this.doc(d.file);
    let line: number | undefined;
    if (p) {
      const span = spanAt(p.doc, d.path, false);
      line = lineCol(p.lines, span.start).line;
    }
    this.lines.set(key, line);
    return line;
  }

  private doc(file: string): PreciseDoc | undefined {
    const cached = this.docs.get(file);
    if (cached !== undefined) return cached ?? undefined;
    const src = this.sources?.get(file);
    let p: PreciseDoc | null = null;
    if (src) {
      try {
        p = src.precise ?? parsePrecise(src.text);
      } catch {
        p = null;
      }
    }
    this.docs.set(file, p);
    return p ?? undefined;
  }
}
