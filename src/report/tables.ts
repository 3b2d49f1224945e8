/** Markdown and plain-text tables for the commands that print matrices (access, trace). */

import { escapeControls } from "./escape.js";

/** A cell's text comes from the repository: control characters escaped, pipes and newlines defused. */
function cell(s: string): string {
  return escapeControls(s.replace(/\|/g, "\\|").replace(/\n/g, " "));
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  let out = `| ${headers.map(cell).join(" | ")} |\n|${headers.map(() => "---").join("|")}|\n`;
  for (const r of rows) out += `| ${r.map(cell).join(" | ")} |\n`;
  return out;
}

/** Columns padded to their widest cell; the last column is not padded. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows].map((r) => r.map(escapeControls));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n") + "\n";
}
