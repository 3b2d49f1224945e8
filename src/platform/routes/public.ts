/**
 * What every public route shares: the DNS records homescale publishes (Cloudflare), the order in
 * which a lookup finds them (an exact record before any wildcard, then the most specific wildcard,
 * as DNS does), what a proxied or CNAME'd name carries (HTTP and HTTPS on 80 and 443), and the
 * route of a name declared for a cluster where its app does not run.
 */
import type { Declaration } from "../../diag/declaration.js";
import type { Exposure } from "../../model/exposure.js";
import type { Placement } from "../placement.js";
import { hostKey, isWildcard } from "../hostnames.js";
import { applicationHop, applicationNode, internetNode, nodeId } from "./nodes.js";
import type { App } from "../../model/types.js";
import type { Match, Route, RouteNode, RouteVia, Scope } from "./route.js";

/** A public DNS record (Cloudflare), CNAME to a tunnel, the NetBird reverse-proxy cluster or a VPS edge's A record. */
export interface DnsRecord {
  name: string;
  target: { kind: "tunnel"; tunnel: string; cluster: string } | { kind: "netbird-proxy" } | { kind: "edge"; edge: string; record: string };
  /** Through Cloudflare's proxy (tunnels), or DNS only (the NetBird proxy validates its own domains; an edge terminates nothing). */
  proxied: boolean;
  /** The app it is for; undefined for the proxy's wildcard, which serves every covered name. */
  app?: string;
  route: Route;
}

/** Cloudflare proxies HTTP and HTTPS; a tunnel or the reverse proxy answers on 80 and 443. */
export const HTTP_MATCH: Match = { schemes: ["http", "https"], ports: [80, 443] };

/** Where a DNS lookup finds a record: exact names first, then wildcards from the most specific; names declared but unpublished last. */
export function dnsRank(record: string): (number | string)[] {
  const k = hostKey(record);
  return isWildcard(k) ? [1, -k.split(".").length, k] : [0, k];
}

/**
 * A name whose app does not run on the cluster it names: nothing is published, and a request
 * finds only the declaration (after every real record, so a wildcard that covers it wins).
 */
export function unpublishedRoute(e: Exposure, name: string, decl: Declaration, p: Placement, via: RouteVia): Route {
  return unpublishedRouteFrom(internetNode(), e.app, e.cluster, e.expose.port, name, decl, e.at.cluster, p, via, "public");
}

/** The same, from any client (the LAN for an exposeLan name). */
export function unpublishedRouteFrom(
  start: RouteNode,
  app: App,
  cluster: string,
  port: number,
  name: string,
  decl: Declaration,
  clusterDecl: Declaration,
  p: Placement,
  via: RouteVia,
  scope: Scope,
): Route {
  const declaration: RouteNode = { id: nodeId.declaration(name), kind: "declaration", name, detail: `declared in ${app.file}, published nowhere` };
  return {
    name,
    key: hostKey(name),
    scope,
    via,
    app: app.name,
    cluster,
    port,
    target: `${app.name} on ${cluster} (not deployed)`,
    start,
    steps: [
      {
        from: start,
        to: declaration,
        kind: "declares",
        decl,
        hops: [{ kind: "declaration", name, detail: `${scope === "lan" ? "exposeLan" : "exposePublic"} names ${cluster}; nothing is published for it`, decl: clusterDecl }],
        match: { hosts: [hostKey(name)] },
        rank: [2, hostKey(name)],
      },
      { from: declaration, to: applicationNode(p), kind: "backs", decl: p.deployDecl, hops: [applicationHop(p)], rank: [0] },
    ],
    published: false,
    decl,
  };
}
