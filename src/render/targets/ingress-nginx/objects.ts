/**
 * ingress-nginx (seed 004, breadth.md §5): for a gateway of kind nginx, an Ingress per exposure in
 * the app's namespace, with the gateway's ingress class, the hosts, TLS from cert-manager's
 * ingress shim (the Secret must live beside the Ingress), and the external-dns annotations that
 * keep one DNS owner per name; and the controller's ConfigMap when the gateway accepts the PROXY protocol.
 */
import type { Gateway } from "../../../model/layers.js";
import type { Platform } from "../../../model/types.js";
import type { ClusterView, PlatformIndex } from "../../../platform/index.js";
import type { GatewayRoute } from "../../../platform/routes/gateway.js";
import { externalDnsPrefix, issuerName, objectLabels, routeAnnotations } from "../../ingress-names.js";
import { orderKeys, type K8sObject } from "../../k8s-object.js";

export function renderIngresses(index: PlatformIndex, view: ClusterView): K8sObject[] {
  const { platform } = index.model;
  const out: K8sObject[] = [];
  for (const { gateway: g, routes } of index.routing.gateways.gateways) {
    if (g.cluster !== view.cluster.name || g.kind !== "nginx") continue;
    if (g.proxyProtocol) out.push(controllerConfig(platform, g));
    for (const r of routes) out.push(ingress(platform, r));
  }
  return out;
}

/**
 * ingress-nginx reads its settings from one ConfigMap, named after the controller (its chart's
 * `<release>-controller`, the gateway's Service name) beside it: homescale writes it when the
 * gateway accepts the PROXY protocol, so give the chart no `controller.config` of its own. PROXY is
 * then required on every port the controller listens on (an edge's HAProxy sends it on each).
 */
function controllerConfig(platform: Platform, g: Gateway): K8sObject {
  return orderKeys({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: g.serviceName, namespace: g.serviceNamespace, labels: objectLabels(platform, g.cluster) },
    data: { "use-proxy-protocol": "true" },
  });
}

function ingress(platform: Platform, r: GatewayRoute): K8sObject {
  const hosts = r.hostnames.map((h) => h.replace(/\.$/, ""));
  const annotations: Record<string, string> = { "cert-manager.io/cluster-issuer": issuerName(platform), ...(routeAnnotations(platform, r) ?? {}) };
  if (r.scope === "lan" && r.gateway.address !== undefined && platform.dns?.lan !== "k8s-gateway") annotations[`${externalDnsPrefix(platform)}target`] = r.gateway.address;
  return orderKeys({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: r.name, namespace: r.namespace, labels: objectLabels(platform, r.gateway.cluster, r.app.name), annotations },
    spec: {
      ingressClassName: r.gateway.className,
      rules: hosts.map((host) => ({
        host,
        http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: r.service, port: { number: r.port } } } }] },
      })),
      tls: [{ hosts, secretName: `${r.name}-tls` }],
    },
  });
}
