import type { Code } from "../../diag/codes.js";
import type { Where } from "../../diag/diagnostic.js";
import { closest } from "../../diag/suggest.js";
import { whereOf, type OmniMachineSet, type OmniModel, type OmniTemplate, type PatchRef, type YamlPlace } from "../../model/omni-types.js";
import { CONTROL_PLANES_NAME, OMNI_SYSTEM_PREFIX } from "../../schema/omni/template.js";
import type { Rule, RuleContext } from "../rule.js";

/**
 * Omni cluster templates, checked as `omnictl cluster template validate` checks them (siderolabs/omni
 * models/*.go, List.Validate): one Cluster and one ControlPlane; machine sets with machines or a
 * machine class, never both, the class one of infra/omni/machineclasses/; patches that are a file
 * CI puts beside the template or an inline patch with a name. (Their versions: talos-versions.)
 */
export const omniTemplatesRule: Rule = {
  name: "omni-templates",
  codes: ["HS120", "HS122", "HS123", "HS124", "HS125"],
  run(ctx) {
    const omni = ctx.model.omni;
    if (!omni) return;
    for (const t of omni.templates) {
      structure(ctx, t);
      for (const s of t.sets) machineSet(ctx, omni, t, s);
      machines(ctx, t);
      for (const p of t.patches) patch(ctx, omni, p);
    }
  },
};

type Report = (code: Code, message: string, where: Where, hint?: string) => void;

function structure(ctx: RuleContext, t: OmniTemplate): void {
  const r: Report = ctx.report;
  for (const d of t.documents) if (d.problem !== undefined) r("HS120", d.problem, whereOf(d.at), "give each document kind: Cluster, ControlPlane, Workers or Machine");
  const start: Where = t.documents[0] ? whereOf(t.documents[0].at) : { file: t.file, offset: 0 };
  const counted = (kind: "Cluster" | "ControlPlane", found: readonly { at: YamlPlace }[]): void => {
    if (found.length === 1) return;
    const where = found.length > 1 ? whereOf(found[1]!.at) : start;
    r("HS120", `a template holds exactly one ${kind} document; ${t.file} has ${found.length}`, where, found.length > 1 ? `merge the ${kind} documents into one` : `add a document with kind: ${kind}`);
  };
  counted("Cluster", t.clusters);
  counted("ControlPlane", t.sets.filter((s) => s.kind === "ControlPlane"));
  for (const c of t.clusters) {
    if (c.name === undefined || c.name === "") r("HS120", "the Cluster has no name", whereOf(c.at, ["name"]), `name it, e.g. name: ${t.cluster}`);
    else if (!/^[\p{L}\p{N}_-]+$/u.test(c.name)) r("HS120", `cluster name ${c.name} may hold only letters, digits, dashes and underscores`, whereOf(c.at, ["name"]));
    descriptors(r, c.at, c.labels, c.annotations);
  }
  // A worker set's name is its identity (empty is the default set): two of one name collide.
  const workerNames = new Map<string, OmniMachineSet>();
  for (const s of t.sets) {
    if (s.kind !== "Workers") continue;
    const name = s.name ?? "";
    if (workerNames.has(name)) r("HS120", `a second Workers set ${name === "" ? "without a name" : `named ${name}`}: worker set names are unique`, whereOf(s.at, s.name !== undefined ? ["name"] : []), "give each Workers document its own name");
    else workerNames.set(name, s);
  }
}

function descriptors(r: Report, at: YamlPlace, labels: Record<string, string>, annotations: Record<string, string>): void {
  for (const [field, map] of [["labels", labels], ["annotations", annotations]] as const) {
    for (const k of Object.keys(map)) {
      if (k.startsWith(OMNI_SYSTEM_PREFIX)) r("HS120", `${field.slice(0, -1)} ${k}: the prefix ${OMNI_SYSTEM_PREFIX} is Omni's own`, whereOf(at, [field, k], true), "use a prefix of your own");
    }
  }
}

function machineSet(ctx: RuleContext, omni: OmniModel, t: OmniTemplate, s: OmniMachineSet): void {
  const r: Report = ctx.report;
  const what = s.kind === "ControlPlane" ? "the ControlPlane" : `Workers ${s.name ?? "(default)"}`;
  if (s.kind === "ControlPlane") {
    if (s.name !== undefined && s.name !== "") r("HS120", "the ControlPlane takes no name (Omni names it control-planes)", whereOf(s.at, ["name"], true), "remove name");
    if (s.hasUpdateStrategy) r("HS120", "updateStrategy is not allowed in the ControlPlane", whereOf(s.at, ["updateStrategy"], true));
    if (s.hasDeleteStrategy) r("HS120", "deleteStrategy is not allowed in the ControlPlane", whereOf(s.at, ["deleteStrategy"], true));
    if (s.bootstrapSpec) {
      for (const f of ["clusterUUID", "snapshot"] as const) {
        if (!s.bootstrapSpec[f]) r("HS120", `bootstrapSpec needs ${f} (the etcd backup to restore from)`, whereOf(s.at, ["bootstrapSpec"], true));
      }
    }
  } else {
    if (s.name === CONTROL_PLANES_NAME) r("HS120", `a Workers set may not be named ${CONTROL_PLANES_NAME}, the ControlPlane's name`, whereOf(s.at, ["name"]));
    if (s.hasBootstrapSpec) r("HS120", "bootstrapSpec is allowed only in the ControlPlane", whereOf(s.at, ["bootstrapSpec"], true));
  }
  descriptors(r, s.at, s.labels, s.annotations);
  s.machines.forEach((id, i) => {
    if (!isUuid(id)) r("HS120", `${id} is not a machine ID (a UUID)`, whereOf(s.at, ["machines", i]), "machine IDs are the UUIDs omnictl get machines lists");
  });
  if (s.hasMachines && s.machineClass) {
    r("HS122", `${what} has both machines and a machineClass; a machine set takes its machines one way`, whereOf(s.machineClass.at, [], true), "keep machines (fixed machines) or machineClass (machines picked by labels), not both");
  }
  if (s.machineClass) {
    const mc = s.machineClass;
    if (s.kernelArgs !== undefined) r("HS120", `kernelArgs cannot be set for ${what}: it uses a machine class`, whereOf(s.at, ["kernelArgs"], true));
    const clusterArgs = t.clusters[0]?.kernelArgs;
    if (clusterArgs !== undefined) r("HS120", `the Cluster's kernelArgs cannot apply to ${what}, which uses a machine class`, whereOf(t.clusters[0]!.at, ["kernelArgs"], true));
    if (mc.size !== undefined && !validSize(mc.size)) r("HS120", `machineClass.size ${mc.size} is not a machine count (a number, or unlimited)`, whereOf(mc.at, ["size"]));
    if (mc.name === "") r("HS120", "machineClass needs a name", whereOf(mc.at, [], true));
    else if (!omni.machineClasses.has(mc.name)) {
      const guess = closest(mc.name, omni.machineClasses.keys());
      r(
        "HS125",
        `machine class ${mc.name} is not defined: no ${omni.settings.machineClasses}/*.yaml has metadata.id ${mc.name}`,
        whereOf(mc.at, ["name"]),
        guess !== undefined ? `did you mean ${guess}?` : `add ${omni.settings.machineClasses}/${mc.name}.yaml (a MachineClasses.omni.sidero.dev resource), which CI applies`,
      );
    }
  }
}

function machines(ctx: RuleContext, t: OmniTemplate): void {
  const r: Report = ctx.report;
  const cp = new Set(t.sets.filter((s) => s.kind === "ControlPlane").flatMap((s) => s.machines));
  const inWorkers = new Map<string, string[]>();
  for (const s of t.sets) {
    if (s.kind !== "Workers") continue;
    s.machines.forEach((id, i) => {
      const sets = inWorkers.get(id) ?? [];
      sets.push(s.name ?? "");
      inWorkers.set(id, sets);
      if (sets.length === 2) r("HS120", `machine ${id} is in two Workers sets`, whereOf(s.at, ["machines", i]), "a machine belongs to one machine set");
      if (cp.has(id)) r("HS120", `machine ${id} is in both the ControlPlane and a Workers set`, whereOf(s.at, ["machines", i]), "a machine belongs to one machine set");
    });
  }
  for (const m of t.machines) {
    if (m.name === undefined || m.name === "") {
      r("HS120", "a Machine document needs name: the machine's ID", whereOf(m.at), "name: <machine UUID>");
      continue;
    }
    if (!isUuid(m.name)) r("HS120", `${m.name} is not a machine ID (a UUID)`, whereOf(m.at, ["name"]));
    if (!cp.has(m.name) && !inWorkers.has(m.name)) r("HS120", `machine ${m.name} is not in the ControlPlane or any Workers set`, whereOf(m.at, ["name"]), "add it to a machine set's machines, or remove the document");
    if (m.locked && cp.has(m.name)) r("HS120", `machine ${m.name} is locked and in the ControlPlane`, whereOf(m.at, ["locked"]), "control-plane machines cannot be locked");
    if (m.install?.disk && m.install.diskSelector) r("HS120", "install.disk and install.diskSelector are mutually exclusive", whereOf(m.at, ["install", "diskSelector"], true));
    descriptors(r, m.at, m.labels, m.annotations);
  }
}

function patch(ctx: RuleContext, omni: OmniModel, p: PatchRef): void {
  const r: Report = ctx.report;
  const file = p.file !== undefined;
  if (file && p.hasInline) r("HS123", "a patch is file: or inline:, not both", whereOf(p.at, ["inline"], true), "keep one of the two");
  else if (!file && !p.hasInline) r("HS123", "a patch needs file: or inline:", whereOf(p.at), "add file: patches/<name>.yaml, or inline: with the patch");
  else if (p.hasInline && !p.name && !p.idOverride) r("HS123", "an inline patch needs a name (or an idOverride): Omni names the patch after it", whereOf(p.at, ["inline"], true), "add name: <what it does>");
  if (!file || p.hasInline || p.unresolved === undefined) return;
  const s = omni.settings;
  const where = whereOf(p.at, ["file"]);
  switch (p.unresolved.why) {
    case "absolute":
      r("HS124", `${p.file} is an absolute path: omnictl reads only inside the template's folder (--allowed-dir)`, where, `write ${s.patchesAs}/<name>.yaml; CI copies ${s.patches}/*.yaml there`);
      return;
    case "outside":
      r("HS124", `${p.file} leads out of the template's folder, which omnictl refuses (--allowed-dir)`, where, `write ${s.patchesAs}/<name>.yaml; CI copies ${s.patches}/*.yaml there`);
      return;
    case "not-copied":
      r("HS124", `${p.file} is not where CI puts it: CI copies only ${s.patches}/*.yaml (top level, .yaml) into ${s.patchesAs}/`, where, `rename or move it to ${s.patches}/<name>.yaml`);
      return;
    case "missing":
      r(
        "HS124",
        `${p.file} does not exist where CI puts the patches: beside the template there is ${s.patchesAs}/, a copy of ${s.patches}/*.yaml`,
        where,
        p.unresolved.near !== undefined ? `did you mean ${p.unresolved.near}?` : `add ${s.patches}/<name>.yaml and name it ${s.patchesAs}/<name>.yaml`,
      );
  }
}

function validSize(s: string): boolean {
  return ["unlimited", "∞", "infinity", "Unlimited", "Static"].includes(s) || (/^[0-9]+$/.test(s) && Number(s) <= 0xffffffff);
}

/** google/uuid's Parse: 36 characters with dashes, or urn:uuid: before them, braces around them, or 32 hex digits. */
function isUuid(s: string): boolean {
  const dashed = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
  return dashed.test(s) || dashed.test(s.replace(/^urn:uuid:/i, "")) || (/^\{.*\}$/.test(s) && dashed.test(s.slice(1, -1))) || /^[0-9a-fA-F]{32}$/.test(s);
}
