/** A short account of what the platform declares: clusters and their apps, policies, public names. */
import { policyName } from "../model/names.js";
import { effectiveSpec, isEnabled } from "../model/resolve.js";
import type { Model } from "../model/types.js";
import { publicNames as listPublicNames } from "./exposure.js";

export interface PlatformSummary {
  clusters: { name: string; role: string; region: string; apps: { name: string; wave: number; namespace: string }[] }[];
  policies: { name: string; app: string; sources: string[]; protocol: string; ports: string[] }[];
  publicNames: { fqdn: string; app: string; cluster: string; via: string; target: string }[];
}

export function summarize(model: Model): PlatformSummary {
  const clusters = model.platform.clusters.map((c) => ({
    name: c.name,
    role: c.role,
    region: c.region,
    apps: model.apps
      .filter((a) => a.valid && isEnabled(a, c.name))
      .map((a) => {
        const s = effectiveSpec(a, c.name);
        return { name: a.name, wave: s.syncWave ?? 0, namespace: s.namespace };
      })
      .sort((x, y) => x.wave - y.wave || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
  }));
  const policies = model.apps.flatMap((a) => {
    if (!a.valid) return [];
    const rules = a.raw.netbird?.policy?.rules ?? [];
    return rules.map((r, i) => ({ name: policyName(a.name, i, rules.length), app: a.name, sources: r.sources, protocol: r.protocol, ports: r.ports ?? [] }));
  });
  const publicNames = listPublicNames(model).map(({ fqdn, app, cluster, via, target }) => ({ fqdn, app, cluster, via, target }));
  return { clusters, policies, publicNames };
}
