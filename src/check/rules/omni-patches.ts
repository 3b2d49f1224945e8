import { whereOf, type OmniTemplate, type PatchRef, type TalosDocument } from "../../model/omni-types.js";
import { nodePatchPlan, plannedSettings } from "../../model/talos-patch-plan.js";
import {
  LEGACY_CONFLICTS,
  LEGACY_KIND,
  OMNI_FORBIDDEN_ELEMENTS,
  OMNI_OWNED_DOCUMENTS,
  OMNI_OWNED_FIELDS,
  OMNI_OWNED_TYPED_FIELDS,
  type LegacyConflict,
} from "../../schema/talos/documents.js";
import type { Rule, RuleContext } from "../rule.js";

/**
 * What the Talos documents of a template's patches mean together: no field or document Omni owns
 * (it sets the tokens, CAs and cluster identity itself, and refuses the patch), and no setting
 * written both in the legacy v1alpha1 document and in the typed document that replaces it, among
 * the patches applied to one machine set, or between them and the node patches homescale renders
 * for the same cluster (Talos refuses such a machine config).
 */
export const omniPatchesRule: Rule = {
  name: "omni-patches",
  codes: ["HS128", "HS132"],
  run(ctx) {
    const omni = ctx.model.omni;
    if (!omni) return;
    for (const t of omni.templates) {
      for (const p of t.patches) for (const d of p.docs) owned(ctx, d);
      for (const set of appliedSets(t)) conflicts(ctx, set);
      rendered(ctx, t);
    }
  },
};

function get(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = Object.hasOwn(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return cur;
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

function owned(ctx: RuleContext, d: TalosDocument): void {
  const { kind } = d.id;
  const hint = "Omni sets this itself; remove it from the patch";
  if (kind === LEGACY_KIND) {
    for (const f of OMNI_OWNED_FIELDS) {
      const path = f.split(".");
      if (get(d.value, path) !== undefined) ctx.report("HS128", `${f} is Omni's: a patch may not set it`, whereOf(d.at, path, true), hint);
    }
  } else if (OMNI_OWNED_DOCUMENTS.has(kind)) {
    ctx.report("HS128", `a ${kind} document is not allowed in an Omni patch: it sets ${OMNI_OWNED_DOCUMENTS.get(kind)}`, whereOf(d.at, ["kind"]), hint);
  }
  for (const f of OMNI_OWNED_TYPED_FIELDS.get(kind) ?? []) {
    const path = f.split(".");
    if (get(d.value, path) !== undefined) ctx.report("HS128", `${kind} ${f} is Omni's: a patch may not set it`, whereOf(d.at, path, true), hint);
  }
  for (const e of OMNI_FORBIDDEN_ELEMENTS) {
    if (e.kind !== kind) continue;
    const path = e.path.split(".");
    const list = get(d.value, path);
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (item === e.element) ctx.report("HS128", `${e.path} may not hold ${e.element} in an Omni patch`, whereOf(d.at, [...path, i]), "Omni refuses admin access to the Talos API from workloads; use os:reader or os:operator");
    });
  }
}

/** The patches that end up in one machine's config: the Cluster's, then its machine set's, then a Machine's own. */
function appliedSets(t: OmniTemplate): PatchRef[][] {
  const cluster = t.patches.filter((p) => p.owner.kind === "cluster");
  return t.sets.map((s, i) => {
    const own = t.patches.filter((p) => p.owner.kind === "set" && p.owner.index === i);
    const machines = t.machines.flatMap((m, j) => (m.name !== undefined && s.machines.includes(m.name) ? t.patches.filter((p) => p.owner.kind === "machine" && p.owner.index === j) : []));
    return [...cluster, ...own, ...machines];
  });
}

function legacySets(c: LegacyConflict, legacy: TalosDocument): boolean {
  const v = get(legacy.value, c.legacy.split("."));
  return c.whenTrue === true ? v === true : isSet(v);
}

function conflicts(ctx: RuleContext, patches: readonly PatchRef[]): void {
  const docs = patches.flatMap((p) => p.docs.map((d) => ({ d, p })));
  const legacy = docs.filter((x) => x.d.id.kind === LEGACY_KIND);
  for (const { d: typed } of docs) {
    for (const c of LEGACY_CONFLICTS) {
      if (c.kind !== typed.id.kind || (c.typed !== undefined && !isSet(get(typed.value, c.typed.split("."))))) continue;
      const other = legacy.find((x) => legacySets(c, x.d));
      if (!other) continue;
      ctx.report(
        "HS132",
        `${typed.id.kind} sets what .${c.legacy} in ${other.d.at.file} already sets, and both reach the same machines: Talos refuses the config (${c.legacy} is already set in v1alpha1 config)`,
        whereOf(typed.at, ["kind"]),
        `keep one: remove .${c.legacy} from ${other.d.at.file}, or this ${typed.id.kind}`,
      );
    }
  }
}

/** The node patches homescale renders for the template's cluster, against the template's patches. */
function rendered(ctx: RuleContext, t: OmniTemplate): void {
  const cluster = ctx.model.platform.clusterByName.get(t.cluster);
  const talos = cluster?.talos;
  if (!cluster || !talos) return;
  const docs = t.patches.flatMap((p) => p.docs);
  const reported = new Set<string>();
  for (const node of talos.members) {
    const plan = nodePatchPlan(cluster, talos, node);
    if (!plan) continue;
    for (const s of plannedSettings(plan)) {
      for (const c of LEGACY_CONFLICTS) {
        // Ours typed against their legacy setting, or ours legacy against their typed document.
        if (s.kind === c.kind) {
          for (const d of docs) {
            if (d.id.kind !== LEGACY_KIND || !legacySets(c, d)) continue;
            const key = `${d.at.file}\0${c.legacy}\0${s.kind}`;
            if (reported.has(key)) continue;
            reported.add(key);
            ctx.report(
              "HS132",
              `.${c.legacy} is set here, while homescale writes ${s.what} as a ${s.kind} document for Talos ${talos.version} (talos/${t.cluster}/*.yaml): Talos refuses a config with both`,
              whereOf(d.at, c.legacy.split("."), true),
              `move this setting into a ${s.kind} document, or keep clusters.${t.cluster}.talos.version below the version that writes ${s.kind}`,
            );
          }
        } else if (s.legacy !== undefined && (s.legacy === c.legacy || s.legacy.startsWith(`${c.legacy}.`) || c.legacy.startsWith(`${s.legacy}.`))) {
          for (const d of docs) {
            if (d.id.kind !== c.kind) continue;
            const key = `${d.at.file}\0${d.id.kind}\0${s.legacy}`;
            if (reported.has(key)) continue;
            reported.add(key);
            ctx.report(
              "HS132",
              `${d.id.kind} sets what homescale writes as .${s.legacy} (${s.what}) for Talos ${talos.version} (talos/${t.cluster}/*.yaml): Talos refuses a config with both`,
              whereOf(d.at, ["kind"]),
              `move this setting into the v1alpha1 document, or raise clusters.${t.cluster}.talos.version to where homescale writes ${d.id.kind}`,
            );
          }
        }
      }
    }
  }
}
