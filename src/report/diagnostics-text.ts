/** Human output: `file:line:column: severity CODE message`, a caret excerpt, and the hint. */
import type { Diagnostic } from "../diag/diagnostic.js";
import { countBySeverity } from "../diag/diagnostic.js";
import { escapeControls, escapeLine } from "./escape.js";
import type { Paint } from "./paint.js";

export function formatTextDiagnostics(diags: readonly Diagnostic[], texts: (file: string) => string | undefined, paint: Paint): string {
  let out = "";
  for (const d of diags) {
    const sev = d.severity === "error" ? paint.red("error") : d.severity === "warning" ? paint.yellow("warning") : paint.cyan("info");
    out += `${paint.bold(`${escapeControls(d.file)}:${d.line}:${d.column}`)}: ${sev} ${paint.dim(d.code)} ${escapeControls(d.message)}\n`;
    const text = texts(d.file);
    if (text !== undefined) out += excerpt(text, d, paint);
    if (d.hint !== undefined) out += `  ${paint.cyan("hint:")} ${escapeControls(d.hint)}\n`;
  }
  return out;
}

function excerpt(text: string, d: Diagnostic, paint: Paint): string {
  const lines = text.split("\n");
  const line = lines[d.line - 1];
  if (line === undefined) return "";
  const safe = escapeLine(line.replace(/\t/g, " ").replace(/\r$/, ""));
  const shown = safe.shown;
  const num = String(d.line);
  const pad = " ".repeat(num.length);
  const start = safe.column(Math.max(1, d.column));
  const endCol = d.endLine === d.line && d.endColumn !== undefined && d.endColumn > d.column ? safe.column(d.endColumn) : start + 1;
  const width = Math.max(1, Math.min(endCol, shown.length + 1) - start);
  const caret = paint.red("^".repeat(width));
  return `  ${paint.dim(`${num} |`)} ${shown}\n  ${paint.dim(`${pad} |`)} ${" ".repeat(start - 1)}${caret}\n`;
}

export function summaryLine(diags: readonly Diagnostic[]): string {
  const { errors, warnings, infos } = countBySeverity(diags);
  const parts = [plural(errors, "error"), plural(warnings, "warning")];
  if (infos > 0) parts.push(plural(infos, "info"));
  return parts.join(", ");
}

/** "1 cluster", "3 clusters". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
