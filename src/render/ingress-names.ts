/**
 * What the ingress targets (Gateway API, ingress-nginx, cert-manager) agree on: the labels of the
 * objects homescale renders for a cluster, the external-dns annotations in the prefix of the
 * external-dns the clusters run, the ClusterIssuer, and each gateway's certificate.
 */
import type { Gateway } from "../model/layers.js";
import type { Platform } from "../model/types.js";
import type { GatewayRoute } from "../platform/routes/gateway.js";
import { compareBySpecificity, hostKey } from "../platform/hostnames.js";
import { appLabelKey, clusterLabelKey, PART_OF, PART_OF_KEY } from "./labels.js";

/** External-dns moved its annotations from the alpha prefix to the GA one in 0.22.0 (breadth.md §2.6). */
export function externalDnsPrefix(platform: Platform): string {
  const v = (platform.dns?.externalDnsVersion ?? "0.21.0").replace(/^v/, "").split(".").map(Number);
  const ga = v[0]! > 0 || v[1]! >= 22;
  return ga ? "external-dns.kubernetes.io/" : "external-dns.alpha.kubernetes.io/";
}

/**
 * The annotations of a route's object. Public names are homescale's Terraform's (cloudflare.tf.json):
 * `controller: none` keeps every external-dns away from them, so a name has one DNS owner.
 */
export function routeAnnotations(platform: Platform, r: GatewayRoute): Record<string, string> | undefined {
  if (r.scope === "public") return { [`${externalDnsPrefix(platform)}controller`]: "none" };
  return undefined;
}

export function objectLabels(platform: Platform, cluster: string, app?: string): Record<string, string> {
  const labels: Record<string, string> = { [PART_OF_KEY]: PART_OF, [clusterLabelKey(platform)]: cluster };
  if (app !== undefined) labels[appLabelKey(platform)] = app;
  return labels;
}

export const DEFAULT_ISSUER = "letsencrypt-production";
export const LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

export function issuerName(platform: Platform): string {
  return platform.certificates?.issuer ?? DEFAULT_ISSUER;
}

/** The Secret an envoy gateway's HTTPS listener serves, which its Certificate fills. */
export function gatewaySecret(g: Gateway): string {
  return `${g.name}-tls`;
}

/** The names a gateway's certificate covers: set by hand, else every hostname routed through it, exact names first. */
export function certificateNames(g: Gateway, routes: readonly GatewayRoute[]): string[] {
  if (g.tlsNames !== undefined) return [...g.tlsNames];
  const names = new Map<string, string>();
  for (const r of routes) for (const h of r.hostnames) if (!names.has(hostKey(h))) names.set(hostKey(h), h.replace(/\.$/, ""));
  return [...names.values()].sort(compareBySpecificity);
}
