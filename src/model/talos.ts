/**
 * clusters.<c>.talos as the model holds it: the fixed keys as written, plus each node with its
 * defaults applied (its extensions, its other interfaces) and where it is declared, the resolvers
 * after CoreDNS, and the names of the variables the secrets come from. What a node's patch says is
 * the talos target's; whether the node's kubelet IP must be pinned is decided here, once.
 */
import type { Declaration } from "../diag/declaration.js";
import { SETTINGS_FILE } from "../load/snapshot.js";
import type { TalosNodeT, TalosT } from "../schema/layers/talos.js";
import { minorOf } from "../schema/talos/versions.js";

export const DEFAULT_PUBLIC_RESOLVERS = ["1.1.1.1", "1.0.0.1"];
export const DEFAULT_TAILSCALE_AUTHKEY_ENV = "TAILSCALE_AUTHKEY";

/** The cloudflared token's variable for a cluster: CLOUDFLARED_TOKEN_BOA1_PROD for boa1-prod. */
export function defaultTunnelTokenEnv(cluster: string): string {
  return `CLOUDFLARED_TOKEN_${cluster.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Extensions that bring an interface of their own (tailscale0); cloudflared only dials out. */
export const INTERFACE_EXTENSIONS = new Set(["tailscale"]);

export interface TalosNode {
  name: string;
  cluster: string;
  /** Its position in talos.nodes. */
  index: number;
  address: string;
  interface?: string;
  controlPlane: boolean;
  /** Its other interfaces. */
  interfaces: { interface: string; addresses: string[]; dhcp: boolean }[];
  /** The extensions it runs: its own list, else the cluster's. */
  extensions: string[];
  /** Whether kubelet's node IP is pinned to network.nodes: more than one interface, or an extension or KubeSpan adds one. */
  pinNodeIP: boolean;
  decl: Declaration;
}

export interface TalosLayer extends TalosT {
  /** The minor of `version` (13 for v1.13.4). */
  minor?: number;
  members: TalosNode[];
  /** The resolvers after CoreDNS. */
  publicResolvers: string[];
  tunnelTokenEnv: string;
  tailscaleAuthKeyEnv: string;
  decl: Declaration;
}

export function talosLayer(cluster: string, t: TalosT): TalosLayer {
  const decl: Declaration = { file: SETTINGS_FILE, path: ["clusters", cluster, "talos"] };
  const layer: TalosLayer = {
    ...t,
    members: t.nodes.map((n, i) => talosNode(cluster, t, n, i)),
    publicResolvers: t.resolvers ?? DEFAULT_PUBLIC_RESOLVERS,
    tunnelTokenEnv: t.secretEnv?.tunnelToken ?? defaultTunnelTokenEnv(cluster),
    tailscaleAuthKeyEnv: t.secretEnv?.tailscaleAuthKey ?? DEFAULT_TAILSCALE_AUTHKEY_ENV,
    decl,
  };
  const minor = minorOf(t.version);
  if (minor !== undefined) layer.minor = minor;
  return layer;
}

function talosNode(cluster: string, t: TalosT, n: TalosNodeT, index: number): TalosNode {
  const extensions = n.extensions ?? t.extensions ?? [];
  const interfaces = (n.interfaces ?? []).map((i) => ({ interface: i.interface, addresses: i.addresses ?? [], dhcp: i.dhcp === true }));
  const node: TalosNode = {
    name: n.name,
    cluster,
    index,
    address: n.address,
    controlPlane: n.controlPlane === true,
    interfaces,
    extensions,
    pinNodeIP: interfaces.length > 0 || t.kubespan === true || extensions.some((e) => INTERFACE_EXTENSIONS.has(e)),
    decl: { file: SETTINGS_FILE, path: ["clusters", cluster, "talos", "nodes", index] },
  };
  if (n.interface !== undefined) node.interface = n.interface;
  return node;
}
