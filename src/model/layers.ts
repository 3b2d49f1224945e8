/**
 * The platform's layers beyond the catalog as the model holds them (homescale.yaml, DESIGN.md's
 * "Layers beyond the catalog"): each cluster's addressing, LoadBalancer pool, gateways and Talos
 * nodes; the VPS edges; the auth providers. Defaults are applied here, once; every setting keeps
 * where it is written, for diagnostics and trace hops.
 */
import type { Declaration } from "../diag/declaration.js";
import { SETTINGS_FILE } from "../load/snapshot.js";
import type { AuthProviderT } from "../schema/layers/auth.js";
import type { EdgeT, KeyReferenceT } from "../schema/layers/edges.js";
import type { ClusterNetworkT, GatewayT, LoadBalancerT } from "../schema/layers/network.js";
import type { PlatformFile } from "../schema/platform.js";
import { talosLayer, type TalosLayer } from "./talos.js";

export interface Gateway {
  /** Its key under clusters.<c>.gateways (external, internal). */
  key: string;
  cluster: string;
  kind: "envoy" | "nginx";
  /** The Gateway's or ingress class's name: envoy-<key>, nginx-<key> unless set. */
  name: string;
  namespace: string;
  className: string;
  address?: string;
  lan: boolean;
  proxyProtocol: boolean;
  /** The Service the gateway's proxies listen behind (what a tunnel sends its traffic to). */
  serviceName: string;
  serviceNamespace: string;
  /** The names its certificate covers, when set by hand (else every hostname routed through it). */
  tlsNames?: string[];
  decl: Declaration;
}

export interface LoadBalancerPool extends LoadBalancerT {
  name: string;
  /** metallb: where MetalLB runs. */
  namespace: string;
  decl: Declaration;
}

/** One end of an edge's tunnel, defaults applied. */
export interface EdgeSide {
  /** Its tunnel address (undefined only when the subnet has no such address: check reports it). */
  address?: string;
  privateKey: KeyReferenceT;
  publicKey?: string;
}

export interface Edge extends Omit<EdgeT, "wireguard"> {
  name: string;
  gateway: string;
  /** The VPS's public interface, as nftables matches it. */
  interface: string;
  wireguard: {
    subnet: string;
    port: number;
    keepalive: number;
    vps: EdgeSide;
    home: EdgeSide & { allowedIPs: string[] };
  };
  masquerade: boolean;
  /** What HAProxy sends: the edge's own setting, else its gateway's. */
  proxyProtocol: boolean;
  /** Set in homescale.yaml (not inherited from the gateway). */
  proxyProtocolSet: boolean;
  decl: Declaration;
}

export interface AuthProvider extends AuthProviderT {
  name: string;
  decl: Declaration;
}

/** What a cluster has beyond its role and region. */
export interface ClusterLayers {
  network?: ClusterNetworkT;
  loadBalancer?: LoadBalancerPool;
  /** By key, in the order homescale.yaml lists them. */
  gateways: Gateway[];
  /** The fixed keys as written, with each node resolved (model/talos.ts). */
  talos?: TalosLayer;
}

export const DEFAULT_GATEWAY_NAMESPACE = "network";
export const DEFAULT_POOL_NAME = "lan";
export const DEFAULT_METALLB_NAMESPACE = "metallb-system";
export const DEFAULT_WIREGUARD_PORT = 51820;
/** Home's PersistentKeepalive: its NAT forgets an idle UDP mapping after a minute or two. */
export const DEFAULT_KEEPALIVE = 25;
export const DEFAULT_EDGE_INTERFACE = "eth0";
/** The gateway an exposure through a gateway or an edge uses when it names none. */
export const DEFAULT_PUBLIC_GATEWAY = "external";
/** The gateway an exposeLan name uses when it names none. */
export const DEFAULT_LAN_GATEWAY = "internal";

type ClusterFile = NonNullable<PlatformFile["clusters"]>[string];

export function clusterLayers(name: string, c: ClusterFile): ClusterLayers {
  const at = (...path: string[]): Declaration => ({ file: SETTINGS_FILE, path: ["clusters", name, ...path] });
  const out: ClusterLayers = { gateways: [] };
  if (c.network) out.network = c.network;
  if (c.talos) out.talos = talosLayer(name, c.talos);
  if (c.loadBalancer) {
    out.loadBalancer = {
      ...c.loadBalancer,
      name: c.loadBalancer.name ?? DEFAULT_POOL_NAME,
      namespace: c.loadBalancer.namespace ?? DEFAULT_METALLB_NAMESPACE,
      decl: at("loadBalancer"),
    };
  }
  for (const [key, g] of Object.entries(c.gateways ?? {})) out.gateways.push(gatewayOf(name, key, g, at("gateways", key)));
  return out;
}

/** Where each controller puts the Service of a gateway, by default. */
const CONTROLLER_NAMESPACE = { envoy: "envoy-gateway-system", nginx: "ingress-nginx" } as const;

function gatewayOf(cluster: string, key: string, g: GatewayT, decl: Declaration): Gateway {
  const name = g.name ?? `${g.kind}-${key}`;
  const gw: Gateway = {
    key,
    cluster,
    kind: g.kind,
    name,
    // Envoy Gateway names the Service after the Gateway through its EnvoyProxy (rendered with it);
    // ingress-nginx's is its chart's controller Service.
    serviceName: g.service?.name ?? (g.kind === "envoy" ? name : "ingress-nginx-controller"),
    serviceNamespace: g.service?.namespace ?? CONTROLLER_NAMESPACE[g.kind],
    namespace: g.namespace ?? DEFAULT_GATEWAY_NAMESPACE,
    className: g.className ?? g.kind,
    lan: g.lan === true,
    proxyProtocol: g.proxyProtocol === true,
    decl,
  };
  if (g.address !== undefined) gw.address = g.address;
  if (g.tlsNames !== undefined) gw.tlsNames = g.tlsNames;
  return gw;
}

/**
 * The edges with their defaults: tunnel addresses from the subnet, key references under
 * /etc/wireguard, masquerade on, PROXY as the gateway says (an edge without its gateway takes none).
 */
export function edgesOf(p: PlatformFile | undefined, clusters: ReadonlyMap<string, ClusterLayers>): Edge[] {
  return Object.entries(p?.edges ?? {}).map(([name, e]) => {
    const gateway = e.gateway ?? DEFAULT_PUBLIC_GATEWAY;
    const gw = clusters.get(e.cluster)?.gateways.find((g) => g.key === gateway);
    const w = e.wireguard;
    const side = (which: "vps" | "home", nth: bigint): EdgeSide => {
      const s = w[which];
      const out: EdgeSide = { privateKey: s?.privateKey ?? { file: `/etc/wireguard/${name}-${which}.key` } };
      const address = s?.address ?? hostOf(w.subnet, nth);
      if (address !== undefined) out.address = address;
      if (s?.publicKey !== undefined) out.publicKey = s.publicKey;
      return out;
    };
    const home = side("home", 2n);
    const edge: Edge = {
      ...e,
      name,
      gateway,
      interface: e.interface ?? DEFAULT_EDGE_INTERFACE,
      wireguard: {
        subnet: w.subnet,
        port: w.port ?? DEFAULT_WIREGUARD_PORT,
        keepalive: w.keepalive ?? DEFAULT_KEEPALIVE,
        vps: side("vps", 1n),
        home: { ...home, allowedIPs: w.home?.allowedIPs ?? (home.address !== undefined ? [`${home.address}/32`] : []) },
      },
      masquerade: e.masquerade ?? true,
      proxyProtocol: e.proxyProtocol ?? gw?.proxyProtocol ?? false,
      proxyProtocolSet: e.proxyProtocol !== undefined,
      decl: { file: SETTINGS_FILE, path: ["edges", name] },
    };
    return edge;
  });
}

/** The nth address of an IPv4 subnet (1 = the first after the network address), if it has one. */
function hostOf(subnet: string, nth: bigint): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(subnet);
  if (!m) return undefined;
  const bits = BigInt(Number(m[5]));
  if (bits > 30n) return undefined;
  const base = m.slice(1, 5).reduce((v, o) => (v << 8n) | BigInt(Number(o)), 0n) & ~((1n << (32n - bits)) - 1n);
  const v = base + nth;
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
}

export function authOf(p: PlatformFile | undefined): Map<string, AuthProvider> {
  return new Map(Object.entries(p?.auth ?? {}).map(([name, a]) => [name, { ...a, name, decl: { file: SETTINGS_FILE, path: ["auth", name] } }]));
}
