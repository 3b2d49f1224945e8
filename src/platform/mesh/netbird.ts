/**
 * NetBird behind the mesh seam (seed 000): a source keyword means the NetBird group homescale.yaml
 * maps it to (netbird.sources; the defaults are seed 000's), app:<name> means the group app-<name>,
 * every peer is in the built-in group All, and each rule of an app's netbird.policy is one policy
 * app-<name> (one rule) or app-<name>-<i> (several) into the app's group.
 *
 * A policy reaches the NetworkResources in its destination group, at <service>.<namespace>.<zone>,
 * through the NetworkRouter they name. An app's chart may declare its own (netbird-objects.ts:
 * argocd's argocd-server, netbird-crs' router per cluster); those are its mesh names, and homescale
 * renders no copy: no NetworkRouter on a cluster where a chart's runs, no NetworkResource for an
 * app whose chart declares any. The other apps get homescale's own, one per app, for the Service
 * <service>.<namespace>.<cluster>.<internal domain>, in the app's group. Where the catalog holds
 * the operator app (netbird.operatorApp), its CRDs exist only on the clusters it runs on, and
 * homescale renders the operator's objects only there.
 */
import type { Declaration } from "../../diag/declaration.js";
import { APP_SOURCE_PREFIX, DEFAULT_CI_SETUP_KEY_NAME, DEFAULT_CI_SOURCE, DEFAULT_DNS_ZONE_GROUPS, DEFAULT_OPERATOR_APP, DEFAULT_OPERATOR_NAMESPACE } from "../../model/defaults.js";
import { origin as fieldOrigin } from "../../model/resolve.js";
import { appGroup, dnsZoneName, internalName, networkRouterName, policyName } from "../../model/names.js";
import { netbirdChartObjects, type ChartResource, type NetbirdChartObjects } from "./netbird-objects.js";
import { applicationHop, applicationNode } from "../routes/nodes.js";
import { hostKey } from "../hostnames.js";
import type { ClusterView, PlatformIndex } from "../index.js";
import type { Placement } from "../placement.js";
import { effectiveSpec, isEnabled } from "../../model/resolve.js";
import type { App, Model, NetbirdSettings } from "../../model/types.js";
import { nodeId } from "../routes/nodes.js";
import type { Hop, Route, RouteNode, Step } from "../routes/route.js";
import { RoutesByKey } from "./routes-by-key.js";
import type { MeshPolicy, MeshPrincipal, MeshProvider, MeshSource, SourceRef } from "./provider.js";

/** NetBird's built-in group of every peer. */
export const ALL_GROUP = "All";

/** A NetworkRouter on a cluster: a chart's, or the one homescale renders. */
export interface MeshRouter {
  name: string;
  namespace: string;
  /** The DNS zone its resources' names are in (dnsZoneRef). */
  zone: string;
  decl: Declaration;
  /** The app whose chart renders it; undefined for homescale's own. */
  app?: string;
}

export class NetbirdMesh implements MeshProvider {
  readonly id = "netbird" as const;
  readonly label = "NetBird";
  readonly block = "netbird" as const;
  private readonly groups = new Map<string, MeshPrincipal>();
  private readonly destinations = new Map<string, MeshPrincipal>();
  private policyList: MeshPolicy[] | undefined;
  private byApp: Map<string, MeshPolicy[]> | undefined;
  private objects: NetbirdChartObjects | undefined;
  private resourcesByPlacement: Map<Placement, ChartResource[]> | undefined;
  private readonly routersOf = new Map<string, { routers: MeshRouter[]; home: MeshRouter | undefined; rendered: boolean }>();
  /**
   * The groups each mesh route's NetworkResource is in (what a policy into one of them opens). A
   * Map, not a WeakMap: the routes live as long as this mesh (both are the index's), and 40,000
   * weak entries (2,000 apps on 20 clusters) cost the garbage collector more than they save.
   */
  private readonly groupsOf = new Map<Route, readonly string[]>();
  /** For opens: a list's routes by the groups they are in. */
  private readonly routesByGroup = new RoutesByKey((r) => this.groupsOf.get(r) ?? [appGroup(r.app)]);
  /** Each app's destination, by app name (the same object destinationOf keeps, without building its key and words again per route). */
  private readonly destinationOfApp = new Map<string, MeshPrincipal>();
  /** Each router's node: one object per router, so the graph hashes its id once, not once per route. */
  private readonly routerNodes = new Map<MeshRouter, { cluster: string; node: RouteNode }>();

  /** `placementsOf`: an app on every cluster (the index's placements), for what the apps' charts declare. */
  constructor(
    private readonly model: Model,
    private readonly placementsOf: (app: App) => readonly Placement[] = () => [],
  ) {}

  /** What the apps' charts declare for the operator, on every cluster (deployed or not). */
  chartObjects(): NetbirdChartObjects {
    return (this.objects ??= netbirdChartObjects(this.model, this.placementsOf));
  }

  /**
   * Whether homescale renders a NetworkResource for the app where it runs (ownResources: the apps of
   * a cluster): NetBird must reach it (policy rules, or `proxied`: the reverse proxy publishes it
   * there), its chart declares none, and the operator runs there.
   */
  rendersOwnResource(p: Placement, proxied: boolean): boolean {
    return p.deployed && (this.policiesOf(p.app.name).length > 0 || proxied) && !this.bringsOwnResources(p.app.name) && this.homeRouter(p.cluster.name) !== undefined;
  }

  /** Whether the app's chart declares NetworkResources: then homescale renders none for it. */
  bringsOwnResources(app: string): boolean {
    return this.chartObjects().declaresResources.has(app);
  }

  /** The NetworkResources the app's chart renders on the placement's cluster. */
  chartResources(p: Placement): readonly ChartResource[] {
    if (!this.resourcesByPlacement) {
      this.resourcesByPlacement = new Map();
      for (const r of this.chartObjects().resources) {
        const list = this.resourcesByPlacement.get(r.placement);
        if (list) list.push(r);
        else this.resourcesByPlacement.set(r.placement, [r]);
      }
    }
    return this.resourcesByPlacement.get(p) ?? [];
  }

  /**
   * Whether the operator runs on the cluster: where the catalog holds the operator app, on the
   * clusters it is enabled on (its CRDs exist nowhere else); without it, the operator is installed
   * some other way and homescale takes it to be everywhere.
   */
  operatorRuns(cluster: string): boolean {
    const app = this.model.appByName.get(this.settings.operatorApp);
    return app === undefined || !app.valid || isEnabled(app, cluster);
  }

  /** The NetworkRouters on a cluster: those the charts of the apps running there render, then homescale's if it renders one. */
  routers(cluster: string): readonly MeshRouter[] {
    return this.clusterRouters(cluster).routers;
  }

  /** Whether homescale renders the cluster's NetworkRouter: the operator runs there and no chart renders one (or might: a router template it cannot read). */
  rendersRouter(cluster: string): boolean {
    return this.clusterRouters(cluster).rendered;
  }

  /** The router homescale's NetworkResources on the cluster name: its own, else the chart's named after the cluster, else a chart's; undefined without the operator. */
  homeRouter(cluster: string): MeshRouter | undefined {
    return this.clusterRouters(cluster).home;
  }

  private clusterRouters(cluster: string): { routers: MeshRouter[]; home: MeshRouter | undefined; rendered: boolean } {
    const known = this.routersOf.get(cluster);
    if (known) return known;
    const objects = this.chartObjects();
    const routers: MeshRouter[] = objects.routers
      .filter((r) => r.placement.deployed && r.placement.cluster.name === cluster)
      .map((r) => ({ name: r.name, namespace: r.namespace, zone: r.zone ?? dnsZoneName(cluster, this.model.platform.internalDomain), decl: r.decl, app: r.placement.app.name }));
    const unread = objects.problems.find((x) => x.placement.deployed && x.placement.cluster.name === cluster && objects.declaresRouters.has(x.placement.app.name));
    const own: MeshRouter = {
      name: networkRouterName(cluster),
      namespace: this.routerNamespace(cluster),
      zone: dnsZoneName(cluster, this.model.platform.internalDomain),
      decl: unread ? { file: unread.file, path: [], offset: unread.offset } : this.clusterDecl(cluster),
    };
    const rendered = this.operatorRuns(cluster) && routers.length === 0 && !unread;
    if (rendered) routers.push(own);
    // A router template homescale cannot read renders one as far as anyone can tell: taken to be named after the cluster.
    const home = rendered || unread ? own : (routers.find((r) => r.name === networkRouterName(cluster)) ?? routers[0]);
    const out = { routers, home, rendered };
    this.routersOf.set(cluster, out);
    return out;
  }

  private clusterDecl(cluster: string): Declaration {
    const c = this.model.platform.clusterByName.get(cluster);
    return c ? { file: c.file, path: c.path } : { file: ".", path: [] };
  }

  /** The NetBird settings, with defaults for a hand-built Platform that lacks them. */
  get settings(): NetbirdSettings {
    return (
      this.model.platform.netbird ?? {
        dnsZoneGroups: DEFAULT_DNS_ZONE_GROUPS,
        operatorApp: DEFAULT_OPERATOR_APP,
        ciSetupKey: { name: DEFAULT_CI_SETUP_KEY_NAME, source: DEFAULT_CI_SOURCE },
      }
    );
  }

  /** Where a cluster's NetworkRouter lives: the operator app's namespace there, else "netbird". */
  routerNamespace(cluster: string): string {
    const app = this.model.appByName.get(this.settings.operatorApp);
    if (app?.valid && isEnabled(app, cluster)) return effectiveSpec(app, cluster).namespace;
    return DEFAULT_OPERATOR_NAMESPACE;
  }

  keywords(): readonly string[] {
    return [...this.model.platform.sources.keys()];
  }

  parseSource(source: string): SourceRef {
    return source.startsWith(APP_SOURCE_PREFIX) ? { kind: "app", app: source.slice(APP_SOURCE_PREFIX.length) } : { kind: "keyword", keyword: source };
  }

  /** The NetBird group a source means: app:<name> the app's group (if the app exists), a keyword its configured group. */
  principal(source: string): MeshPrincipal | undefined {
    const ref = this.parseSource(source);
    if (ref.kind === "app") return this.model.appByName.has(ref.app) ? this.group(appGroup(ref.app), `NetBird group of app ${ref.app}`) : undefined;
    if (ref.kind !== "keyword") return undefined;
    const s = this.model.platform.sources.get(ref.keyword);
    return s ? this.group(s.group) : undefined;
  }

  everyone(): MeshPrincipal {
    return this.group(ALL_GROUP, "NetBird's group of every peer");
  }

  /**
   * The app's group as a destination: the node policies grant into, from which its names resolve.
   * A node apart from the group as a source (its members), so that access is never transitive:
   * being let into app-x's group does not make a peer a member of it.
   */
  destination(app: string): MeshPrincipal {
    let d = this.destinationOfApp.get(app);
    if (!d) this.destinationOfApp.set(app, (d = this.destinationOf(appGroup(app), `NetBird group of app ${app}`)));
    return d;
  }

  /** A group as a policy's destination, from which the names of the NetworkResources in it resolve. */
  private destinationOf(name: string, what = `NetBird group ${name}`): MeshPrincipal {
    let g = this.destinations.get(name);
    if (!g) {
      const node: RouteNode = { id: `${nodeId.group(name)}#destination`, kind: "mesh-group", name, detail: `${what}, as a policy's destination`, choice: "any" };
      this.destinations.set(name, (g = { node, name }));
    }
    return g;
  }

  describeSource(source: string): string {
    return `peers in NetBird group ${this.principal(source)?.name ?? source}`;
  }

  private group(name: string, detail = `NetBird group ${name}`): MeshPrincipal {
    let g = this.groups.get(name);
    if (!g) {
      const node: RouteNode = { id: nodeId.group(name), kind: "mesh-group", name, detail, choice: "any" };
      this.groups.set(name, (g = { node, name }));
    }
    return g;
  }

  policies(): readonly MeshPolicy[] {
    if (this.policyList) return this.policyList;
    const list: MeshPolicy[] = [];
    const byApp = new Map<string, MeshPolicy[]>();
    for (const app of this.model.apps) {
      if (!app.valid) continue;
      const rules = app.raw.netbird?.policy?.rules ?? [];
      const mine: MeshPolicy[] = [];
      rules.forEach((r, i) => {
        const sources: MeshSource[] = r.sources.map((s, j) => {
          const ms: MeshSource = { source: s, decl: { file: app.file, path: ["netbird", "policy", "rules", i, "sources", j] } };
          const p = this.principal(s);
          if (p) ms.principal = p;
          return ms;
        });
        const p: MeshPolicy = {
          name: policyName(app.name, i, rules.length),
          app,
          index: i,
          protocol: r.protocol,
          ports: r.ports ?? [],
          sources,
          decl: { file: app.file, path: ["netbird", "policy", "rules", i] },
        };
        if (r.description !== undefined) p.description = r.description;
        mine.push(p);
      });
      list.push(...mine);
      byApp.set(app.name, mine);
    }
    this.byApp = byApp;
    return (this.policyList = list);
  }

  policiesOf(app: string): readonly MeshPolicy[] {
    this.policies();
    return this.byApp!.get(app) ?? [];
  }

  /**
   * Each source a policy names joins its group (silently: the group is the source's own), and
   * every mesh source is also in All; each group admits the policies that name it; each policy
   * grants its protocol and ports into the app's group.
   */
  steps(): Step[] {
    const out: Step[] = [];
    const settings: Declaration = { file: this.model.platform.settingsFile ?? ".", path: this.model.platform.settingsFile ? ["netbird", "sources"] : [] };
    const everyone = this.everyone();
    const member = (source: string, group: MeshPrincipal, decl: Declaration): void => {
      out.push({ from: this.sourceNode(source), to: group.node, kind: "member", decl, hops: [], rank: [group === everyone ? 1 : 0], silent: true });
    };
    for (const keyword of this.keywords()) {
      const g = this.principal(keyword)!;
      member(keyword, g, settings);
      if (g !== everyone) member(keyword, everyone, settings);
    }
    for (const app of this.model.apps) {
      const source = `${APP_SOURCE_PREFIX}${app.name}`;
      member(source, this.group(appGroup(app.name), `NetBird group of app ${app.name}`), { file: app.file, path: [] });
      member(source, everyone, { file: app.file, path: [] });
    }
    for (const p of this.policies()) {
      const dest = this.destination(p.app.name);
      const what = `${p.protocol}${p.ports.length ? `/${p.ports.join(",")}` : " (every port)"}`;
      const policyNode: RouteNode = {
        id: nodeId.policy(p.name),
        kind: "policy",
        name: p.name,
        detail: `${p.sources.map((s) => s.source).join(", ")} -> ${dest.name} ${what}`,
      };
      const seen = new Set<MeshPrincipal>();
      for (const s of p.sources) {
        if (!s.principal || seen.has(s.principal)) continue;
        seen.add(s.principal);
        const hop: Hop = { kind: "policy", name: p.name, detail: `NetBird policy ${p.name}: ${s.source} -> ${dest.name} ${what}`, decl: s.decl };
        out.push({ from: s.principal.node, to: policyNode, kind: "admits", decl: s.decl, hops: [hop], rank: [p.app.name, p.index] });
      }
      const grant: Hop = { kind: "mesh-group", name: dest.name, detail: `destination group of ${p.name}`, decl: p.decl };
      out.push({ from: policyNode, to: dest.node, kind: "grants", decl: p.decl, hops: [grant], match: { protocol: p.protocol, meshPorts: p.ports }, rank: [0] });
    }
    return out;
  }

  /** A source as the start of a trace. */
  sourceNode(source: string): RouteNode {
    return { id: nodeId.source(source), kind: "source", name: source, detail: this.describeSource(source), choice: "any" };
  }

  /**
   * The mesh names of every app on every cluster, whether it runs there or not (trace says so):
   * the NetworkResources its chart declares there, or, for an app whose chart declares none,
   * <service>.<namespace>.<zone>, the name of the NetworkResource homescale renders for it (the
   * zone of the cluster's router: <cluster>.<internal domain> for homescale's own). Where it runs, the router a resource names announces the name in its DNS zone,
   * and the name resolves to the Service.
   */
  routes(placements: readonly Placement[]): Route[] {
    const out: Route[] = [];
    for (const p of placements) for (const n of this.names(p)) out.push(this.route(p, n));
    return out;
  }

  /** The placement's mesh names (routes() is these as routes), each with the NetworkResource that makes it. */
  names(p: Placement): MeshName[] {
    const domain = this.model.platform.internalDomain;
    if (this.bringsOwnResources(p.app.name)) {
      return this.chartResources(p).map((r) => {
        const router = p.deployed ? this.routers(p.cluster.name).find((x) => x.name === r.router.name && x.namespace === r.router.namespace) : undefined;
        return {
          name: `${r.service}.${r.namespace}.${router?.zone ?? dnsZoneName(p.cluster.name, domain)}`,
          groups: r.groups,
          router,
          what: `Service ${r.service} in namespace ${r.namespace} on ${p.cluster.name}`,
          note: `NetworkResource ${r.name}, in ${r.groups.length > 0 ? `groups ${r.groups.join(", ")}` : "no group"}`,
          decl: r.decl,
          missing: { id: `${r.router.namespace}/${r.router.name}`, explanation: `no NetworkRouter ${r.router.name} in namespace ${r.router.namespace} on ${p.cluster.name}: NetworkResource ${r.name} is in no NetBird network` },
        };
      });
    }
    // In the DNS zone of the router it names: <cluster>.<internal domain> for homescale's own.
    const home = this.homeRouter(p.cluster.name);
    return [
      {
        name: home ? `${p.service}.${p.namespace}.${home.zone}` : internalName(p.service, p.namespace, p.cluster.name, domain),
        groups: [appGroup(p.app.name)],
        router: p.deployed ? home : undefined,
        what: `Service ${p.service} in namespace ${p.namespace} on ${p.cluster.name}`,
        note: "NetBird operator network resource",
        decl: { file: p.app.file, path: origin(p, "namespace") },
        missing: { id: "operator", explanation: `the NetBird operator (app ${this.settings.operatorApp}) does not run on ${p.cluster.name}: no NetworkRouter announces its names` },
      },
    ];
  }

  /** A mesh name: from each group of its NetworkResource through the router (a dead end without one) to the Service and the Application. */
  private route(p: Placement, service: MeshName): Route {
    const { name, groups, router } = service;
    const key = hostKey(name);
    const match = { hosts: [key] };
    const own = appGroup(p.app.name);
    const dests = groups.map((g) => (g === own ? this.destination(p.app.name) : this.destinationOf(g)));
    const steps: Step[] = [];
    const app = applicationNode(p);
    if (!p.deployed) {
      for (const d of dests) steps.push({ from: d.node, to: app, kind: "resolves-to", decl: p.deployDecl, hops: [applicationHop(p)], match, rank: [p.cluster.name] });
    } else {
      const node = this.routerNode(p.cluster.name, router, service.missing);
      const serviceNode: RouteNode = { id: nodeId.service(name), kind: "service", name, detail: service.what };
      // The router is the cluster's, shared by every app there: the step into it says which names
      // this group's policies open, so that being let into one app's group opens no other app.
      for (const d of dests) {
        const hops: Hop[] = router
          ? [{ kind: "router", name: router.name, detail: `NetworkRouter ${router.name} (NetBird network ${router.name}): DNS zone ${router.zone} resolves ${d.name}'s names on ${p.cluster.name}`, decl: router.decl }]
          : [];
        steps.push({ from: d.node, to: node, kind: "announces", decl: router?.decl ?? service.decl, match, hops, rank: [p.cluster.name] });
      }
      steps.push({ from: node, to: serviceNode, kind: "resolves-to", decl: service.decl, hops: [{ kind: "service", name, detail: `${service.what} (${service.note})`, decl: service.decl, withPort: true }], match, rank: [key] });
      steps.push({ from: serviceNode, to: app, kind: "backs", decl: p.deployDecl, hops: [applicationHop(p)], rank: [0] });
    }
    const route: Route = {
      name,
      key,
      scope: "mesh",
      via: "mesh",
      app: p.app.name,
      cluster: p.cluster.name,
      port: 0,
      target: name,
      start: (dests.find((d) => d.name === own) ?? dests[0] ?? this.destination(p.app.name)).node,
      steps,
      published: p.deployed,
      decl: service.decl,
    };
    this.groupsOf.set(route, groups);
    return route;
  }

  /** A policy opens the names of the NetworkResources in its destination group (its app's, and any chart's that joins it). */
  opens(policy: MeshPolicy, routes: readonly Route[]): Route[] {
    return this.routesByGroup.under(routes, [appGroup(policy.app.name)]);
  }

  /** A cluster's router in the graph; without one, the dead end that says so. */
  private routerNode(cluster: string, router: MeshRouter | undefined, missing: Missing): RouteNode {
    if (!router) {
      const { id, explanation } = missing;
      return { id: `${nodeId.router(cluster)}#missing:${id}`, kind: "router", name: networkRouterName(cluster), detail: explanation, blocked: { block: "no-route", explanation } };
    }
    const known = this.routerNodes.get(router);
    if (known?.cluster === cluster) return known.node;
    const id = router.name === networkRouterName(cluster) ? nodeId.router(cluster) : `${nodeId.router(cluster)}/${router.namespace}/${router.name}`;
    const node: RouteNode = { id, kind: "router", name: router.name, detail: `NetworkRouter ${router.name}: the NetBird network of ${cluster}`, choice: "first" };
    this.routerNodes.set(router, { cluster, node });
    return node;
  }
}

/**
 * The apps on a cluster homescale renders a NetworkResource for, in the view's order: NetBird must
 * reach them there (they have policy rules, or the reverse proxy publishes them there: its target
 * is the app's internal name, and the operator makes that DNS record for the NetworkResource),
 * their chart declares none of its own, and the operator runs there.
 */
export function ownResources(index: PlatformIndex, view: ClusterView): Placement[] {
  const mesh = index.mesh;
  if (mesh.id !== "netbird" || !mesh.homeRouter(view.cluster.name)) return [];
  const proxied = new Set<string>();
  for (const r of index.routing.proxied) if (r.exposure.cluster === view.cluster.name) proxied.add(r.exposure.app.name);
  return view.apps.filter((p) => mesh.rendersOwnResource(p, proxied.has(p.app.name)));
}

/** A mesh name of a placement: the NetworkResource's Service at <service>.<namespace>.<zone>. */
export interface MeshName {
  name: string;
  /** The NetBird groups the resource is in: policies into them open the name. */
  groups: readonly string[];
  /** The router that announces it; undefined where the app is not deployed or the cluster has none. */
  router: MeshRouter | undefined;
  /** The Service in words, and what makes the name (for the trace hop). */
  what: string;
  note: string;
  decl: Declaration;
  /** Why nothing announces it, when no router does. */
  missing: Missing;
}

/** A router a name needs but its cluster lacks: which (for the node's id), and why, in words. */
interface Missing {
  id: string;
  explanation: string;
}

/** Where a field of the app on the placement's cluster is written. */
function origin(p: Placement, field: string): (string | number)[] {
  return fieldOrigin(p.app, p.cluster.name, [field]);
}
