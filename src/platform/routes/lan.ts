/**
 * Names served on the LAN only (exposeLan, seed 003): the LAN resolver (external-dns to the LAN's
 * DNS, or k8s-gateway) answers the name with a gateway's LoadBalancer address, which Cilium's L2
 * announcements or MetalLB put on the nodes' LAN; the gateway routes it. Never in public DNS: from
 * the internet such a name ends at a dead end that says so.
 */
import type { LanExposure } from "../../model/exposure.js";
import type { Gateway, LoadBalancerPool } from "../../model/layers.js";
import type { Model } from "../../model/types.js";
import { hostKey } from "../hostnames.js";
import type { Placement } from "../placement.js";
import { gatewayHop, gatewayNode, gatewaySteps, type GatewayRouting } from "./gateway.js";
import { internetNode } from "./nodes.js";
import { unpublishedRouteFrom } from "./public.js";
import type { Route, RouteNode, Step } from "./route.js";

export function lanNode(): RouteNode {
  return { id: "lan", kind: "lan", name: "lan", detail: "a client on the LAN" };
}

/** Who answers LAN names: external-dns writing them into the LAN's DNS, or k8s-gateway answering itself. */
export function lanResolver(model: Model): string {
  return model.platform.dns?.lan === "k8s-gateway" ? "k8s-gateway" : "external-dns (LAN provider)";
}

/** The hop of the LoadBalancer address in front of a gateway: who announces it, where. */
export function loadBalancerHop(g: Gateway, pool: LoadBalancerPool | undefined): { node: RouteNode; detail: string } {
  const address = g.address ?? "(no address)";
  const node: RouteNode = { id: `load-balancer:${g.cluster}/${address}`, kind: "load-balancer", name: address, detail: `LoadBalancer address of ${g.name} on ${g.cluster}` };
  const on = pool?.interfaces?.length ? ` on ${pool.interfaces.join(", ")}` : "";
  const how =
    pool === undefined
      ? "no LoadBalancer pool is configured on the cluster"
      : pool.provider === "cilium"
        ? `Cilium L2 announcement (CiliumL2AnnouncementPolicy ${pool.name}${on}) of pool ${pool.name}`
        : `MetalLB L2Advertisement ${pool.name}${on} of IPAddressPool ${pool.name}`;
  return { node, detail: how };
}

export function lanRouting(model: Model, gateways: GatewayRouting, exposures: readonly LanExposure[], placement: (e: LanExposure) => Placement): Route[] {
  const routes: Route[] = [];
  const resolver = lanResolver(model);
  for (const e of exposures) {
    const fqdn = e.expose.fqdn;
    const p = placement(e);
    if (!e.deployed) {
      routes.push(unpublishedRouteFrom(lanNode(), e.app, e.cluster, e.expose.port, fqdn, e.at.fqdn, e.at.cluster, p, "lan", "lan"));
      continue;
    }
    const r = gateways.routeOf(e);
    if (!r) continue; // no such gateway: check reports it
    const g = r.gateway;
    const cluster = model.platform.clusterByName.get(e.cluster)!;
    const lb = loadBalancerHop(g, cluster.loadBalancer);
    const dns: RouteNode = { id: `lan-dns:${e.cluster}`, kind: "lan-dns", name: resolver, detail: `the LAN resolver of ${e.cluster}` };
    const steps: Step[] = [
      {
        from: lanNode(),
        to: dns,
        kind: "resolves",
        decl: e.at.fqdn,
        hops: [{ kind: "lan-dns", name: fqdn, detail: `${resolver} answers ${fqdn}: A ${g.address ?? "(the gateway has no address)"}`, decl: e.at.fqdn }],
        match: { hosts: [hostKey(fqdn)] },
        rank: [0, hostKey(fqdn)],
      },
      {
        from: dns,
        to: lb.node,
        kind: "announces-lb",
        decl: { file: g.decl.file, path: [...g.decl.path, "address"] },
        hops: [{ kind: "load-balancer", name: lb.node.name, detail: lb.detail, decl: cluster.loadBalancer?.decl ?? g.decl }],
        match: { hosts: [hostKey(fqdn)] },
        rank: [0],
      },
      { from: lb.node, to: gatewayNode(g), kind: "enters", decl: g.decl, hops: [gatewayHop(g)], rank: [0] },
      ...gatewaySteps(r),
    ];
    // From the internet, the name is no public name: a dead end that says where it is served.
    const lanOnly: RouteNode = {
      id: `lan-only:${hostKey(fqdn)}`,
      kind: "declaration",
      name: fqdn,
      detail: `served on the LAN of ${e.cluster} only`,
      blocked: { block: "lan-only", explanation: `exposeLan of ${e.app.name}, through gateway ${g.key} of ${e.cluster}; no public DNS record points at ${fqdn}: trace it --from lan` },
    };
    routes.push({
      name: fqdn,
      key: hostKey(fqdn),
      scope: "lan",
      via: "lan",
      app: e.app.name,
      cluster: e.cluster,
      port: e.expose.port,
      target: `${r.service}.${r.namespace}.svc.cluster.local:${r.port}`,
      start: lanNode(),
      steps,
      also: [
        {
          from: internetNode(),
          to: lanOnly,
          kind: "declares",
          decl: e.at.fqdn,
          hops: [{ kind: "declaration", name: fqdn, detail: `exposeLan of ${e.app.name} names ${e.cluster}: LAN only`, decl: e.at.fqdn }],
          match: { hosts: [hostKey(fqdn)] },
          rank: [3, hostKey(fqdn)],
        },
      ],
      published: true,
      decl: e.at.fqdn,
    });
  }
  return routes;
}
