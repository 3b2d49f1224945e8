/**
 * The precise parser: eemeli/yaml with source ranges on every node. It is the authority on what a
 * file means, and the only place positions come from. It runs only for files that need it: a file
 * the fast parser rejects, a file with anchors or YAML 1.1 look-alikes, and any file that gets a
 * diagnostic (to turn its YAML path into a line and column).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { PathSegment } from "../diag/diagnostic.js";

/** Weighted alias expansions allowed per document (eemeli/yaml counts nested expansions). */
export const MAX_ALIAS_COUNT = 100;

export interface PreciseDoc {
  doc: Document.Parsed;
  lines: LineCounter;
}

/** How the precise parser reads YAML (one document here; several in yaml-documents.ts). */
export const PRECISE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true, version: "1.2", schema: "core", keepSourceTokens: false } as const;

export function parsePrecise(text: string): PreciseDoc {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, ...PRECISE_OPTIONS });
  return { doc, lines };
}

export interface Span {
  start: number;
  end: number;
}

/**
 * The source span of the node at `path`: its key when `key` is set, else its value. When the path
 * leads beyond what exists (a missing field), the deepest existing node along it is used.
 */
export function spanAt(doc: Document.Parsed, path: readonly PathSegment[], key: boolean): Span {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  let last: Span = spanOf(doc.contents as Node | null) ?? { start: 0, end: 0 };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    keyNode = undefined;
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && scalarKey(p.key) === String(seg));
      if (!pair) return last;
      keyNode = pair.key as Node;
      const isLast = i === path.length - 1;
      const ks = spanOf(keyNode);
      if (isLast && key && ks) return ks;
      node = pair.value;
      last = spanOf(node as Node | null) ?? ks ?? last;
      if (node === null || node === undefined) {
        if (ks) last = ks;
        if (!isLast) return last;
      }
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (item === undefined) return last;
      node = item;
      last = spanOf(item as Node | null) ?? last;
    } else {
      return last;
    }
  }
  return last;
}

function scalarKey(k: unknown): string | undefined {
  if (isScalar(k)) return String(k.value);
  return undefined;
}

/** A node's source span; undefined for an empty value (`key:` with nothing after it), so callers fall back to its key. */
function spanOf(n: Node | null | undefined): Span | undefined {
  if (!n || !n.range) return undefined;
  const [start, valueEnd] = n.range;
  if (valueEnd <= start) return undefined;
  return { start, end: valueEnd };
}

/** 1-based line and column of an offset. */
export function lineCol(lines: LineCounter, offset: number): { line: number; column: number } {
  const p = lines.linePos(offset);
  return { line: p.line, column: p.col };
}
