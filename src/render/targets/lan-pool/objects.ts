/**
 * The cluster's LAN LoadBalancer addresses (breadth.md §3): with Cilium, a CiliumLoadBalancerIPPool
 * (cilium.io/v2, `blocks`) and a CiliumL2AnnouncementPolicy (still v2alpha1) on the configured
 * interfaces; with MetalLB, an IPAddressPool and an L2Advertisement in MetalLB's namespace.
 */
import type { ClusterView, PlatformIndex } from "../../../platform/index.js";
import { objectLabels } from "../../ingress-names.js";
import { orderKeys, type K8sObject } from "../../k8s-object.js";

export function renderLanPool(index: PlatformIndex, view: ClusterView): K8sObject[] {
  const pool = view.cluster.loadBalancer;
  if (!pool) return [];
  const labels = objectLabels(index.model.platform, view.cluster.name);
  if (pool.provider === "cilium") {
    const blocks = pool.addresses.map((a) => {
      const dash = a.indexOf("-");
      return dash < 0 ? { cidr: a } : { start: a.slice(0, dash), stop: a.slice(dash + 1) };
    });
    const l2: Record<string, unknown> = { loadBalancerIPs: true };
    if (pool.interfaces?.length) l2.interfaces = [...pool.interfaces];
    return [
      orderKeys({ apiVersion: "cilium.io/v2", kind: "CiliumLoadBalancerIPPool", metadata: { name: pool.name, labels }, spec: { blocks } }),
      orderKeys({ apiVersion: "cilium.io/v2alpha1", kind: "CiliumL2AnnouncementPolicy", metadata: { name: pool.name, labels }, spec: l2 }),
    ];
  }
  const advert: Record<string, unknown> = { ipAddressPools: [pool.name] };
  if (pool.interfaces?.length) advert.interfaces = [...pool.interfaces];
  return [
    orderKeys({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: pool.name, namespace: pool.namespace, labels }, spec: { addresses: [...pool.addresses] } }),
    orderKeys({ apiVersion: "metallb.io/v1beta1", kind: "L2Advertisement", metadata: { name: pool.name, namespace: pool.namespace, labels }, spec: advert }),
  ];
}
