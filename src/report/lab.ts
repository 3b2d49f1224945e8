/** `lab` in text: each edge's checks, one line each, and the count. */
import { escapeControls as escapeText } from "./escape.js";
import type { Paint } from "./paint.js";

export interface LabCheckView {
  name: string;
  port: number;
  expect: string;
  result: "pass" | "fail";
  detail: string;
}

export function formatLabText(edges: readonly { edge: string; checks: readonly LabCheckView[] }[], paint: Paint, seconds?: number): string {
  let out = "";
  let passed = 0;
  let failed = 0;
  for (const e of edges) {
    out += `edge ${escapeText(e.edge)}\n`;
    for (const c of e.checks) {
      if (c.result === "pass") passed++;
      else failed++;
      const mark = c.result === "pass" ? paint.green("pass") : paint.red("FAIL");
      out += `  ${mark}  ${escapeText(c.name)}:${c.port}  ${c.expect}  ${escapeText(c.detail)}\n`;
    }
  }
  out += `lab: ${passed} checks passed, ${failed} failed${seconds !== undefined ? ` in ${seconds.toFixed(1)} s` : ""}\n`;
  return out;
}
