/**
 * Every public route of the platform, from the route modules (one per edge kind: the Cloudflare
 * tunnel, the NetBird reverse proxy), with the rendered facts they share with the Terraform
 * targets: the tunnels and their ordered rules, the DNS records, the proxied names.
 */
import type { Declaration } from "../../diag/declaration.js";
import { SETTINGS_FILE } from "../../load/snapshot.js";
import { declaredExposures, type Exposure } from "../../model/exposure.js";
import type { Model } from "../../model/types.js";
import { compareCodePoints } from "../../core/compare-code-points.js";
import type { Placement } from "../placement.js";
import { proxyRouting, type ProxyRoute } from "./netbird-proxy.js";
import type { DnsRecord } from "./public.js";
import type { Route } from "./route.js";
import { tunnelRouting, type Tunnel } from "./tunnel.js";

export interface Routing {
  /** Every exposure declared (published or not), in folder order. */
  exposures: readonly Exposure[];
  /** Tunnels by cluster name, rules in cloudflared's order. */
  tunnels: readonly Tunnel[];
  /** NetBird reverse-proxy exposures, by first name. */
  proxied: readonly ProxyRoute[];
  /** The public DNS records: the tunnels' CNAMEs, then the reverse proxy's. */
  records: readonly DnsRecord[];
  /** One route per public name, published or not, by name, then cluster and app. */
  routes: readonly Route[];
}

export function buildRouting(model: Model, placement: (app: Exposure["app"], cluster: string) => Placement): Routing {
  const exposures = model.apps.flatMap((a) => declaredExposures(model, a));
  const place = (e: Exposure): Placement => placement(e.app, e.cluster);
  const tunnel = tunnelRouting(model, exposures, place);
  // The proxy's wildcard is declared by the external domain: homescale.yaml's when it sets one.
  const externalDecl: Declaration = model.platform.settingsFile ? { file: SETTINGS_FILE, path: ["domains", "external"] } : { file: SETTINGS_FILE, path: [] };
  const proxy = proxyRouting(model, exposures, place, externalDecl);
  const routes = [...tunnel.routes, ...proxy.routes].sort(
    (a, b) => compareCodePoints(a.key, b.key) || compareCodePoints(a.cluster, b.cluster) || compareCodePoints(a.app, b.app),
  );
  return { exposures, tunnels: tunnel.tunnels, proxied: proxy.proxied, records: [...tunnel.records, ...proxy.records], routes };
}
