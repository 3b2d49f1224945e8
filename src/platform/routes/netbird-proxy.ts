/**
 * Public names through the NetBird reverse proxy (exposePublic.via: netbird-proxy, seed 000): the
 * proxy serves each name (the fqdn and the alias) and forwards it over the mesh to the app's
 * internal name. A name under the external domain is covered by that domain's wildcard CNAME to the
 * proxy cluster; any other name gets a CNAME of its own. Both are DNS only, not proxied: NetBird
 * validates its custom domains and gets their certificates itself.
 */
import type { Declaration } from "../../diag/declaration.js";
import type { Exposure } from "../../model/exposure.js";
import { appGroup, internalName } from "../../model/names.js";
import type { Model } from "../../model/types.js";
import { compareCodePoints } from "../../core/compare-code-points.js";
import type { Placement } from "../placement.js";
import { hostKey, isStrictlyUnder, wildcardOf } from "../hostnames.js";
import { applicationHop, applicationNode, internetNode, nodeId } from "./nodes.js";
import type { Route, RouteNode, Step } from "./route.js";
import { dnsRank, HTTP_MATCH, unpublishedRoute, type DnsRecord } from "./public.js";

export interface ProxyName {
  name: string;
  /** Under the external domain: its wildcard CNAME covers the name. */
  covered: boolean;
  route: Route;
}

export interface ProxyRoute {
  exposure: Exposure;
  service: string;
  namespace: string;
  /** <service>.<namespace>.<cluster>.<internal domain>: what the proxy forwards to. */
  internal: string;
  /** The fqdn, then the alias. */
  names: ProxyName[];
}

export interface ProxyRouting {
  proxied: ProxyRoute[];
  records: DnsRecord[];
  routes: Route[];
}

const PROXY_CLUSTER: RouteNode = { id: nodeId.proxyCluster(), kind: "proxy-cluster", name: "NetBird reverse-proxy cluster", detail: "the NetBird reverse proxy: one service per public name" };
const PROXY_END: RouteNode = {
  id: `http-status:404@${nodeId.proxyCluster()}`,
  kind: "http-status",
  name: "404",
  detail: "the reverse proxy's answer to a name it does not serve",
  blocked: { block: "no-route", explanation: "the NetBird reverse proxy serves no service under that name" },
};

export function proxyRouting(model: Model, exposures: readonly Exposure[], placement: (e: Exposure) => Placement, externalDecl: Declaration): ProxyRouting {
  const { internalDomain, externalDomain } = model.platform;
  const proxied: ProxyRoute[] = [];
  const routes: Route[] = [];
  for (const e of exposures) {
    if (e.via !== "netbird-proxy") continue;
    const declared = [{ name: e.expose.fqdn, decl: e.at.fqdn }];
    if (e.expose.alias !== undefined) declared.push({ name: e.expose.alias, decl: e.at.alias });
    const p = placement(e);
    if (!e.deployed) {
      for (const n of declared) routes.push(unpublishedRoute(e, n.name, n.decl, p, "netbird-proxy"));
      continue;
    }
    const internal = internalName(p.service, p.namespace, e.cluster, internalDomain);
    const target = `${internal}:${e.expose.port}`;
    const service: RouteNode = { id: nodeId.service(internal), kind: "service", name: internal, detail: `Service ${p.service} in namespace ${p.namespace} on ${e.cluster}` };
    const r: ProxyRoute = { exposure: e, service: p.service, namespace: p.namespace, internal, names: [] };
    for (const n of declared) {
      const covered = isStrictlyUnder(n.name, externalDomain);
      const record = covered ? wildcardOf(externalDomain) : n.name;
      const dns: RouteNode = { id: nodeId.dns(record), kind: "dns-record", name: record, detail: "DNS-only CNAME to the NetBird reverse-proxy cluster" };
      const proxy: RouteNode = { id: nodeId.proxy(n.name), kind: "reverse-proxy", name: n.name, detail: `NetBird reverse-proxy service ${n.name} -> ${target}` };
      const steps: Step[] = [
        {
          from: internetNode(),
          to: dns,
          kind: "resolves",
          decl: covered ? externalDecl : n.decl,
          hops: [
            {
              kind: "dns-record",
              name: record,
              detail: covered ? `Cloudflare DNS: wildcard CNAME ${record} -> the NetBird reverse-proxy cluster (DNS only)` : `Cloudflare DNS: CNAME ${n.name} -> the NetBird reverse-proxy cluster (DNS only)`,
              decl: covered ? externalDecl : n.decl,
            },
          ],
          match: { hosts: [hostKey(record)] },
          rank: dnsRank(record),
        },
        { from: dns, to: PROXY_CLUSTER, kind: "cname", decl: n.decl, hops: [], match: HTTP_MATCH, rank: [0] },
        {
          from: PROXY_CLUSTER,
          to: proxy,
          kind: "serves",
          decl: n.decl,
          hops: [{ kind: "reverse-proxy", name: n.name, detail: `NetBird reverse-proxy service ${n.name} -> ${target} (http)`, decl: n.decl }],
          match: { hosts: [hostKey(n.name)] },
          rank: [0, hostKey(n.name)],
        },
        {
          from: proxy,
          to: service,
          kind: "forwards",
          decl: e.at.port,
          hops: [
            {
              kind: "service",
              name: target,
              detail: `NetBird network resource in group ${appGroup(e.app.name)} (network ${e.cluster}); Service ${p.service} in namespace ${p.namespace}`,
              decl: e.at.port,
            },
          ],
          rank: [0],
        },
        { from: service, to: applicationNode(p), kind: "backs", decl: p.deployDecl, hops: [applicationHop(p)], rank: [0] },
      ];
      const route: Route = {
        name: n.name,
        key: hostKey(n.name),
        scope: "public",
        via: "netbird-proxy",
        app: e.app.name,
        cluster: e.cluster,
        port: e.expose.port,
        target,
        start: internetNode(),
        steps,
        also: [{ from: PROXY_CLUSTER, to: PROXY_END, kind: "serves", decl: externalDecl, hops: [], rank: [1] }],
        published: true,
        decl: n.decl,
      };
      routes.push(route);
      r.names.push({ name: n.name, covered, route });
    }
    proxied.push(r);
  }
  proxied.sort((a, b) => compareCodePoints(a.names[0]!.name, b.names[0]!.name) || compareCodePoints(a.exposure.cluster, b.exposure.cluster));
  const records: DnsRecord[] = [];
  if (proxied.length > 0) {
    const first = proxied[0]!.names[0]!;
    records.push({ name: wildcardOf(externalDomain), target: { kind: "netbird-proxy" }, proxied: false, route: first.route });
    const seen = new Set<string>();
    for (const r of proxied) {
      for (const n of r.names) {
        if (n.covered || seen.has(hostKey(n.name))) continue;
        seen.add(hostKey(n.name));
        records.push({ name: n.name, target: { kind: "netbird-proxy" }, proxied: false, app: r.exposure.app.name, route: n.route });
      }
    }
  }
  return { proxied, records, routes };
}
