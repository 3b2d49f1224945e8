/** A trace for people: one line per hop with its file:line (text), or a table (markdown). */
import type { TraceResult } from "../graph/trace.js";
import type { Paint } from "./paint.js";
import { escapeControls as esc } from "./escape.js";
import { markdownTable } from "./tables.js";

function at(h: { file?: string; line?: number }): string {
  return h.file === undefined ? "" : h.line === undefined ? esc(h.file) : `${esc(h.file)}:${h.line}`;
}

export function formatTraceText(a: TraceResult, paint: Paint): string {
  // Names and details come from the repository: shown escaped, never as terminal control sequences.
  let out = `${paint.bold(esc(a.target))}\n`;
  a.hops.forEach((h, i) => {
    const where = at(h);
    out += `  ${String(i + 1).padStart(2)}. ${h.kind} ${paint.bold(esc(h.name))}: ${esc(h.detail)}${where ? `  ${paint.dim(where)}` : ""}\n`;
  });
  if (a.verdict === "reachable") out += `${paint.green("reachable")}\n`;
  else out += `${paint.red("unreachable")}: ${a.reason}${a.explanation ? ` (${esc(a.explanation)})` : ""}\n`;
  return out;
}

export function formatTraceMarkdown(a: TraceResult): string {
  const head = `**${esc(a.target)}**: ${a.verdict}${a.reason ? ` (${a.reason}${a.explanation ? `: ${esc(a.explanation)}` : ""})` : ""}\n\n`;
  return head + markdownTable(["#", "kind", "name", "detail", "declared at"], a.hops.map((h, i) => [String(i + 1), h.kind, `\`${h.name}\``, h.detail, at(h)]));
}
