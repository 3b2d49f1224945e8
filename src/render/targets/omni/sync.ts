/**
 * Which clusters' Omni templates CI must sync (seed 001's deploy job): every cluster with a
 * template, or, with the paths changed since a revision, those whose template or one of the patch
 * files it names changed. HomeScale's own workflow looks only at clusters/<name>/cluster.yaml, so
 * a change to a shared patch (infra/omni/patches/base.yaml) synced nothing; here it syncs every
 * cluster whose template names it. Deleted templates are left out, as the workflow leaves them.
 * Also the machine classes whose files changed, which CI applies before the sync.
 */
import type { Model } from "../../../model/types.js";

export interface TemplateSync {
  cluster: string;
  template: string;
  /** The changed files that make it due (all of its files without a revision). */
  because: string[];
}

export interface OmniSyncList {
  clusters: TemplateSync[];
  machineClasses: { name: string; file: string }[];
}

export function omniSyncList(model: Model, changed?: ReadonlySet<string>): OmniSyncList {
  const omni = model.omni;
  if (!omni) return { clusters: [], machineClasses: [] };
  const clusters: TemplateSync[] = [];
  for (const t of omni.templates) {
    const files = [t.file, ...new Set(t.patches.flatMap((p) => (p.resolved !== undefined && p.file !== undefined && !p.hasInline ? [p.resolved] : [])))];
    const because = changed ? files.filter((f) => changed.has(f)) : files;
    if (because.length > 0) clusters.push({ cluster: t.cluster, template: t.file, because });
  }
  const machineClasses = [...omni.machineClasses.values()]
    .filter((c) => !changed || changed.has(c.file))
    .map((c) => ({ name: c.id, file: c.file }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { clusters, machineClasses };
}
