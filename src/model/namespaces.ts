/**
 * The Namespaces the catalog creates on a cluster: one per distinct namespace of its enabled apps,
 * system namespaces excluded. The Pod Security level comes from the first app, in folder order,
 * that sets one; later apps that set another are conflicts (check reports them).
 */
import type { PathSegment } from "../diag/diagnostic.js";
import { SYSTEM_NAMESPACES } from "./defaults.js";
import { effectiveSpec, isEnabled, origin } from "./resolve.js";
import type { App, Model } from "./types.js";

export interface NamespacePlan {
  name: string;
  podSecurity?: string;
  levelFrom?: App;
  apps: App[];
  conflicts: { app: App; level: string; path: PathSegment[] }[];
}

const plans = new WeakMap<Model, Map<string, readonly NamespacePlan[]>>();

/** Kept per model and cluster: check and build both ask, and a model never changes once built. */
export function namespacesOn(model: Model, cluster: string): readonly NamespacePlan[] {
  let byCluster = plans.get(model);
  if (!byCluster) plans.set(model, (byCluster = new Map()));
  let out = byCluster.get(cluster);
  if (!out) {
    out = planNamespaces(model, cluster);
    byCluster.set(cluster, out);
  }
  return out;
}

function planNamespaces(model: Model, cluster: string): NamespacePlan[] {
  const byName = new Map<string, NamespacePlan>();
  for (const app of model.apps) {
    if (!app.valid || !isEnabled(app, cluster)) continue;
    const spec = effectiveSpec(app, cluster);
    if (SYSTEM_NAMESPACES.has(spec.namespace)) continue;
    let ns = byName.get(spec.namespace);
    if (!ns) {
      ns = { name: spec.namespace, apps: [], conflicts: [] };
      byName.set(spec.namespace, ns);
    }
    ns.apps.push(app);
    if (spec.podSecurity === undefined) continue;
    if (ns.podSecurity === undefined) {
      ns.podSecurity = spec.podSecurity;
      ns.levelFrom = app;
    } else if (ns.podSecurity !== spec.podSecurity) {
      ns.conflicts.push({ app, level: spec.podSecurity, path: origin(app, cluster, ["podSecurity"]) });
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
