/**
 * Every public and LAN route of the platform, from the route modules (one per way in: the
 * Cloudflare tunnel, the NetBird reverse proxy, the LAN resolver; one per way on: a plain Service,
 * a gateway), with the rendered facts they share with the targets: the tunnels and their ordered
 * rules, the DNS records, the proxied names, the gateways and their routes.
 */
import type { Declaration } from "../../diag/declaration.js";
import { SETTINGS_FILE } from "../../load/snapshot.js";
import { declaredExposures, declaredLanExposures, type Exposure, type LanExposure } from "../../model/exposure.js";
import type { App, Model } from "../../model/types.js";
import { compareCodePoints } from "../../core/compare-code-points.js";
import type { Placement } from "../placement.js";
import { gatewayHop, gatewayKeyOf, gatewayNode, gatewayRouting, gatewayServiceUrl, gatewaySteps, type GatewayRouting } from "./gateway.js";
import { edgeExposures, edgeRouting, type EdgeRouting } from "./edge.js";
import { lanRouting } from "./lan.js";
import { proxyRouting, type ProxyRoute } from "./netbird-proxy.js";
import { unpublishedRoute, type DnsRecord } from "./public.js";
import type { Route } from "./route.js";
import { clusterServiceUrl, serviceOrigin, tunnelRouting, type Origin, type Tunnel, type TunnelName } from "./tunnel.js";

export interface Routing {
  /** Every public exposure declared (published or not), in folder order. */
  exposures: readonly Exposure[];
  /** Every LAN name declared. */
  lanExposures: readonly LanExposure[];
  /** Tunnels by cluster name, rules in cloudflared's order. */
  tunnels: readonly Tunnel[];
  /** NetBird reverse-proxy exposures, by first name. */
  proxied: readonly ProxyRoute[];
  /** Every gateway with the routes it carries. */
  gateways: GatewayRouting;
  /** The VPS edges, each with its gateway, ports and names. */
  edges: readonly EdgeRouting[];
  /** The public DNS records: the tunnels' CNAMEs, then the reverse proxy's, then the edges'. */
  records: readonly DnsRecord[];
  /** One route per public or LAN name, published or not, by name, then cluster and app. */
  routes: readonly Route[];
}

/** The names of an exposure: the fqdn, then the alias. */
function namesOf(e: Exposure): { name: string; decl: Declaration }[] {
  const names = [{ name: e.expose.fqdn, decl: e.at.fqdn }];
  if (e.expose.alias !== undefined) names.push({ name: e.expose.alias, decl: e.at.alias });
  return names;
}

export function buildRouting(model: Model, placement: (app: App, cluster: string) => Placement): Routing {
  const exposures = model.apps.flatMap((a) => declaredExposures(model, a));
  const lanExposures = model.apps.flatMap((a) => declaredLanExposures(model, a));
  const place = (e: Exposure | LanExposure): Placement => placement(e.app, e.cluster);

  const viaGateway = exposures.filter((e) => e.via === "gateway").map((exposure) => ({ exposure, gateway: gatewayKeyOf(exposure, false) }));
  // An edge lands on its gateway: its names are routed there like a gateway's own.
  const viaEdge = edgeExposures(model, exposures);
  const gateways = gatewayRouting(model, [...viaGateway, ...viaEdge], lanExposures, placement);

  // Through the cluster's tunnel: straight to the Service, or to a gateway that routes the name.
  const tunnelNames: TunnelName[] = [];
  const unpublished: Route[] = [];
  for (const e of exposures) {
    if (e.via !== "tunnel" && e.via !== "gateway") continue;
    for (const n of namesOf(e)) {
      if (!e.deployed) {
        unpublished.push(unpublishedRoute(e, n.name, n.decl, place(e), e.via));
        continue;
      }
      let origin: Origin | undefined;
      if (e.via === "tunnel") origin = serviceOrigin(e, place(e));
      else {
        const r = gateways.routeOf(e);
        if (!r) continue; // no such gateway: check reports it
        origin = {
          url: gatewayServiceUrl(r.gateway),
          target: `${clusterServiceUrl(r.service, r.namespace, r.port)} through gateway ${r.gateway.name}`,
          originServerName: n.name,
          node: gatewayNode(r.gateway),
          enter: [gatewayHop(r.gateway)],
          steps: gatewaySteps(r),
        };
      }
      tunnelNames.push({ exposure: e, name: n.name, decl: n.decl, origin });
    }
  }
  const tunnel = tunnelRouting(model, tunnelNames, unpublished);
  // The proxy's wildcard is declared by the external domain: homescale.yaml's when it sets one.
  const externalDecl: Declaration = model.platform.settingsFile ? { file: SETTINGS_FILE, path: ["domains", "external"] } : { file: SETTINGS_FILE, path: [] };
  const proxy = proxyRouting(model, exposures, place, externalDecl);
  const lan = lanRouting(model, gateways, lanExposures, place);
  const edge = edgeRouting(model, gateways, viaEdge, exposures.filter((e) => e.via === "edge" && !e.deployed), place);
  const routes = [...tunnel.routes, ...proxy.routes, ...lan, ...edge.routes].sort(
    (a, b) => compareCodePoints(a.key, b.key) || compareCodePoints(a.cluster, b.cluster) || compareCodePoints(a.app, b.app),
  );
  return { exposures, lanExposures, tunnels: tunnel.tunnels, proxied: proxy.proxied, gateways, edges: edge.edges, records: [...tunnel.records, ...proxy.records, ...edge.records], routes };
}
