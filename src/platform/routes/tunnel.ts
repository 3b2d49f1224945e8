/**
 * Public names through a cluster's Cloudflare tunnel (exposePublic.via: tunnel, HomeScale's way):
 * a proxied CNAME to `<tunnel id>.cfargotunnel.com`, the tunnel's ingress rule for the name, the
 * app's Service. One tunnel per cluster that publishes apps, named <prefix><cluster>.
 *
 * cloudflared takes the first ingress rule that matches a request, so the rules are listed exact
 * names first, then wildcards from the most specific to the broadest (hostnames.ts), then the
 * catch-all `http_status:404`: every name reaches its own rule whatever else the tunnel carries.
 */
import type { Declaration } from "../../diag/declaration.js";
import type { Exposure } from "../../model/exposure.js";
import { tunnelName } from "../../model/names.js";
import { isEnabled } from "../../model/resolve.js";
import type { Model } from "../../model/types.js";
import { compareCodePoints } from "../../core/compare-code-points.js";
import { deployDeclaration, type Placement } from "../placement.js";
import { compareBySpecificity, hostKey, hostMatches, isWildcard } from "../hostnames.js";
import { applicationHop, applicationNode, internetNode, nodeId } from "./nodes.js";
import type { Hop, Route, RouteNode, Step } from "./route.js";
import { dnsRank, unpublishedRoute, HTTP_MATCH, type DnsRecord } from "./public.js";

export interface TunnelRule {
  /** 1-based, in cloudflared's order. */
  index: number;
  hostname: string;
  /** The in-cluster URL the rule sends the name to (https:// when exposePublic.tls says the Service speaks TLS). */
  service: string;
  /** With TLS: the name cloudflared sends as SNI and expects on the Service's certificate (the public name). */
  originServerName?: string;
  route: Route;
  exposure: Exposure;
}

export interface Tunnel {
  name: string;
  cluster: string;
  /** The app that runs cloudflared, and whether it runs on the tunnel's cluster. */
  connector: { app: string; running: boolean; decl?: Declaration };
  /** In cloudflared's order; the catch-all is implied after the last. */
  rules: TunnelRule[];
}

/** The in-cluster URL a tunnel forwards to; https when the Service speaks TLS (exposePublic.tls). */
export function clusterServiceUrl(service: string, namespace: string, port: number, scheme: "http" | "https" = "http"): string {
  return `${scheme}://${service}.${namespace}.svc.cluster.local:${port}`;
}

export interface TunnelRouting {
  tunnels: Tunnel[];
  records: DnsRecord[];
  routes: Route[];
}

/** Tunnels (by cluster name) with their rules, the CNAMEs to them, and a route per name. */
export function tunnelRouting(model: Model, exposures: readonly Exposure[], placement: (e: Exposure) => Placement): TunnelRouting {
  const { cloudflare } = model.platform;
  const connectorApp = model.appByName.get(cloudflare.connectorApp);
  const byCluster = new Map<string, Exposure[]>();
  const routes: Route[] = [];
  for (const e of exposures) {
    if (e.via !== "tunnel") continue;
    if (!e.deployed) {
      routes.push(unpublishedRoute(e, e.expose.fqdn, e.at.fqdn, placement(e), "tunnel"));
      continue;
    }
    const list = byCluster.get(e.cluster);
    if (list) list.push(e);
    else byCluster.set(e.cluster, [e]);
  }
  const tunnels: Tunnel[] = [];
  const records: DnsRecord[] = [];
  for (const cluster of [...byCluster.keys()].sort(compareCodePoints)) {
    const list = byCluster.get(cluster)!.sort((a, b) => compareBySpecificity(a.expose.fqdn, b.expose.fqdn) || compareCodePoints(a.app.name, b.app.name));
    const name = tunnelName(cloudflare.tunnelPrefix, cluster);
    const running = connectorApp?.valid === true && model.platform.clusterByName.has(cluster) && isEnabled(connectorApp, cluster);
    const tunnel: Tunnel = { name, cluster, connector: { app: cloudflare.connectorApp, running }, rules: [] };
    if (connectorApp) tunnel.connector.decl = deployDeclaration(connectorApp, cluster);
    const count = list.length + 1;
    const node: RouteNode = { id: nodeId.tunnel(name), kind: "tunnel", name, detail: `Cloudflare tunnel of ${cluster}` };
    if (!running) node.blocked = { block: "no-connector", explanation: `tunnel ${name} has no connector: ${cloudflare.connectorApp} is not enabled on ${cluster}` };
    list.forEach((e, i) => {
      const p = placement(e);
      const tls = e.expose.tls === true;
      const url = clusterServiceUrl(p.service, p.namespace, e.expose.port, tls ? "https" : "http");
      const fqdn = e.expose.fqdn;
      const rule = `ingress rule ${i + 1} of ${count}: ${fqdn} -> ${url}${tls ? ` (TLS, origin server name ${fqdn})` : ""}`;
      const tunnelHop: Hop = running
        ? { kind: "tunnel", name, detail: `${rule} (connector ${cloudflare.connectorApp} on ${cluster})`, decl: e.at.cluster }
        : { kind: "tunnel", name, detail: `${rule}; but no connector (${cloudflare.connectorApp}) runs on ${cluster}`, decl: e.at.cluster };
      const svcName = url.slice(url.indexOf("://") + 3);
      const service: RouteNode = { id: nodeId.service(url), kind: "service", name: svcName, detail: `Service ${p.service} in namespace ${p.namespace} on ${cluster}` };
      const dns: RouteNode = { id: nodeId.dns(fqdn), kind: "dns-record", name: fqdn, detail: `proxied CNAME to tunnel ${name}` };
      const steps: Step[] = [
        {
          from: internetNode(),
          to: dns,
          kind: "resolves",
          decl: e.at.fqdn,
          hops: [{ kind: "dns-record", name: fqdn, detail: `Cloudflare DNS: proxied CNAME ${fqdn} -> tunnel ${name} (<tunnel id>.cfargotunnel.com)`, decl: e.at.fqdn }],
          match: { hosts: [hostKey(fqdn)] },
          rank: dnsRank(fqdn),
        },
        { from: dns, to: node, kind: "cname", decl: e.at.cluster, hops: running ? [] : [tunnelHop], match: HTTP_MATCH, rank: [0] },
        {
          from: node,
          to: service,
          kind: "ingress",
          decl: e.at.port,
          hops: [tunnelHop, { kind: "service", name: svcName, detail: `Service ${p.service} in namespace ${p.namespace} on ${cluster}, port ${e.expose.port}`, decl: e.at.port }],
          match: { hosts: [hostKey(fqdn)] },
          rank: [i + 1],
        },
        { from: service, to: applicationNode(p), kind: "backs", decl: p.deployDecl, hops: [applicationHop(p)], rank: [0] },
      ];
      // The catch-all: what a name the tunnel's DNS sends here but no rule names gets.
      const end: RouteNode = {
        id: nodeId.tunnelEnd(name),
        kind: "http-status",
        name: "http_status:404",
        detail: `the catch-all rule of tunnel ${name}`,
        blocked: { block: "no-route", explanation: `no ingress rule of tunnel ${name} matches the name: cloudflared answers its catch-all, http_status:404` },
      };
      const catchAll: Step = {
        from: node,
        to: end,
        kind: "ingress",
        decl: e.at.cluster,
        hops: [{ kind: "tunnel", name, detail: `ingress rule ${count} of ${count}: the catch-all -> http_status:404`, decl: e.at.cluster }],
        rank: [count],
      };
      const route: Route = {
        name: fqdn,
        key: hostKey(fqdn),
        scope: "public",
        via: "tunnel",
        app: e.app.name,
        cluster,
        port: e.expose.port,
        target: url,
        start: internetNode(),
        steps,
        also: [catchAll],
        published: true,
        decl: e.at.fqdn,
      };
      routes.push(route);
      const tunnelRule: TunnelRule = { index: i + 1, hostname: fqdn, service: url, route, exposure: e };
      if (tls) tunnelRule.originServerName = fqdn;
      tunnel.rules.push(tunnelRule);
      records.push({ name: fqdn, target: { kind: "tunnel", tunnel: name, cluster }, proxied: true, app: e.app.name, route });
    });
    tunnels.push(tunnel);
  }
  return { tunnels, records, routes };
}

/**
 * Names of a tunnel that a wildcard rule of the same tunnel also matches. The exact-first order
 * sends each to its own rule, but the overlap is worth knowing: remove the narrower exposure and
 * its traffic goes to the wildcard's app instead of a 404.
 */
export function shadowedBy(tunnel: Tunnel): { wildcard: TunnelRule; shadowed: TunnelRule }[] {
  const out: { wildcard: TunnelRule; shadowed: TunnelRule }[] = [];
  for (const w of tunnel.rules) {
    if (!isWildcard(w.hostname)) continue;
    for (const r of tunnel.rules) {
      if (r === w || hostKey(r.hostname) === hostKey(w.hostname)) continue;
      // A narrower wildcard is shadowed when the broader one matches the names below it.
      if (hostMatches(w.hostname, isWildcard(r.hostname) ? `x.${r.hostname.slice(2)}` : r.hostname)) out.push({ wildcard: w, shadowed: r });
    }
  }
  return out;
}
