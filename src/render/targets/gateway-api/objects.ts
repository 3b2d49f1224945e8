/**
 * Gateway API objects of one cluster (seed 003, breadth.md §2): for each Envoy gateway, its
 * EnvoyProxy (the Service's name, so the tunnel can address it), the Gateway (an HTTP listener that
 * only redirects, an HTTPS listener with the gateway's certificate, routes admitted from exactly the
 * namespaces that have one, the LAN address as the annotation the load balancer reads), an
 * HTTP-to-HTTPS redirect route, an HTTPRoute per exposure, a SecurityPolicy for each that asks for
 * auth, the ReferenceGrant that lets a SecurityPolicy reach an auth Service in another namespace, and
 * the ClientTrafficPolicy that makes a gateway accept the PROXY protocol when it is set to.
 */
import type { Gateway } from "../../../model/layers.js";
import type { Platform } from "../../../model/types.js";
import type { ClusterView, PlatformIndex } from "../../../platform/index.js";
import type { GatewayRoute } from "../../../platform/routes/gateway.js";
import { compareCodePoints } from "../../../core/compare-code-points.js";
import { externalDnsPrefix, gatewaySecret, objectLabels, routeAnnotations } from "../../ingress-names.js";
import { orderKeys, type K8sObject } from "../../k8s-object.js";

export const GATEWAY_API = "gateway.networking.k8s.io/v1";
/** ReferenceGrant's storage version is still v1beta1 (v1 is served too, since Gateway API 1.5). */
export const REFERENCE_GRANT_API = "gateway.networking.k8s.io/v1beta1";
export const ENVOY_API = "gateway.envoyproxy.io/v1alpha1";

/** The annotation that pins a LoadBalancer Service's address, per load balancer. */
export function addressAnnotation(platform: Platform, cluster: string, address: string): Record<string, string> {
  const provider = platform.clusterByName.get(cluster)?.loadBalancer?.provider;
  return provider === "metallb" ? { "metallb.io/loadBalancerIPs": address } : { "lbipam.cilium.io/ips": address };
}

export function renderGatewayApi(index: PlatformIndex, view: ClusterView): K8sObject[] {
  const { platform } = index.model;
  const out: K8sObject[] = [];
  const grants = new Map<string, { provider: NonNullable<GatewayRoute["auth"]>; from: Set<string> }>();
  for (const { gateway: g, routes } of index.routing.gateways.gateways) {
    if (g.cluster !== view.cluster.name || g.kind !== "envoy") continue;
    out.push(envoyProxy(platform, g), gateway(platform, g, routes), redirect(platform, g));
    if (g.proxyProtocol) out.push(clientTrafficPolicy(platform, g));
    for (const r of routes) {
      out.push(httpRoute(platform, r));
      if (r.auth) {
        out.push(securityPolicy(platform, r));
        if (r.auth.namespace !== r.namespace) {
          const k = r.auth.name;
          const grant = grants.get(k) ?? { provider: r.auth, from: new Set<string>() };
          grant.from.add(r.namespace);
          grants.set(k, grant);
        }
      }
    }
  }
  for (const k of [...grants.keys()].sort(compareCodePoints)) out.push(referenceGrant(platform, view.cluster.name, grants.get(k)!));
  return out;
}

/**
 * The gateway accepts the PROXY protocol (an edge's HAProxy sends v2), on every listener, and
 * rejects a connection without the header. Envoy Gateway 1.9 deprecates enableProxyProtocol for
 * proxyProtocol (its CRD, gateway.envoyproxy.io_clienttrafficpolicies.yaml).
 */
function clientTrafficPolicy(platform: Platform, g: Gateway): K8sObject {
  return orderKeys({
    apiVersion: ENVOY_API,
    kind: "ClientTrafficPolicy",
    metadata: { name: g.name, namespace: g.namespace, labels: objectLabels(platform, g.cluster) },
    spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: g.name }], proxyProtocol: { optional: false } },
  });
}

function envoyProxy(platform: Platform, g: Gateway): K8sObject {
  return orderKeys({
    apiVersion: ENVOY_API,
    kind: "EnvoyProxy",
    metadata: { name: g.name, namespace: g.namespace, labels: objectLabels(platform, g.cluster) },
    spec: { provider: { type: "Kubernetes", kubernetes: { envoyService: { name: g.serviceName, type: "LoadBalancer" } } } },
  });
}

function gateway(platform: Platform, g: Gateway, routes: readonly GatewayRoute[]): K8sObject {
  const namespaces = [...new Set(routes.map((r) => r.namespace))].sort(compareCodePoints);
  // Routes are admitted from exactly their namespaces (the default, Same, would drop every other).
  const allowed =
    namespaces.length === 0 || (namespaces.length === 1 && namespaces[0] === g.namespace)
      ? { namespaces: { from: "Same" } }
      : { namespaces: { from: "Selector", selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: namespaces }] } } };
  const infrastructure: Record<string, unknown> = { parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: g.name } };
  if (g.address !== undefined) infrastructure.annotations = addressAnnotation(platform, g.cluster, g.address);
  const annotations: Record<string, string> = {};
  // A LAN gateway's names are external-dns's to answer, with the gateway's LAN address.
  if (g.lan && platform.dns?.lan !== "k8s-gateway" && g.address !== undefined) annotations[`${externalDnsPrefix(platform)}target`] = g.address;
  return orderKeys({
    apiVersion: GATEWAY_API,
    kind: "Gateway",
    metadata: { name: g.name, namespace: g.namespace, labels: objectLabels(platform, g.cluster), ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: {
      gatewayClassName: g.className,
      infrastructure,
      listeners: [
        { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } },
        { name: "https", protocol: "HTTPS", port: 443, allowedRoutes: allowed, tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: gatewaySecret(g) }] } },
      ],
    },
  });
}

/** Plain HTTP answers with a redirect to HTTPS, for every name on the gateway. */
function redirect(platform: Platform, g: Gateway): K8sObject {
  return orderKeys({
    apiVersion: GATEWAY_API,
    kind: "HTTPRoute",
    metadata: { name: `${g.name}-https-redirect`, namespace: g.namespace, labels: objectLabels(platform, g.cluster), annotations: { [`${externalDnsPrefix(platform)}controller`]: "none" } },
    spec: {
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: g.name, sectionName: "http" }],
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    },
  });
}

function httpRoute(platform: Platform, r: GatewayRoute): K8sObject {
  const annotations = routeAnnotations(platform, r);
  return orderKeys({
    apiVersion: GATEWAY_API,
    kind: "HTTPRoute",
    metadata: { name: r.name, namespace: r.namespace, labels: objectLabels(platform, r.gateway.cluster, r.app.name), ...(annotations ? { annotations } : {}) },
    spec: {
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: r.gateway.name, namespace: r.gateway.namespace, sectionName: "https" }],
      hostnames: r.hostnames.map((h) => h.replace(/\.$/, "")),
      rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: r.service, port: r.port }] }],
    },
  });
}

function securityPolicy(platform: Platform, r: GatewayRoute): K8sObject {
  const a = r.auth!;
  const http: Record<string, unknown> = { backendRefs: [{ name: a.service, namespace: a.namespace, port: a.port }] };
  if (a.path !== undefined) http.path = a.path;
  return orderKeys({
    apiVersion: ENVOY_API,
    kind: "SecurityPolicy",
    metadata: { name: r.name, namespace: r.namespace, labels: objectLabels(platform, r.gateway.cluster, r.app.name) },
    spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: r.name }], extAuth: { http } },
  });
}

/** Lives in the auth Service's namespace and lets the SecurityPolicies of these namespaces reach it. */
function referenceGrant(platform: Platform, cluster: string, g: { provider: NonNullable<GatewayRoute["auth"]>; from: Set<string> }): K8sObject {
  return orderKeys({
    apiVersion: REFERENCE_GRANT_API,
    kind: "ReferenceGrant",
    metadata: { name: `homescale-ext-auth-${g.provider.name}`, namespace: g.provider.namespace, labels: objectLabels(platform, cluster) },
    spec: {
      from: [...g.from].sort(compareCodePoints).map((namespace) => ({ group: "gateway.envoyproxy.io", kind: "SecurityPolicy", namespace })),
      to: [{ group: "", kind: "Service", name: g.provider.service }],
    },
  });
}
