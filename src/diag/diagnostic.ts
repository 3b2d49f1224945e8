/**
 * Diagnostics are values: rules collect them, nothing throws for bad input.
 * A diagnostic first points at a place in a source file by *path* (the keys and indexes that lead
 * to the offending YAML node) or by byte offset; line and column are computed late, only for the
 * diagnostics that are actually reported (see `locate.ts`), so a clean repository never pays for
 * source positions.
 */
import type { Code } from "./codes.js";

export type Severity = "error" | "warning" | "info";
export type PathSegment = string | number;

/** Where a problem is: a file, and inside it a YAML path or an offset range. */
export interface Where {
  file: string;
  /** Keys and indexes from the document root to the node. */
  path?: readonly PathSegment[];
  /** Point at the mapping key rather than its value (unknown fields, bad names). */
  key?: boolean;
  /** A substring of the node's scalar text to narrow the range to (a template expression). */
  needle?: string;
  /** Offsets into the file text, when known directly (syntax errors). */
  offset?: number;
  endOffset?: number;
}

export interface Finding {
  code: Code;
  severity: Severity;
  message: string;
  hint?: string;
  where: Where;
}

/** The public shape (DESIGN.md, JSON output). Lines and columns are 1-based. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  hint?: string;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorted by file, then line and column, then code, so output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (a.severity !== b.severity) return severityRank[a.severity] - severityRank[b.severity];
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function countBySeverity(diags: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diags) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

export function hasErrors(findings: readonly { severity: Severity }[]): boolean {
  return findings.some((f) => f.severity === "error");
}
