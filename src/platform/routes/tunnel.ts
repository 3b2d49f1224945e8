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
import { dnsRank, HTTP_MATCH, type DnsRecord } from "./public.js";
import { tunnelConnectors, type TunnelConnectors } from "./tunnel-connectors.js";

export interface TunnelRule {
  /** 1-based, in cloudflared's order. */
  index: number;
  hostname: string;
  /** The in-cluster URL the rule sends the name to (the app's Service, https:// when exposePublic.tls says it speaks TLS, or a gateway's). */
  service: string;
  /** The TLS server name cloudflared sends and expects on the origin's certificate (a gateway's HTTPS listener routes by it; a TLS Service's is the public name). */
  originServerName?: string;
  route: Route;
  exposure: Exposure;
}

export interface Tunnel {
  name: string;
  cluster: string;
  /**
   * The app that runs cloudflared, and whether anything connects the tunnel: the app on the
   * tunnel's cluster, or Talos nodes with the cloudflared extension (all of them in `connectors`).
   */
  connector: { app: string; running: boolean; decl?: Declaration; connectors: TunnelConnectors };
  /** In cloudflared's order; the catch-all is implied after the last. */
  rules: TunnelRule[];
}

/** The in-cluster URL a tunnel forwards to; https when the Service speaks TLS (exposePublic.tls). */
export function clusterServiceUrl(service: string, namespace: string, port: number, scheme: "http" | "https" = "http"): string {
  return `${scheme}://${service}.${namespace}.svc.cluster.local:${port}`;
}

/**
 * Where a tunnel rule sends a name: the URL cloudflared forwards to, the node that answers there
 * with the hops of reaching it, and the steps from that node on to the Application. The app's own
 * Service (`via: tunnel`), or a gateway (`via: gateway`, routes/gateway.ts).
 */
export interface Origin {
  url: string;
  /** What the name reaches in the end, in words (the route's target). Default: the URL. */
  target?: string;
  originServerName?: string;
  node: RouteNode;
  enter: Hop[];
  steps: Step[];
}

/** `via: tunnel`: the app's Service, straight. */
export function serviceOrigin(e: Exposure, p: Placement): Origin {
  const tls = e.expose.tls === true;
  const url = clusterServiceUrl(p.service, p.namespace, e.expose.port, tls ? "https" : "http");
  const name = url.slice(url.indexOf("://") + 3);
  const node: RouteNode = { id: nodeId.service(url), kind: "service", name, detail: `Service ${p.service} in namespace ${p.namespace} on ${e.cluster}` };
  return {
    url,
    // The Service speaks TLS itself: its certificate is for the public name.
    ...(tls ? { originServerName: e.expose.fqdn } : {}),
    node,
    enter: [{ kind: "service", name, detail: `Service ${p.service} in namespace ${p.namespace} on ${e.cluster}, port ${e.expose.port}`, decl: e.at.port }],
    steps: [{ from: node, to: applicationNode(p), kind: "backs", decl: p.deployDecl, hops: [applicationHop(p)], rank: [0] }],
  };
}

export interface TunnelRouting {
  tunnels: Tunnel[];
  records: DnsRecord[];
  routes: Route[];
}

/** One name a tunnel carries: the exposure, the name (fqdn or alias), where it is written, where it goes. */
export interface TunnelName {
  exposure: Exposure;
  name: string;
  decl: Declaration;
  origin: Origin;
}

/**
 * Tunnels (by cluster name) with their rules, the CNAMEs to them, and a route per name. `names`
 * are the published names through tunnels; `unpublished` the routes of names whose app does not run
 * where they point (they go into the list of routes as they are).
 */
export function tunnelRouting(model: Model, names: readonly TunnelName[], unpublished: readonly Route[]): TunnelRouting {
  const { cloudflare } = model.platform;
  const connectorApp = model.appByName.get(cloudflare.connectorApp);
  const byCluster = new Map<string, TunnelName[]>();
  const routes: Route[] = [...unpublished];
  for (const n of names) {
    const list = byCluster.get(n.exposure.cluster);
    if (list) list.push(n);
    else byCluster.set(n.exposure.cluster, [n]);
  }
  const tunnels: Tunnel[] = [];
  const records: DnsRecord[] = [];
  for (const cluster of [...byCluster.keys()].sort(compareCodePoints)) {
    const list = byCluster.get(cluster)!.sort((a, b) => compareBySpecificity(a.name, b.name) || compareCodePoints(a.exposure.app.name, b.exposure.app.name));
    const name = tunnelName(cloudflare.tunnelPrefix, cluster);
    const connectors = tunnelConnectors(model, cluster, cloudflare.connectorApp);
    const appRunning = connectorApp?.valid === true && model.platform.clusterByName.has(cluster) && isEnabled(connectorApp, cluster);
    const running = appRunning || connectors.nodes.length > 0;
    const tunnel: Tunnel = { name, cluster, connector: { app: cloudflare.connectorApp, running, connectors }, rules: [] };
    if (connectorApp) tunnel.connector.decl = deployDeclaration(connectorApp, cluster);
    const count = list.length + 1;
    const node: RouteNode = { id: nodeId.tunnel(name), kind: "tunnel", name, detail: `Cloudflare tunnel of ${cluster}` };
    if (!running) node.blocked = { block: "no-connector", explanation: `tunnel ${name} has no connector: ${cloudflare.connectorApp} is not enabled on ${cluster}` };
    // The catch-all: what a name the tunnel's DNS sends here but no rule names gets.
    const end: RouteNode = {
      id: nodeId.tunnelEnd(name),
      kind: "http-status",
      name: "http_status:404",
      detail: `the catch-all rule of tunnel ${name}`,
      blocked: { block: "no-route", explanation: `no ingress rule of tunnel ${name} matches the name: cloudflared answers its catch-all, http_status:404` },
    };
    list.forEach((n, i) => {
      const e = n.exposure;
      const { origin } = n;
      const fqdn = n.name;
      const rule = `ingress rule ${i + 1} of ${count}: ${fqdn} -> ${origin.url}`;
      const sni = origin.originServerName ? `origin server name ${origin.originServerName}; ` : "";
      const tunnelHop: Hop = running
        ? { kind: "tunnel", name, detail: `${rule} (${sni}${connectors.summary})`, decl: e.at.cluster }
        : { kind: "tunnel", name, detail: `${rule}${sni ? ` (${sni.slice(0, -2)})` : ""}; but no connector (${cloudflare.connectorApp}) runs on ${cluster}`, decl: e.at.cluster };
      const dns: RouteNode = { id: nodeId.dns(fqdn), kind: "dns-record", name: fqdn, detail: `proxied CNAME to tunnel ${name}` };
      const steps: Step[] = [
        {
          from: internetNode(),
          to: dns,
          kind: "resolves",
          decl: n.decl,
          hops: [{ kind: "dns-record", name: fqdn, detail: `Cloudflare DNS: proxied CNAME ${fqdn} -> tunnel ${name} (<tunnel id>.cfargotunnel.com)`, decl: n.decl }],
          match: { hosts: [hostKey(fqdn)] },
          rank: dnsRank(fqdn),
        },
        { from: dns, to: node, kind: "cname", decl: e.at.cluster, hops: running ? [] : [tunnelHop], match: HTTP_MATCH, rank: [0] },
        { from: node, to: origin.node, kind: "ingress", decl: e.at.port, hops: [tunnelHop, ...origin.enter], match: { hosts: [hostKey(fqdn)] }, rank: [i + 1] },
        ...origin.steps,
      ];
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
        via: e.via === "gateway" ? "gateway" : "tunnel",
        app: e.app.name,
        cluster,
        port: e.expose.port,
        target: origin.target ?? origin.url,
        start: internetNode(),
        steps,
        also: [catchAll],
        published: true,
        decl: n.decl,
      };
      routes.push(route);
      const r: TunnelRule = { index: i + 1, hostname: fqdn, service: origin.url, route, exposure: e };
      if (origin.originServerName !== undefined) r.originServerName = origin.originServerName;
      tunnel.rules.push(r);
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
