/** The plan for a terminal, in terraform plan's idiom: + add, - remove, ~ change, -/+ replace. */
import { escapeControls as esc } from "./escape.js";
import type { Paint } from "./paint.js";
import { showValue, type FieldChange } from "../plan/diff-values.js";
import { isFileChange, isObjectChange, isResourceChange, planLayers, type Change, type Plan } from "../plan/plan.js";

const MAX_FIELDS = 20;

function fieldLines(fields: FieldChange[], indent: string, paint: Paint): string {
  let out = "";
  for (const f of fields.slice(0, MAX_FIELDS)) {
    if (f.before === undefined) out += `${indent}${paint.green("+")} ${esc(f.path)} = ${showValue(f.after)}\n`;
    else if (f.after === undefined) out += `${indent}${paint.red("-")} ${esc(f.path)} = ${showValue(f.before)}\n`;
    else out += `${indent}${paint.yellow("~")} ${esc(f.path)}: ${showValue(f.before)} ${paint.dim("->")} ${showValue(f.after)}\n`;
  }
  if (fields.length > MAX_FIELDS) out += `${indent}${paint.dim(`(${fields.length - MAX_FIELDS} more fields)`)}\n`;
  return out;
}

export function symbol(c: Change, paint: Paint): string {
  if (isResourceChange(c) && c.tfAction === "replace") return paint.red("-/+");
  return c.action === "add" ? paint.green("+") : c.action === "remove" ? paint.red("-") : paint.yellow("~");
}

export function formatPlanText(plan: Plan, paint: Paint): string {
  let out = `homescale plan: ${esc(plan.base.label)} -> ${esc(plan.head.label)}\n`;
  if (!plan.summary.changed) return `${out}\n${paint.green("No changes.")} Both revisions render the same objects, resources, access and public names.\n${warningsText(plan, paint)}`;

  // Object layers (Argo CD first, then the others in registry order), each per cluster in wave order.
  const objects = plan.changes.filter(isObjectChange);
  for (const layer of plan.summary.layers) {
    const list = objects.filter((c) => c.layer === layer.id);
    if (list.length === 0) continue;
    out += `\n${paint.bold(esc(layer.label))} ${paint.dim("(per cluster, in sync-wave order)")}\n`;
    let cluster = "";
    for (const c of list) {
      if (c.cluster !== cluster) {
        cluster = c.cluster;
        out += `  ${paint.bold(`cluster ${esc(cluster)}`)}\n`;
      }
      const wave = c.waveBefore !== undefined ? `wave ${c.waveBefore} -> ${c.wave}` : `wave ${c.wave}`;
      out += `    ${symbol(c, paint)} ${esc(c.kind)} ${c.namespace ? `${esc(c.namespace)}/` : ""}${esc(c.name)} ${paint.dim(`(${wave})`)}${c.action === "change" ? `: ${esc(c.detail)}` : ""}\n`;
      out += fieldLines(c.fields, "        ", paint);
    }
  }
  const resources = plan.changes.filter(isResourceChange);
  if (resources.length > 0) {
    out += `\n${paint.bold("Terraform")}\n`;
    for (const c of resources) {
      out += `  ${symbol(c, paint)} ${paint.bold(esc(c.address))} ${esc(c.detail)}\n`;
      out += fieldLines(c.fields, "      ", paint);
    }
  }
  out += filesText(plan, paint);
  if (plan.access.added.length + plan.access.removed.length > 0) {
    out += `\n${paint.bold("Access")} ${paint.dim("(source app protocol/port)")}\n`;
    for (const t of plan.access.added) out += `  ${paint.green("+")} ${esc(t.key)}\n`;
    for (const t of plan.access.removed) out += `  ${paint.red("-")} ${esc(t.key)}\n`;
  }
  if (plan.exposure.added.length + plan.exposure.removed.length > 0) {
    out += `\n${paint.bold("Public names")}\n`;
    for (const e of plan.exposure.added) out += `  ${paint.green("+")} ${esc(e.path)}\n`;
    for (const e of plan.exposure.removed) out += `  ${paint.red("-")} ${esc(e.path)}\n`;
  }
  out += warningsText(plan, paint);
  out += `\n${paint.bold("Plan:")} ${summaryText(plan)}\n`;
  return out;
}

const MAX_LINES = 40;

/** The files diffed line by line, layer by layer (Talos patches, Omni templates, edge configs). */
function filesText(plan: Plan, paint: Paint): string {
  const files = plan.changes.filter(isFileChange);
  let out = "";
  for (const layer of planLayers()) {
    const list = files.filter((c) => c.layer === layer.id);
    if (list.length === 0) continue;
    out += `\n${paint.bold(esc(layer.label))} ${paint.dim("(files)")}\n`;
    for (const c of list) {
      out += `  ${symbol(c, paint)} ${paint.bold(esc(c.name))} ${esc(c.detail)}\n`;
      for (const l of c.lines.slice(0, MAX_LINES)) out += `      ${l.op === "+" ? paint.green("+") : paint.red("-")} ${paint.dim(`${l.line}:`)} ${esc(l.text)}\n`;
      if (c.lines.length > MAX_LINES) out += `      ${paint.dim(`(${c.lines.length - MAX_LINES} more lines)`)}\n`;
    }
  }
  return out;
}

function warningsText(plan: Plan, paint: Paint): string {
  if (plan.warnings.length === 0) return "";
  let out = `\n${paint.bold(paint.yellow("Warnings"))}\n`;
  for (const w of plan.warnings) {
    out += `  ${paint.yellow("!")} ${esc(w.message)}\n`;
    if (w.kind === "access-lost") for (const i of w.items ?? []) out += `      ${paint.red("-")} ${esc(i)}\n`;
  }
  return out;
}

/** The layers besides Argo CD and Terraform that change, as `Ingress 1 to add, ...` pieces. */
export function otherLayers(plan: Plan): string[] {
  return plan.summary.layers
    .filter((l) => l.id !== "argocd" && l.id !== "terraform" && l.add + l.change + l.remove + l.replace > 0)
    .map((l) => `${l.label} ${l.add} to add, ${l.change} to change, ${l.remove} to remove`);
}

export function summaryText(plan: Plan): string {
  const s = plan.summary;
  return (
    `Argo CD ${s.argocd.add} to add, ${s.argocd.change} to change, ${s.argocd.remove} to remove; ` +
    otherLayers(plan).map((x) => `${x}; `).join("") +
    `Terraform ${s.terraform.create} to add, ${s.terraform.update} to change, ${s.terraform.destroy} to destroy, ${s.terraform.replace} to replace; ` +
    `access +${s.access.added} -${s.access.removed}; public names +${s.exposure.added} -${s.exposure.removed}` +
    (s.warnings > 0 ? `; ${s.warnings} warning${s.warnings === 1 ? "" : "s"}` : "")
  );
}
