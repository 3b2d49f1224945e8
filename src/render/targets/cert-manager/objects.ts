/**
 * cert-manager (breadth.md §2.5): the ClusterIssuer every certificate of a cluster comes from (ACME,
 * DNS-01 through Cloudflare, the API token a Secret reference), and for each Envoy gateway a
 * Certificate whose names cover every route on it, in the gateway's namespace, into the Secret its
 * HTTPS listener serves. (nginx Ingresses get theirs from cert-manager's ingress shim.)
 */
import type { Platform } from "../../../model/types.js";
import type { ClusterView, PlatformIndex } from "../../../platform/index.js";
import { certificateNames, gatewaySecret, issuerName, LETS_ENCRYPT, objectLabels } from "../../ingress-names.js";
import { orderKeys, type K8sObject } from "../../k8s-object.js";

export const CERT_MANAGER_API = "cert-manager.io/v1";

export function renderCertificates(index: PlatformIndex, view: ClusterView): K8sObject[] {
  const { platform } = index.model;
  const gateways = index.routing.gateways.gateways.filter((g) => g.gateway.cluster === view.cluster.name);
  const certificates: K8sObject[] = [];
  for (const { gateway: g, routes } of gateways) {
    if (g.kind !== "envoy") continue;
    const dnsNames = certificateNames(g, routes);
    if (dnsNames.length === 0) continue;
    certificates.push(
      orderKeys({
        apiVersion: CERT_MANAGER_API,
        kind: "Certificate",
        metadata: { name: g.name, namespace: g.namespace, labels: objectLabels(platform, g.cluster) },
        spec: { secretName: gatewaySecret(g), issuerRef: { name: issuerName(platform), kind: "ClusterIssuer" }, dnsNames },
      }),
    );
  }
  const nginx = gateways.some((g) => g.gateway.kind === "nginx" && g.routes.length > 0);
  if (certificates.length === 0 && !nginx) return [];
  return [clusterIssuer(platform, view.cluster.name), ...certificates];
}

function clusterIssuer(platform: Platform, cluster: string): K8sObject {
  const c = platform.certificates;
  const name = issuerName(platform);
  const token = c?.cloudflareToken ?? { name: "cloudflare-api-token", key: "api-token" };
  const solver: Record<string, unknown> = { dns01: { cloudflare: { apiTokenSecretRef: { name: token.name, key: token.key } } } };
  if (platform.cloudflare.zones.length > 0) solver.selector = { dnsZones: [...platform.cloudflare.zones] };
  const acme: Record<string, unknown> = { server: c?.server ?? LETS_ENCRYPT };
  if (c?.email !== undefined) acme.email = c.email;
  acme.privateKeySecretRef = { name };
  acme.solvers = [solver];
  return orderKeys({ apiVersion: CERT_MANAGER_API, kind: "ClusterIssuer", metadata: { name, labels: objectLabels(platform, cluster) }, spec: { acme } });
}
