/**
 * Public exposures as both Terraform files see them, so netbird.tf.json and cloudflare.tf.json
 * agree on every name: tunnel routes, and NetBird reverse-proxy services with their names.
 */
import { allExposures, type Exposure } from "../../model/exposure.js";
import { internalName, serviceName } from "../../model/names.js";
import { effectiveSpec } from "../../model/resolve.js";
import type { Model } from "../../model/types.js";
import { compareCodePoints } from "../emit/tf-json.js";

export interface PublicRoute {
  exposure: Exposure;
  /** The app's Service on its cluster (service ?? releaseName ?? app folder). */
  service: string;
  namespace: string;
}

export interface ProxyRoute extends PublicRoute {
  /** <service>.<namespace>.<cluster>.<internal domain>: what the reverse proxy forwards to. */
  internal: string;
  /**
   * Every public name of the exposure (fqdn, then alias). `covered` when the name lies under the
   * external domain, whose wildcard CNAME already points at the proxy; other names need their own
   * CNAME and their own NetBird custom domain.
   */
  names: { name: string; covered: boolean }[];
}

function routeOf(e: Exposure): PublicRoute {
  const spec = effectiveSpec(e.app, e.cluster);
  return { exposure: e, service: serviceName(spec, e.app.name), namespace: spec.namespace };
}

/** Tunnel exposures, by cluster name (sorted), each list sorted by hostname. */
export function tunnelRoutes(model: Model): Map<string, PublicRoute[]> {
  const byCluster = new Map<string, PublicRoute[]>();
  for (const e of allExposures(model)) {
    if (e.via !== "tunnel") continue;
    const list = byCluster.get(e.cluster) ?? [];
    list.push(routeOf(e));
    byCluster.set(e.cluster, list);
  }
  const out = new Map<string, PublicRoute[]>();
  for (const cluster of [...byCluster.keys()].sort(compareCodePoints)) {
    out.set(
      cluster,
      byCluster.get(cluster)!.sort((a, b) => compareCodePoints(a.exposure.expose.fqdn, b.exposure.expose.fqdn) || compareCodePoints(a.exposure.app.name, b.exposure.app.name)),
    );
  }
  return out;
}

/** NetBird reverse-proxy exposures, sorted by their first public name. */
export function proxyRoutes(model: Model): ProxyRoute[] {
  const { internalDomain, externalDomain } = model.platform;
  const out: ProxyRoute[] = [];
  for (const e of allExposures(model)) {
    if (e.via !== "netbird-proxy") continue;
    const r = routeOf(e);
    const names = [e.expose.fqdn, ...(e.expose.alias !== undefined ? [e.expose.alias] : [])].map((name) => ({
      name,
      covered: isStrictlyUnder(name, externalDomain),
    }));
    out.push({ ...r, internal: internalName(r.service, r.namespace, e.cluster, internalDomain), names });
  }
  return out.sort((a, b) => compareCodePoints(a.names[0]!.name, b.names[0]!.name) || compareCodePoints(a.exposure.cluster, b.exposure.cluster));
}

/** name is a subdomain of domain (the apex itself is not: a wildcard does not cover it). */
export function isStrictlyUnder(name: string, domain: string): boolean {
  const n = name.replace(/\.$/, "").toLowerCase();
  const d = domain.replace(/\.$/, "").toLowerCase();
  return n.endsWith(`.${d}`);
}

/** The wildcard name of the external domain. */
export function wildcardOf(domain: string): string {
  return `*.${domain.replace(/\.$/, "")}`;
}
