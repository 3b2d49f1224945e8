/**
 * A node's patch as Talos config documents, in the shape of its Talos version (model/talos-patch-
 * plan.ts decides what, schema/talos/versions.ts where): the legacy v1alpha1 document for what the
 * version still keeps there, then one typed document per setting that has moved. Several documents
 * in one file, as talosctl and Omni take a patch.
 */
import type { LinkPlan, NodePatchPlan } from "../../../model/talos-patch-plan.js";

type Doc = Record<string, unknown>;

const typed = (kind: string, fields: Doc): Doc => ({ apiVersion: "v1alpha1", kind, ...fields });

export function patchDocuments(plan: NodePatchPlan): Doc[] {
  const s = plan.shape;
  const machineNetwork: Doc = {};
  const kubelet: Doc = {};
  const cluster: Doc = {};
  const docs: Doc[] = [];

  if (plan.links.length > 0) {
    if (s.links) docs.push(...plan.links.flatMap(linkDocuments));
    else machineNetwork.interfaces = plan.links.map(legacyInterface);
  }
  if (plan.nameservers.length > 0) {
    if (s.resolvers) docs.push(typed("ResolverConfig", { nameservers: plan.nameservers.map((address) => ({ address })) }));
    else machineNetwork.nameservers = plan.nameservers;
  }
  if (plan.kubespan) {
    if (s.kubespan) docs.push(typed("KubeSpanConfig", { enabled: true }));
    else machineNetwork.kubespan = { enabled: true };
  }
  if (plan.nodeIPSubnet !== undefined) {
    const nodeIP = { validSubnets: [plan.nodeIPSubnet] };
    if (s.nodeIP) docs.push(typed("KubeNodeConfig", { nodeIP }));
    else kubelet.nodeIP = nodeIP;
  }
  if (plan.podSubnets.length + plan.serviceSubnets.length > 0) {
    const subnets: Doc = {};
    if (plan.podSubnets.length > 0) subnets.podSubnets = plan.podSubnets;
    if (plan.serviceSubnets.length > 0) subnets.serviceSubnets = plan.serviceSubnets;
    if (s.clusterNetwork) docs.push(typed("KubeNetworkConfig", subnets));
    else cluster.network = subnets;
  }
  for (const e of plan.extensions) docs.push(typed("ExtensionServiceConfig", { name: e.name, environment: e.environment }));

  const machine: Doc = {};
  if (Object.keys(machineNetwork).length > 0) machine.network = machineNetwork;
  if (Object.keys(kubelet).length > 0) machine.kubelet = kubelet;
  const legacy: Doc = {};
  if (Object.keys(machine).length > 0) legacy.machine = machine;
  if (Object.keys(cluster).length > 0) legacy.cluster = cluster;
  return Object.keys(legacy).length > 0 ? [legacy, ...docs] : docs;
}

function legacyInterface(l: LinkPlan): Doc {
  const d: Doc = { interface: l.name };
  if (l.addresses.length > 0) d.addresses = l.addresses;
  if (l.gateway !== undefined) d.routes = [{ network: l.gateway.includes(":") ? "::/0" : "0.0.0.0/0", gateway: l.gateway }];
  if (l.dhcp) d.dhcp = true;
  return d;
}

/** LinkConfig for addresses (and the default route), DHCPv4Config for DHCP (1.12 and later). */
function linkDocuments(l: LinkPlan): Doc[] {
  const out: Doc[] = [];
  if (l.addresses.length > 0 || l.gateway !== undefined) {
    const link: Doc = { name: l.name };
    if (l.addresses.length > 0) link.addresses = l.addresses.map((address) => ({ address }));
    if (l.gateway !== undefined) link.routes = [{ gateway: l.gateway }];
    out.push(typed("LinkConfig", link));
  }
  if (l.dhcp) out.push(typed("DHCPv4Config", { name: l.name }));
  return out;
}
