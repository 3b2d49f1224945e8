/**
 * One graph of the platform, built from the model (never from rendered text): the internet, DNS
 * records, Cloudflare tunnels, the NetBird reverse proxy, mesh groups and policies, services,
 * Applications and clusters. Every edge carries the declaration it comes from (a file and a YAML
 * path in it). trace, access, plan and the dashboard read this one graph.
 *
 * Besides nodes and edges it keeps the indexes trace needs for O(1) lookups: public hostnames,
 * internal names (also for clusters where the app is not deployed, so trace can say so), and the
 * policies into each app's group.
 */
import type { SourceText } from "../diag/locate.js";
import { APP_SOURCE_PREFIX } from "../model/defaults.js";
import { exposureTargets } from "../model/exposure.js";
import { appGroup, applicationName, clusterGroup, internalName, policyName, serviceName, tunnelName } from "../model/names.js";
import { effectiveSpec, isEnabled, override } from "../model/resolve.js";
import type { App, Cluster, Model } from "../model/types.js";
import { clusterServiceUrl } from "../render/terraform/cloudflare.js";
import { isStrictlyUnder, proxyRoutes, tunnelRoutes, wildcardOf } from "../render/terraform/public-names.js";
import { DeclarationLocator, type Declaration } from "./locate-declaration.js";

export type { Declaration };

export type NodeKind =
  | "internet"
  | "dns-record"
  | "tunnel"
  | "reverse-proxy"
  | "mesh-group"
  | "policy"
  | "service"
  | "application"
  | "cluster"
  | "source";

export type EdgeKind =
  | "resolves" // internet -> dns-record
  | "cname" // dns-record -> tunnel | reverse-proxy
  | "ingress" // tunnel -> service (one tunnel ingress rule)
  | "forwards" // reverse-proxy -> service (internal name)
  | "runs-on" // tunnel -> cluster (its connector), application -> cluster
  | "member" // source -> mesh-group (the NetBird group a keyword means)
  | "admits" // mesh-group -> policy (a policy source)
  | "grants" // policy -> mesh-group (its destination)
  | "resolves-to" // mesh-group -> service (the app's internal names)
  | "backs"; // service -> application

export interface GraphNode {
  id: string;
  kind: NodeKind;
  name: string;
  detail: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  declaredAt: Declaration;
  /** Edge-specific facts: ingress rule index, protocol and ports of a policy, ... */
  label?: string;
}

export interface AppOnCluster {
  app: App;
  cluster: Cluster;
  deployed: boolean;
  service: string;
  namespace: string;
  wave: number;
  applicationName: string;
  /** Where the app's enablement on the cluster is written (clusters.<c>.deploy, else defaultDeploy). */
  deployDecl: Declaration;
}

export interface PublicEntry {
  fqdn: string;
  via: "tunnel" | "netbird-proxy";
  port: number;
  target: AppOnCluster;
  fqdnDecl: Declaration;
  clusterDecl: Declaration;
  portDecl: Declaration;
  /** tunnel: the tunnel, the connector state, and this hostname's ingress rule (1-based) among count. */
  tunnel?: string;
  connector?: { app: string; running: boolean; decl?: Declaration };
  ingressRule?: number;
  ingressCount?: number;
  /** netbird-proxy: the internal name it forwards to, and whether the external wildcard covers it. */
  internal?: string;
  covered?: boolean;
  alias?: boolean;
}

export interface PolicySource {
  source: string;
  /** The NetBird group the source means; undefined when it names nothing (check reports it). */
  group?: string;
  decl: Declaration;
}

export interface PolicyEntry {
  name: string;
  app: App;
  index: number;
  protocol: string;
  ports: string[];
  sources: PolicySource[];
  decl: Declaration;
}

export interface PlatformGraph {
  model: Model;
  nodes: Map<string, GraphNode>;
  edges: GraphEdge[];
  out: Map<string, GraphEdge[]>;
  /** Public hostname (lower case) -> its exposures (normally one). */
  publicByName: Map<string, PublicEntry[]>;
  /** Internal name (lower case) -> the app on that cluster, deployed or not. */
  internalByName: Map<string, AppOnCluster>;
  /** App name -> the policies whose destination is its group, in rule order. */
  policiesByApp: Map<string, PolicyEntry[]>;
  /** Valid app -> where it runs. */
  placements: Map<string, AppOnCluster[]>;
  locator: DeclarationLocator;
}

export const nodeId = {
  internet: () => "internet",
  dns: (name: string) => `dns:${name}`,
  tunnel: (name: string) => `tunnel:${name}`,
  proxy: (name: string) => `reverse-proxy:${name}`,
  group: (name: string) => `group:${name}`,
  policy: (name: string) => `policy:${name}`,
  service: (name: string) => `service:${name}`,
  application: (app: string, cluster: string) => `application:${app}@${cluster}`,
  cluster: (name: string) => `cluster:${name}`,
  source: (name: string) => `source:${name}`,
};

/** Where an app's enablement on a cluster is written. */
export function deployDeclaration(app: App, cluster: string): Declaration {
  const o = override(app, cluster);
  if (o && typeof o.deploy === "boolean") return { file: app.file, path: ["clusters", cluster, "deploy"] };
  return { file: app.file, path: ["defaultDeploy"] };
}

function placement(model: Model, app: App, cluster: Cluster): AppOnCluster {
  const spec = effectiveSpec(app, cluster.name);
  return {
    app,
    cluster,
    deployed: isEnabled(app, cluster.name),
    service: serviceName(spec, app.name),
    namespace: spec.namespace,
    wave: typeof spec.syncWave === "number" ? spec.syncWave : 0,
    applicationName: applicationName(model.catalog.applicationNamePrefix, app.name),
    deployDecl: deployDeclaration(app, cluster.name),
  };
}

export function buildGraph(model: Model, sources?: ReadonlyMap<string, SourceText>): PlatformGraph {
  const { platform } = model;
  const g: PlatformGraph = {
    model,
    nodes: new Map(),
    edges: [],
    out: new Map(),
    publicByName: new Map(),
    internalByName: new Map(),
    policiesByApp: new Map(),
    placements: new Map(),
    locator: new DeclarationLocator(sources),
  };
  const node = (id: string, kind: NodeKind, name: string, detail: string): string => {
    if (!g.nodes.has(id)) g.nodes.set(id, { id, kind, name, detail });
    return id;
  };
  const edge = (from: string, to: string, kind: EdgeKind, declaredAt: Declaration, label?: string): void => {
    const e: GraphEdge = { from, to, kind, declaredAt };
    if (label !== undefined) e.label = label;
    g.edges.push(e);
    const list = g.out.get(from);
    if (list) list.push(e);
    else g.out.set(from, [e]);
  };

  node(nodeId.internet(), "internet", "internet", "a client on the internet");
  for (const c of platform.clusters) {
    node(nodeId.cluster(c.name), "cluster", c.name, `${c.role}${c.region ? `, region ${c.region}` : ""}`);
  }

  // Applications, services and internal names, on every cluster (deployed or not).
  for (const app of model.apps) {
    if (!app.valid) continue;
    const group = node(nodeId.group(appGroup(app.name)), "mesh-group", appGroup(app.name), `NetBird group of app ${app.name}`);
    const placed: AppOnCluster[] = [];
    for (const c of platform.clusters) {
      const p = placement(model, app, c);
      const name = internalName(p.service, p.namespace, c.name, platform.internalDomain).toLowerCase();
      if (!g.internalByName.has(name) || p.deployed) g.internalByName.set(name, p);
      if (!p.deployed) continue;
      placed.push(p);
      const appNode = node(nodeId.application(app.name, c.name), "application", p.applicationName, `Application ${p.applicationName} on ${c.name} (wave ${p.wave})`);
      edge(appNode, nodeId.cluster(c.name), "runs-on", p.deployDecl);
      const svc = node(nodeId.service(name), "service", name, `Service ${p.service} in namespace ${p.namespace} on ${c.name}`);
      edge(svc, appNode, "backs", p.deployDecl);
      edge(group, svc, "resolves-to", p.deployDecl);
    }
    g.placements.set(app.name, placed);
  }

  // Policies: source groups -> policy -> the app's group.
  for (const app of model.apps) {
    if (!app.valid) continue;
    const rules = app.raw.netbird?.policy?.rules ?? [];
    const list: PolicyEntry[] = [];
    rules.forEach((r, i) => {
      const name = policyName(app.name, i, rules.length);
      const decl: Declaration = { file: app.file, path: ["netbird", "policy", "rules", i] };
      const ports = r.ports ?? [];
      const pol = node(nodeId.policy(name), "policy", name, `${r.sources.join(", ")} -> ${appGroup(app.name)} ${r.protocol}${ports.length ? `/${ports.join(",")}` : " (every port)"}`);
      edge(pol, nodeId.group(appGroup(app.name)), "grants", decl, `${r.protocol}${ports.length ? `/${ports.join(",")}` : ""}`);
      const entry: PolicyEntry = { name, app, index: i, protocol: r.protocol, ports, sources: [], decl };
      r.sources.forEach((s, j) => {
        const sdecl: Declaration = { file: app.file, path: ["netbird", "policy", "rules", i, "sources", j] };
        const group = sourceGroup(model, s);
        const ps: PolicySource = { source: s, decl: sdecl };
        if (group !== undefined) {
          ps.group = group;
          const src = node(nodeId.source(s), "source", s, `mesh source ${s} (NetBird group ${group})`);
          const gid = node(nodeId.group(group), "mesh-group", group, `NetBird group ${group}`);
          if (!(g.out.get(src) ?? []).some((e) => e.to === gid)) edge(src, gid, "member", { file: platform.settingsFile ?? app.file, path: platform.settingsFile ? ["netbird", "sources"] : [] });
          edge(gid, pol, "admits", sdecl);
        }
        entry.sources.push(ps);
      });
      list.push(entry);
    });
    g.policiesByApp.set(app.name, list);
  }

  // Public names through Cloudflare tunnels (rendered ones, with their ingress rule index).
  const connector = model.appByName.get(platform.cloudflare.connectorApp);
  const ruleOf = new Map<string, { rule: number; count: number }>();
  for (const [cluster, routes] of tunnelRoutes(model)) {
    routes.forEach((r, i) => ruleOf.set(`${cluster}\0${r.exposure.app.name}`, { rule: i + 1, count: routes.length + 1 }));
  }
  const proxyOf = new Map<string, { internal: string; names: { name: string; covered: boolean }[] }>();
  for (const r of proxyRoutes(model)) proxyOf.set(`${r.exposure.cluster}\0${r.exposure.app.name}`, r);

  for (const app of model.apps) {
    if (!app.valid) continue;
    const seen = new Set<string>();
    for (const t of exposureTargets(app)) {
      const cluster = platform.clusterByName.get(t.cluster);
      if (!cluster || seen.has(t.cluster)) continue;
      seen.add(t.cluster);
      const expose = effectiveSpec(app, t.cluster).exposePublic;
      if (!expose || expose.cluster !== t.cluster) continue;
      const target = placement(model, app, cluster);
      const origin = (field: string): Declaration => {
        const o = override(app, t.cluster);
        const set = o && typeof o.exposePublic === "object" && o.exposePublic !== null && Object.hasOwn(o.exposePublic, field);
        return { file: app.file, path: set ? ["clusters", t.cluster, "exposePublic", field] : ["exposePublic", field] };
      };
      const via = expose.via ?? "tunnel";
      const base = { via, port: expose.port, target, fqdnDecl: origin("fqdn"), clusterDecl: origin("cluster"), portDecl: origin("port") } as const;
      const add = (e: PublicEntry): void => {
        const k = e.fqdn.replace(/\.$/, "").toLowerCase();
        const list = g.publicByName.get(k);
        if (list) list.push(e);
        else g.publicByName.set(k, [e]);
      };
      if (via === "tunnel") {
        const tunnel = tunnelName(platform.cloudflare.tunnelPrefix, t.cluster);
        const running = connector?.valid === true && isEnabled(connector, t.cluster);
        const conn: NonNullable<PublicEntry["connector"]> = { app: platform.cloudflare.connectorApp, running };
        if (connector) conn.decl = deployDeclaration(connector, t.cluster);
        const e: PublicEntry = { fqdn: expose.fqdn, ...base, tunnel, connector: conn };
        const rule = ruleOf.get(`${t.cluster}\0${app.name}`);
        if (rule) {
          e.ingressRule = rule.rule;
          e.ingressCount = rule.count;
        }
        add(e);
        if (!target.deployed) continue;
        const dns = node(nodeId.dns(expose.fqdn), "dns-record", expose.fqdn, `proxied CNAME to tunnel ${tunnel}`);
        edge(nodeId.internet(), dns, "resolves", base.fqdnDecl);
        const tun = node(nodeId.tunnel(tunnel), "tunnel", tunnel, `Cloudflare tunnel of ${t.cluster}`);
        edge(dns, tun, "cname", base.clusterDecl);
        if (conn.running && conn.decl) edge(tun, nodeId.cluster(t.cluster), "runs-on", conn.decl);
        const url = clusterServiceUrl(target.service, target.namespace, expose.port);
        const svc = node(nodeId.service(url), "service", url, `Service ${target.service} in namespace ${target.namespace} on ${t.cluster}`);
        edge(tun, svc, "ingress", base.portDecl, rule ? `rule ${rule.rule}` : undefined);
        edge(svc, nodeId.application(app.name, t.cluster), "backs", target.deployDecl);
      } else {
        const internal = internalName(target.service, target.namespace, t.cluster, platform.internalDomain);
        const names = [{ name: expose.fqdn, alias: false, decl: base.fqdnDecl }];
        if (expose.alias !== undefined) names.push({ name: expose.alias, alias: true, decl: origin("alias") });
        for (const n of names) {
          const covered = isStrictlyUnder(n.name, platform.externalDomain);
          add({ fqdn: n.name, ...base, fqdnDecl: n.decl, internal, covered, alias: n.alias });
          if (!target.deployed || !proxyOf.has(`${t.cluster}\0${app.name}`)) continue;
          const record = covered ? wildcardOf(platform.externalDomain) : n.name;
          const dns = node(nodeId.dns(record), "dns-record", record, "DNS-only CNAME to the NetBird reverse-proxy cluster");
          edge(nodeId.internet(), dns, "resolves", n.decl);
          const proxy = node(nodeId.proxy(n.name), "reverse-proxy", n.name, `NetBird reverse-proxy service ${n.name} -> ${internal}:${expose.port}`);
          edge(dns, proxy, "cname", n.decl);
          edge(proxy, nodeId.service(internal.toLowerCase()), "forwards", base.portDecl, `port ${expose.port}`);
        }
      }
    }
  }
  // Cluster groups exist too (the operator's peers); nothing admits traffic into them here.
  for (const c of platform.clusters) node(nodeId.group(clusterGroup(c.name)), "mesh-group", clusterGroup(c.name), `NetBird group of cluster ${c.name}`);
  return g;
}

/** The NetBird group a policy source means; undefined when it names nothing. */
export function sourceGroup(model: Model, source: string): string | undefined {
  if (source.startsWith(APP_SOURCE_PREFIX)) {
    const app = source.slice(APP_SOURCE_PREFIX.length);
    return model.appByName.has(app) ? appGroup(app) : undefined;
  }
  return model.platform.sources.get(source)?.group;
}

/** 1-based line of a declaration (undefined without source texts). */
export function lineOf(g: PlatformGraph, d: Declaration): number | undefined {
  return g.locator.line(d);
}
