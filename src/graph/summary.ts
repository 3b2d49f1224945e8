/** A short account of what the platform declares: clusters and their apps, policies, public names. */
import type { PlatformIndex } from "../platform/index.js";

export interface PlatformSummary {
  clusters: { name: string; role: string; region: string; apps: { name: string; wave: number; namespace: string }[] }[];
  policies: { name: string; app: string; sources: string[]; protocol: string; ports: string[] }[];
  publicNames: { fqdn: string; app: string; cluster: string; via: string; target: string }[];
  /** Each gateway with the routes it carries. */
  gateways: {
    cluster: string;
    key: string;
    name: string;
    kind: string;
    address?: string;
    lan: boolean;
    routes: { name: string; namespace: string; hostnames: string[]; service: string; port: number; auth?: string; scope: string }[];
  }[];
}

export function summarize(index: PlatformIndex): PlatformSummary {
  const { model } = index;
  const clusters = model.platform.clusters.map((c) => ({
    name: c.name,
    role: c.role,
    region: c.region,
    apps: index
      .cluster(c.name)!
      .apps.map((p) => ({ name: p.app.name, wave: p.spec.syncWave ?? 0, namespace: p.namespace }))
      .sort((x, y) => x.wave - y.wave || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
  }));
  const policies = index.mesh.policies().map((p) => ({ name: p.name, app: p.app.name, sources: p.sources.map((s) => s.source), protocol: p.protocol, ports: p.ports }));
  const publicNames = index.publicNames().map(({ fqdn, app, cluster, via, target }) => ({ fqdn, app, cluster, via, target }));
  const gateways = index.routing.gateways.gateways.map(({ gateway: g, routes }) => {
    const out: PlatformSummary["gateways"][number] = {
      cluster: g.cluster,
      key: g.key,
      name: g.name,
      kind: g.kind,
      lan: g.lan,
      routes: routes.map((r) => ({ name: r.name, namespace: r.namespace, hostnames: r.hostnames, service: r.service, port: r.port, scope: r.scope, ...(r.auth ? { auth: r.auth.name } : {}) })),
    };
    if (g.address !== undefined) out.address = g.address;
    return out;
  });
  return { clusters, policies, publicNames, gateways };
}
