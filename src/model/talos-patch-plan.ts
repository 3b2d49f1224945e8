/**
 * What a node's Talos patch configures (seed 002), decided once from the platform model: its links
 * and addresses, the kubelet node-IP pin, the resolvers (CoreDNS first), KubeSpan, the extensions'
 * service configs, the pod and service subnets; and, for the version, which document each goes
 * in. The talos target writes it out; the omni-patches rule holds it against the cluster's Omni
 * patches (a typed document here and its legacy setting there is an error Talos makes).
 */
import { patchShape, type PatchShape } from "../schema/talos/versions.js";
import { coreDnsAddress, withPrefix } from "./talos-addresses.js";
import type { TalosLayer, TalosNode } from "./talos.js";
import type { Cluster } from "./types.js";

export interface LinkPlan {
  name: string;
  addresses: string[];
  dhcp: boolean;
  gateway?: string;
}

export interface ExtensionPlan {
  name: string;
  /** KEY=value lines; secrets are ${VAR} references, filled in at deploy time. */
  environment: string[];
}

export interface NodePatchPlan {
  cluster: string;
  node: TalosNode;
  version: string;
  shape: PatchShape;
  links: LinkPlan[];
  /** CoreDNS first, then the public resolvers; empty without network.services. */
  nameservers: string[];
  kubespan: boolean;
  /** The subnet kubelet's node IP is pinned to. */
  nodeIPSubnet?: string;
  podSubnets: string[];
  serviceSubnets: string[];
  extensions: ExtensionPlan[];
}

/** Undefined when the version does not parse (check reports it). */
export function nodePatchPlan(cluster: Cluster, talos: TalosLayer, node: TalosNode): NodePatchPlan | undefined {
  if (talos.minor === undefined) return undefined;
  const net = cluster.network ?? {};
  const links: LinkPlan[] = [];
  if (node.interface !== undefined) {
    const address = net.nodes !== undefined ? withPrefix(node.address, net.nodes) : undefined;
    const link: LinkPlan = { name: node.interface, addresses: address !== undefined ? [address] : [], dhcp: false };
    if (talos.gateway !== undefined) link.gateway = talos.gateway;
    links.push(link);
  }
  for (const i of node.interfaces) links.push({ name: i.interface, addresses: i.addresses, dhcp: i.dhcp });
  const coreDns = net.services !== undefined ? coreDnsAddress(net.services) : undefined;
  const plan: NodePatchPlan = {
    cluster: cluster.name,
    node,
    version: talos.version,
    shape: patchShape(talos.minor),
    links,
    nameservers: coreDns !== undefined ? [coreDns, ...talos.publicResolvers.filter((r) => r !== coreDns)] : [],
    kubespan: talos.kubespan === true,
    podSubnets: net.pods !== undefined ? [net.pods] : [],
    serviceSubnets: net.services !== undefined ? [net.services] : [],
    extensions: node.extensions.flatMap((e) => extensionPlan(e, talos, net.services)),
  };
  if (node.pinNodeIP && net.nodes !== undefined) plan.nodeIPSubnet = net.nodes;
  return plan;
}

function extensionPlan(name: string, talos: TalosLayer, services: string | undefined): ExtensionPlan[] {
  if (name === "cloudflared") return [{ name, environment: [`TUNNEL_TOKEN=\${${talos.tunnelTokenEnv}}`] }];
  if (name === "tailscale") {
    const routes = talos.tailscale?.routes ?? (services !== undefined ? [services] : []);
    return [{ name, environment: [`TS_AUTHKEY=\${${talos.tailscaleAuthKeyEnv}}`, ...(routes.length > 0 ? [`TS_ROUTES=${routes.join(",")}`] : [])] }];
  }
  return []; // an extension homescale cannot configure: the talos-nodes rule reports it
}

/** What the patch sets, document by document: a typed kind, or the legacy document's paths. */
export interface PlannedSetting {
  kind: string;
  /** For the legacy document: the dotted paths it sets. */
  legacy?: string;
  /** What it is, for messages. */
  what: string;
}

export function plannedSettings(plan: NodePatchPlan): PlannedSetting[] {
  const s = plan.shape;
  const out: PlannedSetting[] = [];
  const put = (typed: boolean, kind: string, legacy: string, what: string): void => {
    out.push(typed ? { kind, what } : { kind: "v1alpha1", legacy, what });
  };
  if (plan.links.length > 0) put(s.links, plan.links.some((l) => l.dhcp) ? "DHCPv4Config" : "LinkConfig", "machine.network.interfaces", "the node's interfaces");
  if (plan.nameservers.length > 0) put(s.resolvers, "ResolverConfig", "machine.network.nameservers", "the resolvers");
  if (plan.kubespan) put(s.kubespan, "KubeSpanConfig", "machine.network.kubespan", "KubeSpan");
  if (plan.nodeIPSubnet !== undefined) put(s.nodeIP, "KubeNodeConfig", "machine.kubelet.nodeIP", "the kubelet node-IP pin");
  if (plan.podSubnets.length + plan.serviceSubnets.length > 0) put(s.clusterNetwork, "KubeNetworkConfig", "cluster.network", "the pod and service subnets");
  for (const e of plan.extensions) out.push({ kind: "ExtensionServiceConfig", what: `the ${e.name} extension's config` });
  return out;
}
