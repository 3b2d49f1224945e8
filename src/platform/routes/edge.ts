/**
 * Public names through a VPS edge (exposePublic.via: edge, seed 004): a DNS-only CNAME to the
 * edge's one A record, nftables on the VPS (DNAT listen -> the home tunnel address:to, everything
 * else dropped), WireGuard home, HAProxy at home (a TCP frontend per `to` port) to the gateway's
 * LoadBalancer address, then the gateway's own steps (routes/gateway.ts).
 *
 * The VPS's public address is a node of its own: a request for it (trace 203.0.113.10:22) meets the
 * same nftables rules a name does: a DNAT for a forwarded port, the VPS's own ports (WireGuard,
 * management) that nothing forwards, and the default drop.
 */
import type { Declaration } from "../../diag/declaration.js";
import { zoneOf, type Exposure } from "../../model/exposure.js";
import type { Edge, Gateway } from "../../model/layers.js";
import type { Model } from "../../model/types.js";
import { hostKey } from "../hostnames.js";
import type { Placement } from "../placement.js";
import { gatewayHop, gatewayNode, gatewaySteps, type GatewayRouting } from "./gateway.js";
import { loadBalancerHop } from "./lan.js";
import { internetNode, nodeId } from "./nodes.js";
import { dnsRank, unpublishedRoute, type DnsRecord } from "./public.js";
import type { Hop, Route, RouteNode, Step } from "./route.js";

/** One forwarded port, defaults applied. */
export interface EdgePort {
  listen: number;
  to: number;
  /** The gateway's port HAProxy sends it on. */
  backend: number;
  decl: Declaration;
}

/** A name the edge carries. */
export interface EdgeName {
  name: string;
  app: string;
  exposure: Exposure;
  route: Route;
}

export interface EdgeRouting {
  edge: Edge;
  /** The gateway the tunnel lands on; undefined when the cluster has none by that key (check says so). */
  gateway?: Gateway;
  /** The A record's name; undefined when it has none and no zone gives one (check says so). */
  record?: string;
  ports: EdgePort[];
  /** Its published names, in the order of the routes. */
  names: EdgeName[];
}

/** The edge an exposure goes through: the one it names, else the only one there is. */
export function edgeOf(model: Model, e: Exposure): Edge | undefined {
  const edges = model.platform.edges ?? [];
  if (e.expose.edge !== undefined) return edges.find((x) => x.name === e.expose.edge);
  return edges.length === 1 ? edges[0] : undefined;
}

/**
 * The exposures an edge carries onto its gateway: the edge exists, and the exposure lands where the
 * edge does (its cluster, and its gateway when it names one). Others get no route; check reports them.
 */
export function edgeExposures(model: Model, exposures: readonly Exposure[]): { exposure: Exposure; gateway: string; edge: Edge }[] {
  const out: { exposure: Exposure; gateway: string; edge: Edge }[] = [];
  for (const e of exposures) {
    if (e.via !== "edge") continue;
    const edge = edgeOf(model, e);
    if (!edge || edge.cluster !== e.cluster || (e.expose.gateway !== undefined && e.expose.gateway !== edge.gateway)) continue;
    out.push({ exposure: e, gateway: edge.gateway, edge });
  }
  return out;
}

export function edgePorts(edge: Edge): EdgePort[] {
  return edge.ports.map((p, i) => ({ listen: p.listen, to: p.to, backend: p.backend ?? p.listen, decl: { file: edge.decl.file, path: [...edge.decl.path, "ports", i] } }));
}

/** The A record's name: as set, else <edge>.<zone of its first name>. */
export function edgeRecordName(model: Model, edge: Edge, firstName: string | undefined): string | undefined {
  if (edge.record !== undefined) return edge.record;
  const zone = firstName !== undefined ? zoneOf(firstName.replace(/^\*\./, ""), model.platform.cloudflare.zones) : undefined;
  return zone !== undefined ? `${edge.name}.${zone}` : undefined;
}

export const edgeNodeId = (edge: string): string => `edge:${edge}`;

const at = (edge: Edge, ...path: (string | number)[]): Declaration => ({ file: edge.decl.file, path: [...edge.decl.path, ...path] });

/** The steps every name of an edge shares: from its address through nftables, WireGuard and HAProxy to the gateway. */
function edgeSteps(model: Model, edge: Edge, gateway: Gateway | undefined, ports: readonly EdgePort[], record: string | undefined): { node: RouteNode; byListen: Map<number, Step[]>; also: Step[] } {
  const w = edge.wireguard;
  const home = w.home.address ?? "(no home address)";
  const node: RouteNode = { id: edgeNodeId(edge.name), kind: "edge", name: edge.name, detail: `VPS edge ${edge.name} (${edge.address})` };
  const listens = ports.map((p) => p.listen);
  const own = [`udp ${w.port} (WireGuard)`, ...(edge.management ? [`tcp ${edge.management.port} (management)`] : [])];
  const drop: RouteNode = {
    id: `edge-drop:${edge.name}`,
    kind: "edge",
    name: edge.name,
    detail: `nftables on ${edge.name}: policy drop`,
    blocked: { block: "dropped", explanation: `nftables on edge ${edge.name} (${edge.address}) drops it: only tcp ${listens.join(", ")} are forwarded home, and ${own.join(" and ")} answer on the VPS itself` },
  };
  const also: Step[] = [
    {
      from: internetNode(),
      to: node,
      kind: "resolves",
      decl: at(edge, "address"),
      hops: [{ kind: "edge", name: edge.name, detail: `the public address ${edge.address} of edge ${edge.name}${record ? ` (A ${record})` : ""}`, decl: at(edge, "address") }],
      match: { hosts: [hostKey(edge.address)] },
      rank: [0, hostKey(edge.address)],
    },
  ];
  const ownPort = (port: number, protocol: "udp" | "tcp", what: string, decl: Declaration, rank: number): Step => ({
    from: node,
    to: {
      id: `edge-own:${edge.name}/${protocol}/${port}`,
      kind: "edge",
      name: edge.name,
      detail: what,
      blocked: { block: "edge-local", explanation: `${protocol} ${port} is ${what} of edge ${edge.name}: nftables lets it in to the VPS itself, and nothing forwards it home` },
    },
    kind: "drops",
    decl,
    hops: [{ kind: "edge", name: edge.name, detail: `nftables input accepts ${protocol} ${port}: ${what}, not forwarded`, decl }],
    match: { ports: [port], protocol },
    rank: [1, rank],
  });
  also.push(ownPort(w.port, "udp", "the WireGuard port", at(edge, "wireguard"), 0));
  if (edge.management) also.push(ownPort(edge.management.port, "tcp", "the management port", at(edge, "management", "port"), 1));
  also.push({
    from: node,
    to: drop,
    kind: "drops",
    decl: at(edge, "ports"),
    hops: [{ kind: "edge", name: edge.name, detail: `nftables: no rule admits the port; input and forward policy drop`, decl: at(edge, "ports") }],
    rank: [2],
  });
  const byListen = new Map<number, Step[]>();
  if (!gateway) return { node, byListen, also };
  const pool = model.platform.clusterByName.get(gateway.cluster)?.loadBalancer;
  const lb = loadBalancerHop(gateway, pool);
  const proxy = edge.proxyProtocol ? ", PROXY v2" : "";
  const seen = edge.masquerade ? `masquerade: home sees ${w.vps.address ?? "the VPS"}` : "no masquerade: home sees the client's address";
  ports.forEach((p, i) => {
    const frontend: RouteNode = { id: `haproxy:${edge.name}/${p.to}`, kind: "haproxy", name: `${home}:${p.to}`, detail: `HAProxy frontend ${home}:${p.to} of edge ${edge.name}` };
    const dnatHops: Hop[] = [
      { kind: "edge", name: edge.name, detail: `nftables DNAT tcp ${p.listen} -> ${home}:${p.to} (forward accepted; ${seen})`, decl: p.decl },
      {
        kind: "wireguard",
        name: `${edge.name} ${w.subnet}`,
        detail: `WireGuard ${w.vps.address ?? "?"} -> ${home} (home dials ${edge.address}:${w.port}, PersistentKeepalive ${w.keepalive})`,
        decl: at(edge, "wireguard"),
      },
    ];
    const backend = `${gateway.address ?? "(no address)"}:${p.backend}`;
    byListen.set(p.listen, [
      { from: node, to: frontend, kind: "dnat", decl: p.decl, hops: dnatHops, match: { ports: [p.listen], protocol: "tcp" }, rank: [0, i] },
      {
        from: frontend,
        to: lb.node,
        kind: "proxies",
        decl: p.decl,
        hops: [
          { kind: "haproxy", name: `${home}:${p.to}`, detail: `frontend ${home}:${p.to} (tcp) -> backend ${backend}, health-checked${proxy}`, decl: edge.proxyProtocolSet ? at(edge, "proxyProtocol") : p.decl },
          { kind: "load-balancer", name: lb.node.name, detail: lb.detail, decl: pool?.decl ?? gateway.decl },
        ],
        rank: [0],
      },
      { from: lb.node, to: gatewayNode(gateway), kind: "enters", decl: gateway.decl, hops: [gatewayHop(gateway)], rank: [0] },
    ]);
  });
  return { node, byListen, also };
}

/** The route of every name through an edge, the edges with their names, and the DNS records (a CNAME per name). */
export function edgeRouting(
  model: Model,
  gateways: GatewayRouting,
  carried: readonly { exposure: Exposure; edge: Edge }[],
  unpublishedExposures: readonly Exposure[],
  place: (e: Exposure) => Placement,
): { edges: EdgeRouting[]; routes: Route[]; records: DnsRecord[] } {
  const routes: Route[] = [];
  const records: DnsRecord[] = [];
  for (const e of unpublishedExposures) {
    for (const n of namesOf(e)) routes.push(unpublishedRoute(e, n.name, n.decl, place(e), "edge"));
  }
  const edges: EdgeRouting[] = [];
  for (const edge of model.platform.edges ?? []) {
    const mine = carried.filter((c) => c.edge === edge && c.exposure.deployed);
    const gateway = gateways.find(edge.cluster, edge.gateway);
    const ports = edgePorts(edge);
    const record = edgeRecordName(model, edge, mine[0]?.exposure.expose.fqdn);
    const shared = edgeSteps(model, edge, gateway, ports, record);
    const er: EdgeRouting = { edge, ports, names: [] };
    if (gateway) er.gateway = gateway;
    if (record !== undefined) er.record = record;
    // A request on 443 takes the HTTPS port's way; a name that is not forwarded there takes the first port's.
    const main = shared.byListen.get(443) ?? shared.byListen.get(ports[0]?.listen ?? 0) ?? [];
    const others = [...shared.byListen.entries()].filter(([, s]) => s !== main).flatMap(([, s]) => s);
    for (const { exposure: e } of mine) {
      const r = gateways.routeOf(e);
      if (!r) continue; // no such gateway: check reports it
      // The gateway matches each of the route's names by its own step: a name's way takes its own.
      const way = gatewaySteps(r);
      for (const n of namesOf(e)) {
        const dns: RouteNode = { id: nodeId.dns(n.name), kind: "dns-record", name: n.name, detail: `CNAME to edge ${edge.name}` };
        const target = record ?? "(no record name)";
        const steps: Step[] = [
          {
            from: internetNode(),
            to: dns,
            kind: "resolves",
            decl: n.decl,
            hops: [{ kind: "dns-record", name: n.name, detail: `Cloudflare DNS: CNAME ${n.name} -> ${target} (DNS only), A ${target} ${edge.address} (edge ${edge.name})`, decl: n.decl }],
            match: { hosts: [hostKey(n.name)] },
            rank: dnsRank(n.name),
          },
          { from: dns, to: shared.node, kind: "cname", decl: e.at.edge, hops: [], rank: [0] },
          ...main,
          ...way.filter((s) => s.kind !== "routes" || s.match?.hosts?.[0] === hostKey(n.name)),
        ];
        const route: Route = {
          name: n.name,
          key: hostKey(n.name),
          scope: "public",
          via: "edge",
          app: e.app.name,
          cluster: e.cluster,
          port: e.expose.port,
          target: `http://${r.service}.${r.namespace}.svc.cluster.local:${r.port} through gateway ${r.gateway.name}, edge ${edge.name}`,
          start: internetNode(),
          steps,
          also: [...shared.also, ...others, ...way.filter((s) => s.kind === "routes" && s.match?.hosts?.[0] !== hostKey(n.name))],
          published: true,
          decl: n.decl,
        };
        routes.push(route);
        er.names.push({ name: n.name, app: e.app.name, exposure: e, route });
        records.push({ name: n.name, target: { kind: "edge", edge: edge.name, record: target }, proxied: false, app: e.app.name, route });
      }
    }
    edges.push(er);
  }
  return { edges, routes, records };
}

function namesOf(e: Exposure): { name: string; decl: Declaration }[] {
  const names = [{ name: e.expose.fqdn, decl: e.at.fqdn }];
  if (e.expose.alias !== undefined) names.push({ name: e.expose.alias, decl: e.at.alias });
  return names;
}
