/** GitHub Actions workflow commands: one annotation per diagnostic. */
import type { Diagnostic } from "../diag/diagnostic.js";
import { escapeControls } from "./escape.js";

const level = { error: "error", warning: "warning", info: "notice" } as const;

/** A workflow command's data; control characters from the input are shown escaped (the log renders ANSI). */
export function escapeData(s: string): string {
  return escapeControls(s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(diags: readonly Diagnostic[]): string {
  let out = "";
  for (const d of diags) {
    const props = [`file=${escapeProperty(d.file)}`, `line=${d.line}`, `col=${d.column}`];
    if (d.endLine !== undefined) props.push(`endLine=${d.endLine}`);
    if (d.endColumn !== undefined && d.endLine === d.line) props.push(`endColumn=${d.endColumn}`);
    props.push(`title=${escapeProperty(d.code)}`);
    const msg = d.hint !== undefined ? `${d.message} (hint: ${d.hint})` : d.message;
    out += `::${level[d.severity]} ${props.join(",")}::${escapeData(msg)}\n`;
  }
  return out;
}
