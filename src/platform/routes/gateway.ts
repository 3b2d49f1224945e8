/**
 * Names routed by a cluster's gateways (seed 003): an Envoy Gateway (Gateway API: a Gateway and an
 * HTTPRoute per exposure, a SecurityPolicy where it asks for auth) or ingress-nginx (an Ingress per
 * exposure). What reaches a gateway is someone else's business (the cluster's Cloudflare tunnel for
 * `via: gateway`, the LAN resolver and a LoadBalancer address for `exposeLan`, a VPS edge for
 * `via: edge`): they enter the gateway's node with its hop, and the gateway's own steps (its routes
 * by hostname, the route's auth, the Service, the Application) are made here, once per route.
 */
import type { Declaration } from "../../diag/declaration.js";
import type { Exposure, LanExposure } from "../../model/exposure.js";
import { DEFAULT_LAN_GATEWAY, DEFAULT_PUBLIC_GATEWAY, type AuthProvider, type Gateway } from "../../model/layers.js";
import type { App, Model } from "../../model/types.js";
import { compareCodePoints } from "../../core/compare-code-points.js";
import { compareBySpecificity, hostKey } from "../hostnames.js";
import type { Placement } from "../placement.js";
import { applicationHop, applicationNode, nodeId } from "./nodes.js";
import type { Hop, RouteNode, Step } from "./route.js";

/** One HTTPRoute (envoy) or Ingress (nginx): an exposure's names on one gateway. */
export interface GatewayRoute {
  gateway: Gateway;
  /** The object's name, in the app's namespace: <app>-<gateway key>, -2, -3 for more exposures of the app there. */
  name: string;
  namespace: string;
  /** The fqdn, then the alias. */
  hostnames: string[];
  app: App;
  service: string;
  port: number;
  auth?: AuthProvider;
  scope: "public" | "lan";
  placement: Placement;
  /** Where each name is written, by hostKey. */
  nameDecl: Map<string, Declaration>;
  portDecl: Declaration;
  authDecl: Declaration;
}

export interface GatewayRouting {
  /** Every gateway of every cluster, with its routes (by namespace, then name). */
  gateways: { gateway: Gateway; routes: GatewayRoute[] }[];
  /** The gateway a route is on, found by cluster and key. */
  find(cluster: string, key: string): Gateway | undefined;
  /** The route an exposure got (none when its gateway does not exist or its app does not run there). */
  routeOf(e: Exposure | LanExposure): GatewayRoute | undefined;
}

/** Which gateway an exposure goes through: the one it names, else the default of its kind. */
export function gatewayKeyOf(e: Exposure | LanExposure, lan: boolean): string {
  return e.expose.gateway ?? (lan ? DEFAULT_LAN_GATEWAY : DEFAULT_PUBLIC_GATEWAY);
}

/** The in-cluster address a tunnel or a proxy sends a gateway's traffic to: its Service's HTTPS port. */
export function gatewayServiceUrl(g: Gateway): string {
  return `https://${g.serviceName}.${g.serviceNamespace}.svc.cluster.local:443`;
}

export function gatewayNode(g: Gateway): RouteNode {
  const what = g.kind === "envoy" ? `Envoy Gateway ${g.name} (class ${g.className})` : `ingress-nginx, class ${g.className}`;
  return { id: `gateway:${g.cluster}/${g.key}`, kind: "gateway", name: g.name, detail: `${what} on ${g.cluster}` };
}

/** The hop of entering a gateway: its listener, where it is, and its LAN address. */
export function gatewayHop(g: Gateway): Hop {
  const where = `${g.kind === "envoy" ? `Envoy Gateway ${g.name}, listener https (443), class ${g.className}` : `ingress-nginx ${g.name}, class ${g.className}, port 443`} on ${g.cluster}`;
  return { kind: "gateway", name: g.name, detail: `${where}${g.address ? `; LoadBalancer ${g.address}` : ""}`, decl: g.decl };
}

/** A route's way on from its gateway: the route by hostname, its auth, the Service, the Application. */
export function gatewaySteps(r: GatewayRoute): Step[] {
  const gw = gatewayNode(r.gateway);
  const object = r.gateway.kind === "envoy" ? "HTTPRoute" : "Ingress";
  const routeNode: RouteNode = { id: `route:${r.gateway.cluster}/${r.namespace}/${r.name}`, kind: "route", name: r.name, detail: `${object} ${r.name} in ${r.namespace}` };
  const host = `${r.service}.${r.namespace}.svc.cluster.local:${r.port}`;
  const service: RouteNode = { id: nodeId.service(`http://${host}`), kind: "service", name: host, detail: `Service ${r.service} in namespace ${r.namespace} on ${r.gateway.cluster}` };
  const steps: Step[] = [];
  // One step per name: a gateway matches a request's host against every route's hostnames.
  for (const h of r.hostnames) {
    const decl = r.nameDecl.get(hostKey(h))!;
    steps.push({
      from: gw,
      to: routeNode,
      kind: "routes",
      decl,
      hops: [{ kind: "route", name: r.name, detail: `${object} ${r.name} in ${r.namespace}: ${r.hostnames.join(", ")} -> ${r.service}:${r.port}`, decl }],
      match: { hosts: [hostKey(h)] },
      rank: [...specificityRank(h), r.namespace, r.name],
    });
  }
  const serviceHop: Hop = { kind: "service", name: host, detail: `Service ${r.service} in namespace ${r.namespace} on ${r.gateway.cluster}, port ${r.port}`, decl: r.portDecl };
  if (r.auth) {
    const a = r.auth;
    const authNode: RouteNode = { id: `auth:${r.gateway.cluster}/${r.namespace}/${r.name}`, kind: "auth", name: r.name, detail: `SecurityPolicy ${r.name} in ${r.namespace}` };
    const path = a.path ?? "/";
    steps.push({
      from: routeNode,
      to: authNode,
      kind: "guards",
      decl: r.authDecl,
      hops: [{ kind: "auth", name: a.name, detail: `SecurityPolicy ${r.name}: ext-auth ${a.name} (${a.service}.${a.namespace}:${a.port}${path}) must let the request through`, decl: r.authDecl }],
      rank: [0],
    });
    steps.push({ from: authNode, to: service, kind: "backs", decl: r.portDecl, hops: [serviceHop], rank: [0] });
  } else {
    steps.push({ from: routeNode, to: service, kind: "backs", decl: r.portDecl, hops: [serviceHop], rank: [0] });
  }
  steps.push({ from: service, to: applicationNode(r.placement), kind: "backs", decl: r.placement.deployDecl, hops: [applicationHop(r.placement)], rank: [0] });
  return steps;
}

/** Exact hostnames before wildcards, the most specific wildcard first (Gateway API's precedence). */
function specificityRank(h: string): (number | string)[] {
  const k = hostKey(h);
  return k.startsWith("*.") ? [1, -k.split(".").length, k] : [0, k];
}

/**
 * Every route on every gateway: public exposures through a gateway (`via: gateway`, and `via: edge`,
 * which lands on its edge's gateway) and LAN names. Exposures naming a gateway or an auth provider
 * that does not exist get no route (check reports them).
 */
export function gatewayRouting(
  model: Model,
  publicExposures: readonly { exposure: Exposure; gateway: string }[],
  lanExposures: readonly LanExposure[],
  placement: (app: App, cluster: string) => Placement,
): GatewayRouting {
  const byKey = new Map<string, { gateway: Gateway; routes: GatewayRoute[] }>();
  for (const c of model.platform.clusters) for (const g of c.gateways) byKey.set(`${c.name}\0${g.key}`, { gateway: g, routes: [] });
  const taken = new Map<string, number>();
  const byExposure = new Map<Exposure | LanExposure, GatewayRoute>();
  const auth = model.platform.auth ?? new Map<string, AuthProvider>();
  const add = (e: Exposure | LanExposure, key: string, scope: "public" | "lan", names: { name: string; decl: Declaration }[]): void => {
    const entry = byKey.get(`${e.cluster}\0${key}`);
    if (!entry || !e.deployed) return;
    const p = placement(e.app, e.cluster);
    const base = `${e.app.name}-${key}`;
    const seen = taken.get(`${e.cluster}\0${p.namespace}\0${base}`) ?? 0;
    taken.set(`${e.cluster}\0${p.namespace}\0${base}`, seen + 1);
    const r: GatewayRoute = {
      gateway: entry.gateway,
      name: seen === 0 ? base : `${base}-${seen + 1}`,
      namespace: p.namespace,
      hostnames: names.map((n) => n.name),
      app: e.app,
      service: p.service,
      port: e.expose.port,
      scope,
      placement: p,
      nameDecl: new Map(names.map((n) => [hostKey(n.name), n.decl])),
      portDecl: e.at.port,
      authDecl: e.at.auth,
    };
    const provider = e.expose.auth !== undefined ? auth.get(e.expose.auth) : undefined;
    if (provider && provider.cluster === e.cluster) r.auth = provider;
    entry.routes.push(r);
    byExposure.set(e, r);
  };
  for (const { exposure: e, gateway } of publicExposures) {
    const names = [{ name: e.expose.fqdn, decl: e.at.fqdn }];
    if (e.expose.alias !== undefined) names.push({ name: e.expose.alias, decl: e.at.alias });
    add(e, gateway, "public", names);
  }
  for (const e of lanExposures) add(e, gatewayKeyOf(e, true), "lan", [{ name: e.expose.fqdn, decl: e.at.fqdn }]);
  const gateways = [...byKey.values()];
  for (const g of gateways) g.routes.sort((a, b) => compareCodePoints(a.namespace, b.namespace) || compareCodePoints(a.name, b.name));
  return { gateways, find: (cluster, key) => byKey.get(`${cluster}\0${key}`)?.gateway, routeOf: (e) => byExposure.get(e) };
}

/** The routes of a gateway whose hostnames a request could match, in the gateway's order (for the LAN resolver). */
export function routesByHost(routes: readonly GatewayRoute[]): { host: string; route: GatewayRoute }[] {
  return routes.flatMap((r) => r.hostnames.map((host) => ({ host, route: r }))).sort((a, b) => compareBySpecificity(a.host, b.host));
}
