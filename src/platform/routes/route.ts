/**
 * Routes: for every name a client can ask for (a public name, a LAN name, a mesh name), the steps a
 * request takes from the client to the Service and the Application, each step with the line that
 * declares it. A route is what its module (one per edge kind and ingress kind) says the name does;
 * the graph (src/graph) is the union of every route's steps, and `trace` walks that union, choosing
 * at each node the way the real engine would (cloudflared's first matching ingress rule, DNS's exact
 * record before a wildcard). Where the two disagree, one name shadows another.
 *
 * Nodes and steps are plain data, built once per model (platform/index.ts); hops carry declarations
 * (a file and a YAML path), and lines are computed only when someone shows them.
 */
import type { Declaration } from "../../diag/declaration.js";

/** DESIGN.md's trace hop kinds (extend, never rename); mesh-group is homescale's own. */
export type HopKind =
  | "client"
  | "source"
  | "declaration"
  | "dns-record"
  | "lan-dns"
  | "tunnel"
  | "reverse-proxy"
  | "edge"
  | "wireguard"
  | "haproxy"
  | "load-balancer"
  | "gateway"
  | "route"
  | "auth"
  | "policy"
  | "router"
  | "mesh-group"
  | "service"
  | "application";

/** One hop of a trace: what a request passes and the line that makes it so. */
export interface Hop {
  kind: HopKind;
  name: string;
  detail: string;
  decl?: Declaration;
  /** The hop's name takes the port the request asks for (a mesh name is reached on any port a policy opens). */
  withPort?: boolean;
}

export type NodeKind =
  | "internet"
  | "lan"
  | "source"
  | "dns-record"
  | "tunnel"
  | "reverse-proxy"
  | "proxy-cluster"
  | "declaration"
  | "http-status"
  | "mesh-group"
  | "policy"
  | "router"
  | "lan-dns"
  | "load-balancer"
  | "gateway"
  | "route"
  | "auth"
  | "service"
  | "application"
  | "cluster"
  | "edge"
  | "haproxy";

/** Why a request stops at a node (trace's reasons). */
export type Block = "not-deployed" | "no-connector" | "no-route" | "lan-only" | "dropped" | "edge-local";

export interface RouteNode {
  id: string;
  kind: NodeKind;
  name: string;
  detail: string;
  /**
   * How a request leaves the node: by the first step, in rank order, that admits it (ingress rules,
   * DNS lookups, routes: what one engine decides), or by any step that leads on (mesh policies:
   * one admitting policy is enough). Default: first.
   */
  choice?: "first" | "any";
  /** The request stops here, and why, in a sentence. */
  blocked?: { block: Block; explanation: string };
  /** Reaching it is reaching the app (an Application). */
  terminal?: boolean;
}

/** What a step admits. Absent fields admit anything; a request that does not say passes. */
export interface Match {
  /** Host patterns: exact names or `*.suffix` (platform/hostnames.ts). */
  hosts?: readonly string[];
  /** URL schemes (http, https). */
  schemes?: readonly string[];
  /** TCP ports. */
  ports?: readonly number[];
  /** Mesh policy: its protocol (tcp, udp, icmp, all) and ports ("443"; empty means every port). */
  protocol?: string;
  meshPorts?: readonly string[];
}

export type StepKind =
  | "resolves" // a client -> a DNS record
  | "cname" // a DNS record -> what it points at (tunnel, proxy cluster)
  | "ingress" // a tunnel -> its rule's service (one cloudflared ingress rule)
  | "serves" // the proxy cluster -> one reverse-proxy service
  | "forwards" // a reverse-proxy service -> the internal name it forwards to
  | "declares" // a client -> a declaration that publishes nothing
  | "member" // a mesh source -> the group it means
  | "admits" // a group -> a policy that names it as a source
  | "grants" // a policy -> its destination group
  | "announces" // a destination group -> a cluster's router (its DNS zone)
  | "resolves-to" // a router -> a Service at a mesh name
  | "announces-lb" // a LAN resolver -> the LoadBalancer address it answers with
  | "enters" // a LoadBalancer address -> the gateway behind it
  | "routes" // a gateway -> one of its routes, by hostname
  | "guards" // a route -> its ext-auth SecurityPolicy
  | "backs" // a Service -> its Application
  | "dnat" // a VPS edge -> HAProxy at home: nftables DNAT, then WireGuard
  | "proxies" // an HAProxy frontend -> the gateway's LoadBalancer address
  | "drops"; // a VPS edge -> what nftables does with a port it does not forward

export interface Step {
  from: RouteNode;
  to: RouteNode;
  kind: StepKind;
  decl: Declaration;
  /** What a request passing the step adds to the trace (often one hop, sometimes none). */
  hops: readonly Hop[];
  match?: Match;
  /** Order among the first-match steps that leave the same node: compared item by item. */
  rank: readonly (number | string)[];
  /** The node reached is not a hop (a source's own group). */
  silent?: boolean;
}

export type Scope = "public" | "lan" | "mesh";
export type RouteVia = "tunnel" | "netbird-proxy" | "gateway" | "edge" | "lan" | "mesh";

export interface Route {
  /** The name as declared, and its key (hostnames.hostKey). */
  name: string;
  key: string;
  scope: Scope;
  via: RouteVia;
  app: string;
  cluster: string;
  port: number;
  /** Where the request ends, in words: the in-cluster URL, or the mesh name and port. */
  target: string;
  /** The node a request starts from: the internet, the LAN, or the app's mesh group. */
  start: RouteNode;
  /** The way of the name, in order. */
  steps: readonly Step[];
  /** Steps the route brings to the graph that the name itself does not take (its tunnel's catch-all). */
  also?: readonly Step[];
  /** false: declared, but the app does not run there, so nothing is published. */
  published: boolean;
  /** Where the name itself is written. */
  decl: Declaration;
}

/** Every hop of a route, in order. */
export function routeHops(r: Route): Hop[] {
  return r.steps.flatMap((s) => s.hops);
}

/** Compares two ranks item by item (numbers before strings at the same place). */
export function compareRank(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x !== typeof y) return typeof x === "number" ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
