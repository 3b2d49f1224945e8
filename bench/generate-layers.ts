/**
 * The layered shape of the bench platform (issue 18): the default catalog of generate.ts plus the
 * layers of issues 8-11 on every cluster, in the proportions of a big real platform.
 *
 * - addressing: network.nodes/pods/services per cluster, none overlapping another cluster's;
 * - loadBalancer: Cilium LB-IPAM with interface patterns on most clusters, MetalLB on the rest;
 * - gateways: envoy `external` (nginx on some clusters) and envoy `internal` with lan: true, some
 *   with their certificate's names set by hand (wildcards); a dedicated PROXY-protocol gateway
 *   where a VPS edge keeps the client's address;
 * - talos: 1 or 3 control planes and workers inside network.nodes, KubeSpan on some clusters,
 *   cloudflared on the tunnel clusters' nodes and tailscale on some; the Omni template installs
 *   every extension the block configures;
 * - edges: a VPS per ~6 clusters, its WireGuard subnet and ports, landing on a cluster's gateway;
 * - auth: an Authentik outpost per region's first tunnel cluster, named by some exposures;
 * - certificates and dns as examples/home-ops writes them;
 * - exposures on ~7% of the apps: via gateway (some with auth, some with an alias), via edge, via
 *   tunnel (with tls, cacheBypass or Cloudflare Access), and exposeLan names;
 * - mesh: tailscale: the rules are written under `tailscale:`, and each app with rules has a chart
 *   template for the Service the operator puts on the tailnet with the app's tag (as the corpus'
 *   charts do); the default shape covers NetBird.
 *
 * Every draw comes from the Rng handed in (generate.ts forks it as "layers"), so the other shapes
 * stay byte-identical. The platform is meant to pass `homescale check` with zero diagnostics.
 * Nothing here runs at module load: generate.ts imports this module and this module generate.ts.
 */
import { emitMap, Flow, FlowMap, T_NAME, ZONES, type AppPlan, type ClusterDef, type Rng, type Y } from "./generate.js";

export interface Layers {
  /** homescale.yaml. */
  settings: string;
  /** clusters/<name>/cluster.yaml: the Omni template, agreeing with the talos block. */
  clusterYaml(c: ClusterDef): string;
  /** Files beyond app.yaml and Chart.yaml (the apps' chart templates). */
  files: { path: string; text: string }[];
}

/** What the layered shape adds, counted, for the bench's report. */
export interface LayerCounts {
  gateways: number;
  nodes: number;
  edges: number;
  exposures: { gateway: number; edge: number; tunnel: number; lan: number; auth: number };
  tailnetServices: number;
}

const TALOS_VERSION = "v1.13.4";
const KUBERNETES_VERSION = "v1.36.2";
const LAN_ZONE = "lan.example.com";
const AUTH_PATH = "/outpost.goauthentik.io/auth/envoy";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

interface Gateway {
  key: string;
  kind: "envoy" | "nginx";
  address: string;
  lan?: boolean;
  proxyProtocol?: boolean;
  tlsNames?: string[];
}

interface Node {
  name: string;
  address: string;
  interface: string;
  controlPlane?: boolean;
  interfaces?: { interface: string; dhcp: boolean }[];
  extensions?: string[];
}

interface ClusterLayer {
  def: ClusterDef;
  /** The third octet of its LAN, 192.168.<lan>.0/24. */
  lan: number;
  network: { nodes: string; pods: string; services: string };
  provider: "cilium" | "metallb";
  pool: string[];
  interfaces: string[];
  gateways: Gateway[];
  nodes: Node[];
  extensions: string[];
  kubespan: boolean;
  /** Runs the tunnel connector: public names through the tunnel or a gateway can land here. */
  tunnel: boolean;
  auth?: string;
}

interface Edge {
  name: string;
  address: string;
  cluster: ClusterLayer;
  gateway: Gateway;
  subnet: string;
  port: number;
  /** The PROXY kind: no masquerade, client ranges routed back, a gateway that takes PROXY. */
  proxy: boolean;
  keys: { vps: string; home: string };
  management: { port: number; from?: string[] };
  ports: { listen: number; to: number }[];
}

/** A WireGuard public key's shape (32 bytes in base64): a fake one, deterministic. */
function fakeKey(rng: Rng): string {
  let s = "";
  for (let i = 0; i < 42; i++) s += B64[rng.int(0, 63)]!;
  return `${s}${rng.pick([..."AEIMQUYcgkosw480"])}=`;
}

/**
 * Non-overlapping ranges per cluster index i: the LAN 192.168.(10+i).0/24, pods a /17 from
 * 10.128.0.0, services a /20 from 172.16.0.0; WireGuard subnets take 10.255.<edge>.0/29. Nothing
 * meets the gateway clusters' routed subnets (10.<region>.245.0/24) or Tailscale's 100.64.0.0/10.
 */
function addressing(i: number): ClusterLayer["network"] {
  return {
    nodes: `192.168.${10 + i}.0/24`,
    pods: `10.${128 + (i >> 1)}.${(i & 1) * 128}.0/17`,
    services: `172.${16 + (i >> 4)}.${(i & 15) * 16}.0/20`,
  };
}

function planClusterLayers(clusters: ClusterDef[], tunnelClusters: Set<string>, rng: Rng): ClusterLayer[] {
  if (clusters.length > 240) throw new Error("the layered shape addresses at most 240 clusters");
  const authRegions = new Set<string>();
  let tunnels = 0;
  let nginx = false;
  return clusters.map((def, i) => {
    const r = rng.fork(`cluster:${def.name}`);
    const lan = 10 + i;
    const net = (host: number): string => `192.168.${lan}.${host}`;
    // Most clusters run Cilium's LB-IPAM (a range, interfaces by pattern); some MetalLB (a CIDR, named interfaces).
    const provider = r.chance(0.7) ? "cilium" : "metallb";
    const nic = r.pick(["eno1", "enp1s0", "eth0"]);
    const pool = provider === "cilium" ? [`${net(220)}-${net(239)}`] : [`${net(224)}/28`];
    const interfaces = provider === "cilium" ? [r.pick(["^eno[0-9]+$", "^enp[0-9]+s0$", "^eth[0-9]+$"])] : [nic];
    const tunnel = tunnelClusters.has(def.name);
    if (tunnel) tunnels++;
    // ingress-nginx on a quarter of the clusters, and on the second tunnel cluster if on none before it,
    // so that small platforms route names through both kinds (the first one keeps Envoy, and auth).
    const kind = r.chance(0.25) || (tunnel && tunnels === 2 && !nginx) ? "nginx" : "envoy";
    if (kind === "nginx") nginx = true;
    const external: Gateway = { key: "external", kind, address: net(230) };
    // Wildcard certificates on some gateways: a big platform does not put 100 names in one certificate.
    if (external.kind === "envoy" && r.chance(0.5)) external.tlsNames = ZONES.map((z) => `*.${z}`);
    const internal: Gateway = { key: "internal", kind: "envoy", address: net(231), lan: true };
    if (r.chance(0.5)) internal.tlsNames = [`*.${def.name}.${LAN_ZONE}`];
    const cps = def.role === "gateway" ? 1 : 3;
    const workers = def.role === "gateway" ? 1 : def.role === "management" ? 2 : r.int(3, 8);
    const nodes: Node[] = [];
    for (let k = 1; k <= cps; k++) nodes.push({ name: `cp${k}`, address: net(10 + k), interface: nic, controlPlane: true });
    for (let k = 1; k <= workers; k++) {
      const n: Node = { name: `wk${k}`, address: net(20 + k), interface: nic };
      if (r.chance(0.2)) n.interfaces = [{ interface: nic === "eth0" ? "eth1" : "eno2", dhcp: true }];
      nodes.push(n);
    }
    // The tunnel's connectors run on the nodes of the clusters that carry public names; tailscale on some clusters.
    const extensions = [...(tunnel ? ["cloudflared"] : []), ...(r.chance(0.4) ? ["tailscale"] : [])];
    // A worker or two of their own: a subnet router (tailscale) beside the cluster's connectors.
    for (const n of nodes) if (!n.controlPlane && r.chance(0.15)) n.extensions = tunnel ? ["cloudflared", "tailscale"] : ["tailscale"];
    const layer: ClusterLayer = {
      def,
      lan,
      network: addressing(i),
      provider,
      pool,
      interfaces,
      gateways: [external, internal],
      nodes,
      extensions,
      kubespan: r.chance(0.2),
      tunnel,
    };
    // One Authentik outpost per region, on its first tunnel cluster with an Envoy public gateway.
    if (tunnel && external.kind === "envoy" && !authRegions.has(def.region)) {
      authRegions.add(def.region);
      layer.auth = `authentik-${def.region}`;
    }
    return layer;
  });
}

function planEdges(layers: ClusterLayer[], rng: Rng): Edge[] {
  const count = Math.max(1, Math.round(layers.length / 6));
  // Edges land on workload clusters (a home cluster behind NAT); the management one when there is none.
  const homes = layers.filter((l) => l.def.role === "workload");
  const chosen = rng.sample(homes.length > 0 ? homes : layers, Math.min(count, Math.max(1, homes.length)));
  return chosen.map((cluster, e) => {
    const r = rng.fork(`edge:${e}`);
    // Every other edge keeps the client's address: PROXY into a gateway of its own (a PROXY gateway takes nothing else).
    const proxy = e % 2 === 0;
    let gateway = cluster.gateways[0]!;
    if (proxy) {
      gateway = { key: "edge", kind: e % 4 === 0 ? "envoy" : "nginx", address: `192.168.${cluster.lan}.232`, proxyProtocol: true };
      cluster.gateways.push(gateway);
    }
    const keys = { vps: fakeKey(r), home: fakeKey(r) };
    const management: Edge["management"] = { port: r.pick([2222, 2200, 22022]) };
    if (r.chance(0.5)) management.from = ["198.51.100.0/24"];
    const ports = [
      { listen: 443, to: 32443 },
      { listen: 80, to: 32080 },
    ];
    return { name: `vps${e + 1}`, address: `203.0.113.${10 + e}`, cluster, gateway, subnet: `10.255.${e}.0/29`, port: e === 0 ? 51820 : 51820 + e, proxy, keys, management, ports };
  });
}

// ---------------------------------------------------------------- apps

/** The infrastructure apps the layers' objects need on the clusters: controllers, the operator, the outposts. */
function infraApps(layers: ClusterLayer[]): AppPlan[] {
  const all = new Set(layers.map((l) => l.def.name));
  const on = (pred: (l: ClusterLayer) => boolean): Set<string> => new Set(layers.filter(pred).map((l) => l.def.name));
  const app = (name: string, namespace: string, wave: number, enabled: Set<string>, extra: Partial<AppPlan> = {}): AppPlan => {
    const plan: AppPlan = { name, namespace, releaseName: name, wave, enabled, overrides: new Map(), valuesFirst: false, ...extra };
    if (enabled.size === all.size) plan.defaultDeploy = true;
    else {
      plan.defaultDeploy = false;
      for (const c of [...enabled].sort()) plan.overrides.set(c, { deploy: true });
    }
    return plan;
  };
  const hasKind = (l: ClusterLayer, kind: Gateway["kind"]): boolean => l.gateways.some((g) => g.kind === kind);
  return [
    app("cilium", "kube-system", -40, on((l) => l.provider === "cilium")),
    app("metallb", "metallb-system", -40, on((l) => l.provider === "metallb"), { podSecurity: "privileged" }),
    app("cert-manager", "cert-manager", -30, all, { podSecurity: "restricted" }),
    app("envoy-gateway", "envoy-gateway-system", -25, on((l) => hasKind(l, "envoy")), { podSecurity: "privileged" }),
    app("ingress-nginx", "ingress-nginx", -25, on((l) => hasKind(l, "nginx")), { podSecurity: "baseline" }),
    app("tailscale", "tailscale", -20, all, { podSecurity: "privileged" }),
    app("external-dns", "external-dns", -10, all, {
      podSecurity: "restricted",
      // The LAN resolver's instance: it reads the internal gateway's routes, never a public name.
      values: { provider: { name: "webhook" }, sources: new Flow(["gateway-httproute"]), extraArgs: new Flow(["--gateway-name=envoy-internal"]), txtPrefix: `k8s.${T_NAME}.` },
    }),
    app("authentik", "authentik", 0, on((l) => l.auth !== undefined), { service: "authentik-outpost", podSecurity: "baseline" }),
  ].filter((p) => p.enabled.size > 0); // a controller no cluster needs is not in the catalog
}

/** Where an app is published: a cluster it runs on among the candidates, or one it is then enabled on. */
function landOn(p: AppPlan, candidates: string[], rng: Rng): string {
  const running = candidates.filter((c) => p.enabled.has(c));
  if (running.length > 0) return rng.pick(running);
  const c = rng.pick(candidates);
  p.enabled.add(c);
  const o = p.overrides.get(c) ?? {};
  o.deploy = true;
  p.overrides.set(c, o);
  return c;
}

function serviceTemplate(p: AppPlan): string {
  const ports = [...new Set((p.rules ?? []).flatMap((r) => r.ports ?? []))].slice(0, 4);
  if (ports.length === 0) ports.push("80");
  // The operator's Service for the app, tagged with its grants' tag, one tailnet host per cluster.
  const lines = [
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    "  name: {{ .Release.Name }}-tailnet",
    "  annotations:",
    `    tailscale.com/tags: "tag:k8s,tag:app-${p.name},tag:cluster-{{ .Values.cluster.name }}"`,
    `    tailscale.com/hostname: "${p.name}-{{ .Values.cluster.name }}"`,
    "spec:",
    "  type: LoadBalancer",
    "  loadBalancerClass: tailscale",
    "  selector:",
    `    app.kubernetes.io/name: ${p.name}`,
    "  ports:",
  ];
  for (const port of ports) lines.push(`    - name: p${port}`, `      port: ${port}`, `      protocol: ${(p.rules ?? []).some((r) => r.protocol === "udp" && r.ports?.includes(port)) ? "UDP" : "TCP"}`);
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------- homescale.yaml and the Omni templates

function settingsYaml(layers: ClusterLayer[], edges: Edge[]): string {
  const clusters: { [k: string]: Y } = {};
  for (const l of layers) {
    const c: { [k: string]: Y } = { role: l.def.role, region: l.def.region };
    c.network = { ...l.network };
    const lb: { [k: string]: Y } = { provider: l.provider, addresses: new Flow(l.pool), interfaces: new Flow(l.interfaces) };
    c.loadBalancer = lb;
    const gateways: { [k: string]: Y } = {};
    for (const g of l.gateways) {
      const o: { [k: string]: Y } = { kind: g.kind, address: g.address };
      if (g.lan) o.lan = true;
      if (g.proxyProtocol) o.proxyProtocol = true;
      if (g.tlsNames) o.tlsNames = new Flow(g.tlsNames);
      gateways[g.key] = o;
    }
    c.gateways = gateways;
    const talos: { [k: string]: Y } = { version: TALOS_VERSION, gateway: `192.168.${l.lan}.1` };
    if (l.extensions.length > 0) talos.extensions = new Flow(l.extensions);
    if (l.kubespan) talos.kubespan = true;
    // One line per node, as examples/homescale writes them; a node with more to say gets a block.
    talos.nodes = l.nodes.map((n) => {
      const head: { [k: string]: string | boolean } = { name: n.name, address: n.address, interface: n.interface };
      if (n.controlPlane) head.controlPlane = true;
      if (!n.interfaces && !n.extensions) return new FlowMap(head);
      const o: { [k: string]: Y } = { ...head };
      if (n.interfaces) o.interfaces = n.interfaces.map((x) => new FlowMap({ interface: x.interface, dhcp: x.dhcp }));
      if (n.extensions) o.extensions = new Flow(n.extensions);
      return o;
    });
    c.talos = talos;
    clusters[l.def.name] = c;
  }
  const edgeMap: { [k: string]: Y } = {};
  for (const e of edges) {
    const o: { [k: string]: Y } = {
      address: e.address,
      wireguard: { subnet: e.subnet, port: e.port, vps: { publicKey: e.keys.vps }, home: { publicKey: e.keys.home } },
      cluster: e.cluster.def.name,
      gateway: e.gateway.key,
      ports: e.ports.map((p) => new FlowMap({ listen: p.listen, to: p.to })),
      management: e.management.from ? { port: e.management.port, from: new Flow(e.management.from) } : { port: e.management.port },
    };
    if (e.proxy) {
      o.masquerade = false;
      o.clientRanges = new Flow(["0.0.0.0/0"]);
    } else o.masquerade = true;
    edgeMap[e.name] = o;
  }
  const auth: { [k: string]: Y } = {};
  for (const l of layers) if (l.auth) auth[l.auth] = { cluster: l.def.name, namespace: "authentik", service: "authentik-outpost", port: 9000, path: AUTH_PATH };
  const doc: { [k: string]: Y } = {
    apiVersion: "homescale.dev/v1alpha1",
    kind: "Platform",
    mesh: "tailscale",
    labelDomain: "homescale.cloud",
    domains: { internal: "int.homescale.cloud", external: "ext.homescale.cloud" },
    clusters,
    edges: edgeMap,
    auth,
    certificates: { email: "ops@example.com" },
    dns: { lan: "external-dns" },
    tailscale: { tailnet: "tail0b5e2f", identityDomain: "example.com" },
    cloudflare: { zones: new Flow([...ZONES]), connectorApp: "cloudflared" },
  };
  return ["# Synthetic layered platform written by bench/generate-layers.ts; deterministic for a given seed.", ...emitMap(doc)].join("\n") + "\n";
}

function omniTemplate(l: ClusterLayer): string {
  const named = new Set([...l.extensions, ...l.nodes.flatMap((n) => n.extensions ?? [])]);
  const cps = l.nodes.filter((n) => n.controlPlane).length;
  const workers = l.nodes.length - cps;
  const machineClass = `${l.def.region || "default"}-metal`;
  const lines = [
    "kind: Cluster",
    `name: ${l.def.name}`,
    "kubernetes:",
    `  version: ${KUBERNETES_VERSION}`,
    "talos:",
    `  version: ${TALOS_VERSION}`,
    "features:",
    "  useEmbeddedDiscoveryService: true",
  ];
  // The template installs what the talos block configures (HS127 otherwise).
  if (named.size > 0) lines.push("systemExtensions:", ...[...named].sort().map((e) => `  - siderolabs/${e}`));
  lines.push("---", "kind: ControlPlane", "machineClass:", `  name: ${machineClass}`, `  size: ${cps}`);
  if (workers > 0) lines.push("---", "kind: Workers", "machineClass:", `  name: ${machineClass}`, `  size: ${workers}`);
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------- the shape

/**
 * Adds the layers to the planned apps (in place: rules move under tailscale:, exposures are added,
 * infrastructure apps join, the list stays sorted by name) and returns homescale.yaml, the Omni
 * templates and the chart templates.
 */
export function layerPlatform(plans: AppPlan[], clusters: ClusterDef[], rng: Rng): Layers & { counts: LayerCounts } {
  const connector = plans.find((p) => p.name === "cloudflared");
  const layers = planClusterLayers(clusters, new Set(connector ? [...connector.enabled] : []), rng.fork("clusters"));
  const edges = planEdges(layers, rng.fork("edges"));
  const byName = new Map(layers.map((l) => [l.def.name, l]));

  const infra = infraApps(layers);
  const taken = new Set(plans.map((p) => p.name));
  for (const a of infra) if (taken.has(a.name)) throw new Error(`layered shape: app ${a.name} exists already`);

  // The default shape's reverse-proxy names need NetBird: on the tailnet platform they go through the gateway.
  const viaProxy = (e: { [k: string]: Y }): void => {
    if (e.via === "netbird-proxy") e.via = "gateway";
  };
  for (const p of plans) {
    if (p.exposePublic && !Array.isArray(p.exposePublic)) viaProxy(p.exposePublic);
    for (const o of p.overrides.values()) if (o.exposePublic) viaProxy(o.exposePublic);
  }

  // ~7% of the apps get names through the layers, besides the default 2% on the tunnel. The first ones
  // are placed: a name on each edge (no edge stands without one), one through an ingress-nginx gateway.
  const nginxCluster = layers.find((l) => l.tunnel && l.gateways[0]!.kind === "nginx")?.def.name;
  const placed = edges.length + (nginxCluster !== undefined ? 1 : 0);
  const candidates = plans.filter((p) => p.name !== "cloudflared" && !p.pair && !p.exposePublic && ![...p.overrides.values()].some((o) => o.exposePublic));
  const er = rng.fork("exposures");
  const chosen = er.sample(candidates, Math.min(candidates.length, Math.max(placed + 4, Math.round(plans.length * 0.07))));
  const tunnelClusters = layers.filter((l) => l.tunnel).map((l) => l.def.name);
  const authClusters = layers.filter((l) => l.auth !== undefined).map((l) => l.def.name);
  const allClusters = layers.map((l) => l.def.name);
  const counts: LayerCounts = {
    gateways: layers.reduce((n, l) => n + l.gateways.length, 0),
    nodes: layers.reduce((n, l) => n + l.nodes.length, 0),
    edges: edges.length,
    exposures: { gateway: 0, edge: 0, tunnel: 0, lan: 0, auth: 0 },
    tailnetServices: 0,
  };
  chosen.forEach((p, i) => {
    const r = er.fork(p.name);
    const zone = r.pick(ZONES);
    const publics: Y[] = [];
    const lans: Y[] = [];
    const lanName = (cluster: string): void => {
      const e: { [k: string]: Y } = { cluster, fqdn: `${p.name}.${cluster}.${LAN_ZONE}`, port: r.pick([80, 8080, 3000]) };
      if (byName.get(cluster)!.auth && r.chance(0.2)) {
        e.auth = byName.get(cluster)!.auth!;
        counts.exposures.auth++;
      }
      lans.push(e);
      counts.exposures.lan++;
    };
    const roll = r.next();
    const kind = i < edges.length ? "edge" : i < placed ? "gateway" : roll < 0.35 ? "gateway" : roll < 0.6 ? "lan" : roll < 0.7 ? "gateway+lan" : roll < 0.85 ? "tunnel" : "edge";
    if (kind === "edge") {
      const edge = i < edges.length ? edges[i]! : r.pick(edges);
      const cluster = landOn(p, [edge.cluster.def.name], r);
      const e: { [k: string]: Y } = { cluster, fqdn: `${p.name}.${zone}`, port: r.pick([80, 8080, 3000]), via: "edge", edge: edge.name };
      if (edge.gateway.key !== "external") e.gateway = edge.gateway.key;
      if (r.chance(0.3)) e.alias = `${p.name}-www.${zone}`;
      publics.push(e);
      counts.exposures.edge++;
    } else if (kind === "gateway" || kind === "gateway+lan") {
      const withAuth = i >= placed && authClusters.length > 0 && r.chance(0.3);
      const cluster = landOn(p, i < placed ? [nginxCluster!] : withAuth ? authClusters : tunnelClusters, r);
      const e: { [k: string]: Y } = { cluster, fqdn: `${p.name}.${zone}`, port: r.pick([80, 8080, 3000, 9000]), via: "gateway" };
      if (r.chance(0.2)) e.alias = `${p.name}-www.${zone}`;
      if (withAuth) {
        e.auth = byName.get(cluster)!.auth!;
        counts.exposures.auth++;
      }
      publics.push(e);
      counts.exposures.gateway++;
      if (kind === "gateway+lan") lanName(cluster);
    } else if (kind === "tunnel") {
      const cluster = landOn(p, tunnelClusters, r);
      const e: { [k: string]: Y } = { cluster, fqdn: `${p.name}.${zone}`, port: r.pick([80, 443, 8080]) };
      if (r.chance(0.2)) e.tls = true;
      if (r.chance(0.15)) e.cacheBypass = true;
      if (r.chance(0.25)) e.access = r.chance(0.5) ? {} : { sessionDuration: "12h" };
      publics.push(e);
      counts.exposures.tunnel++;
    } else lanName(landOn(p, allClusters, r));
    // A LAN name on a second cluster now and then: the same app served at home on two sites.
    if (kind === "lan" && r.chance(0.2)) {
      const other = allClusters.filter((c) => !lans.some((x) => (x as { cluster: string }).cluster === c));
      if (other.length > 0) lanName(landOn(p, other, r));
    }
    if (publics.length > 0) p.exposePublic = publics;
    if (lans.length > 0) p.exposeLan = lans;
  });

  // The tailnet: rules under tailscale:, and each such app's chart puts a Service with its tag on the tailnet.
  const files: Layers["files"] = [];
  for (const p of plans) {
    if (!p.rules) continue;
    p.meshKey = "tailscale";
    if (!p.values || !("cluster" in p.values)) p.values = { cluster: { name: T_NAME }, ...(p.values ?? {}) };
    files.push({ path: `apps/${p.name}/templates/service-tailnet.yaml`, text: serviceTemplate(p) });
    counts.tailnetServices++;
  }

  plans.push(...infra);
  plans.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { settings: settingsYaml(layers, edges), clusterYaml: (c) => omniTemplate(byName.get(c.name)!), files, counts };
}
