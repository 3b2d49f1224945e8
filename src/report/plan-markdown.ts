/** The plan as a pull-request comment: a summary table, the warnings, then collapsible details. */
import { escapeControls, escapeLines } from "./escape.js";
import { showValue, type FieldChange } from "../plan/diff-values.js";
import type { FileChange } from "../plan/diff-files.js";
import { isFileChange, isObjectChange, isResourceChange, planLayers, type Change, type Plan } from "../plan/plan.js";

const MAX_FIELDS = 30;
const MAX_LINES = 60;

/** The layers with file changes, in registry order, with their counts. */
function fileLayers(plan: Plan): { label: string; list: FileChange[]; add: number; change: number; remove: number }[] {
  const files = plan.changes.filter(isFileChange);
  return planLayers()
    .map((l) => {
      const list = files.filter((c) => c.layer === l.id);
      return { label: l.label, list, add: list.filter((c) => c.action === "add").length, change: list.filter((c) => c.action === "change").length, remove: list.filter((c) => c.action === "remove").length };
    })
    .filter((l) => l.list.length > 0);
}

/** Text inside a table cell or a line: no pipes, no HTML, no newlines. */
function md(s: string): string {
  return escapeControls(s.replace(/\r?\n/g, " ")).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, " ");
}

/** Inside a fenced diff block: only the fence itself must not appear. */
function fenced(s: string): string {
  return escapeLines(s).replace(/```/g, "`\u200b``");
}

function fieldLines(fields: FieldChange[], indent: string): string {
  let out = "";
  for (const f of fields.slice(0, MAX_FIELDS)) {
    if (f.before === undefined) out += `+${indent}${f.path} = ${showValue(f.after, 120)}\n`;
    else if (f.after === undefined) out += `-${indent}${f.path} = ${showValue(f.before, 120)}\n`;
    else out += `-${indent}${f.path} = ${showValue(f.before, 120)}\n+${indent}${f.path} = ${showValue(f.after, 120)}\n`;
  }
  if (fields.length > MAX_FIELDS) out += ` ${indent}(${fields.length - MAX_FIELDS} more fields)\n`;
  return out;
}

const mark = (c: Change): string =>
  isResourceChange(c) && c.tfAction === "replace" ? "!" : c.action === "add" ? "+" : c.action === "remove" ? "-" : "!";

export function formatPlanMarkdown(plan: Plan): string {
  const s = plan.summary;
  let out = `### homescale plan\n\n\`${md(plan.base.label)}\` → \`${md(plan.head.label)}\`\n\n`;
  if (!s.changed) {
    out += "**No changes.** Both revisions render the same objects, resources, access and public names.\n";
  } else {
    out += "| layer | add | change | remove | replace |\n|---|---:|---:|---:|---:|\n";
    out += `| Argo CD | ${s.argocd.add} | ${s.argocd.change} | ${s.argocd.remove} | – |\n`;
    // The other layers that change, in registry order.
    for (const l of s.layers) {
      if (l.id === "argocd" || l.id === "terraform" || l.add + l.change + l.remove + l.replace === 0) continue;
      out += `| ${md(l.label)} | ${l.add} | ${l.change} | ${l.remove} | – |\n`;
    }
    out += `| Terraform | ${s.terraform.create} | ${s.terraform.update} | ${s.terraform.destroy} | ${s.terraform.replace} |\n`;
    out += `| Access | ${s.access.added} | – | ${s.access.removed} | – |\n`;
    out += `| Public names | ${s.exposure.added} | – | ${s.exposure.removed} | – |\n`;
  }
  if (plan.warnings.length > 0) {
    out += `\n#### ⚠️ Warnings\n\n`;
    for (const w of plan.warnings) out += `- ${md(w.message)}\n`;
  }
  if (!s.changed) return out;

  // Object layers (Argo CD first, then the others in registry order), a section per cluster.
  const objects = plan.changes.filter(isObjectChange);
  for (const layer of s.layers) {
    const inLayer = objects.filter((c) => c.layer === layer.id);
    for (const cluster of [...new Set(inLayer.map((c) => c.cluster))]) {
      const list = inLayer.filter((c) => c.cluster === cluster);
      out += `\n<details><summary>${md(layer.label)}: <code>${md(cluster)}</code> (${list.length} change${list.length === 1 ? "" : "s"}, in sync-wave order)</summary>\n\n\`\`\`diff\n`;
      for (const c of list) {
        const wave = c.waveBefore !== undefined ? `wave ${c.waveBefore} -> ${c.wave}` : `wave ${c.wave}`;
        out += fenced(`${mark(c)} ${c.kind} ${c.namespace ? `${c.namespace}/` : ""}${c.name} (${wave})${c.action === "change" ? `: ${c.detail}` : ""}\n`);
        out += fenced(fieldLines(c.fields, "    "));
      }
      out += "```\n\n</details>\n";
    }
  }
  const resources = plan.changes.filter(isResourceChange);
  if (resources.length > 0) {
    out += `\n<details><summary>Terraform (${resources.length} resource${resources.length === 1 ? "" : "s"})</summary>\n\n\`\`\`diff\n`;
    for (const c of resources) {
      out += fenced(`${mark(c)} ${c.address} ${c.detail}\n`);
      out += fenced(fieldLines(c.fields, "    "));
    }
    out += "```\n\n</details>\n";
  }
  for (const l of fileLayers(plan)) {
    const n = l.list.length;
    out += `\n<details><summary>${md(l.label)} (${n} file${n === 1 ? "" : "s"})</summary>\n\n\`\`\`diff\n`;
    for (const c of l.list) {
      out += fenced(`${mark(c)} ${c.name} ${c.detail}\n`);
      for (const line of c.lines.slice(0, MAX_LINES)) out += fenced(`${line.op}    ${line.line}: ${line.text}\n`);
      if (c.lines.length > MAX_LINES) out += fenced(`     (${c.lines.length - MAX_LINES} more lines)\n`);
    }
    out += "```\n\n</details>\n";
  }
  if (plan.access.added.length + plan.access.removed.length > 0) {
    out += `\n<details><summary>Access (+${plan.access.added.length} −${plan.access.removed.length})</summary>\n\n| | source | app | protocol | port |\n|---|---|---|---|---|\n`;
    for (const t of plan.access.added) out += `| + | ${md(t.source)} | ${md(t.app)} | ${md(t.protocol)} | ${md(t.port)} |\n`;
    for (const t of plan.access.removed) out += `| − | ${md(t.source)} | ${md(t.app)} | ${md(t.protocol)} | ${md(t.port)} |\n`;
    out += "\n</details>\n";
  }
  if (plan.exposure.added.length + plan.exposure.removed.length > 0) {
    out += `\n<details><summary>Public names (+${plan.exposure.added.length} −${plan.exposure.removed.length})</summary>\n\n| | name | app | cluster | path |\n|---|---|---|---|---|\n`;
    for (const e of plan.exposure.added) out += `| + | ${md(e.fqdn)} | ${md(e.app)} | ${md(e.cluster)} | ${md(e.path)} |\n`;
    for (const e of plan.exposure.removed) out += `| − | ${md(e.fqdn)} | ${md(e.app)} | ${md(e.cluster)} | ${md(e.path)} |\n`;
    out += "\n</details>\n";
  }
  return out;
}
