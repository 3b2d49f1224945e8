/**
 * The Namespaces the catalog creates on a cluster: one per distinct namespace of its enabled apps,
 * system namespaces excluded. As in the chart, a Namespace is made when the first enabled app that
 * deploys into it comes up, in the chart's order (chart-order.ts), and that app alone gives its Pod
 * Security labels: none when it sets no podSecurity. Later apps that ask for another level are
 * conflicts (check reports them).
 */
import type { PathSegment } from "../diag/diagnostic.js";
import { chartOrder } from "./chart-order.js";
import { SYSTEM_NAMESPACES } from "./defaults.js";
import { effectiveScalar, isEnabled, origin } from "./resolve.js";
import type { App, Model } from "./types.js";

export interface NamespacePlan {
  name: string;
  /** The level of the app that made the Namespace; undefined when it sets none. */
  podSecurity?: string;
  /** The app that made the Namespace, first in the chart's order. */
  levelFrom: App;
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
  for (const app of chartOrder(model)) {
    if (!app.valid || !isEnabled(app, cluster)) continue;
    // The two fields alone, not the effective app (whose values merge costs far more on platforms that override them).
    const spec = { namespace: effectiveScalar(app, cluster, "namespace"), podSecurity: effectiveScalar(app, cluster, "podSecurity") };
    if (SYSTEM_NAMESPACES.has(spec.namespace)) continue;
    const ns = byName.get(spec.namespace);
    if (!ns) {
      const plan: NamespacePlan = { name: spec.namespace, levelFrom: app, apps: [app], conflicts: [] };
      if (spec.podSecurity !== undefined) plan.podSecurity = spec.podSecurity;
      byName.set(spec.namespace, plan);
      continue;
    }
    ns.apps.push(app);
    if (spec.podSecurity !== undefined && spec.podSecurity !== ns.podSecurity) {
      ns.conflicts.push({ app, level: spec.podSecurity, path: origin(app, cluster, ["podSecurity"]) });
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
