/**
 * Declarations -> lines. A graph edge remembers where it comes from as a YAML path into a file;
 * the line is computed only when someone asks (a trace hop, an access row), by the same Locator
 * that places diagnostics (one precise parse per file). Without the source texts (a hand-built
 * model) there is no line: undefined.
 */
import type { PathSegment, Where } from "./diagnostic.js";
import { Locator, type SourceText } from "./locate.js";

export interface Declaration {
  /** Repository-relative path, e.g. apps/homepage/app.yaml. */
  file: string;
  /** Keys and indexes from the document root to the declaring node. */
  path: PathSegment[];
  /** An offset into the file instead, for files that are not YAML as written (a chart template). */
  offset?: number;
}

/** Where a finding about what a declaration declares is reported: its offset, else its path. */
export function whereOf(d: Declaration): Where {
  return d.offset !== undefined ? { file: d.file, offset: d.offset } : { file: d.file, path: d.path };
}

export class DeclarationLocator {
  private readonly locator: Locator | undefined;
  private readonly lines = new Map<string, number | undefined>();

  constructor(sources?: ReadonlyMap<string, SourceText>) {
    this.locator = sources ? new Locator(sources) : undefined;
  }

  /** 1-based line of the declaration, or undefined when the file's text is not at hand. */
  line(d: Declaration): number | undefined {
    const key = `${d.file}\0${d.path.join("\0")}\0${d.offset ?? ""}`;
    if (this.lines.has(key)) return this.lines.get(key);
    const line = this.locator?.position(whereOf(d))?.line;
    this.lines.set(key, line);
    return line;
  }

  /** The file the declaration is written in: its own, unless the model moved that part of it (SourceText.redirects). */
  file(d: Declaration): string {
    return this.locator?.fileOf({ file: d.file, path: d.path }) ?? d.file;
  }
}
