/**
 * NetBird behind the mesh seam (seed 000): a source keyword means the NetBird group homescale.yaml
 * maps it to (netbird.sources; the defaults are seed 000's), app:<name> means the group app-<name>,
 * every peer is in the built-in group All, and each rule of an app's netbird.policy is one policy
 * app-<name> (one rule) or app-<name>-<i> (several) into the app's group.
 */
import type { Declaration } from "../../diag/declaration.js";
import { APP_SOURCE_PREFIX, DEFAULT_CI_SETUP_KEY_NAME, DEFAULT_CI_SOURCE, DEFAULT_DNS_ZONE_GROUPS, DEFAULT_OPERATOR_APP, DEFAULT_OPERATOR_NAMESPACE } from "../../model/defaults.js";
import { origin as fieldOrigin } from "../../model/resolve.js";
import { appGroup, dnsZoneName, internalName, networkRouterName, policyName } from "../../model/names.js";
import { applicationHop, applicationNode } from "../routes/nodes.js";
import { hostKey } from "../hostnames.js";
import type { Placement } from "../placement.js";
import { effectiveSpec, isEnabled } from "../../model/resolve.js";
import type { Model, NetbirdSettings } from "../../model/types.js";
import { nodeId } from "../routes/nodes.js";
import type { Hop, Route, RouteNode, Step } from "../routes/route.js";
import type { MeshPolicy, MeshPrincipal, MeshProvider, MeshSource, SourceRef } from "./provider.js";

/** NetBird's built-in group of every peer. */
export const ALL_GROUP = "All";

export class NetbirdMesh implements MeshProvider {
  readonly id = "netbird" as const;
  readonly label = "NetBird";
  readonly block = "netbird" as const;
  private readonly groups = new Map<string, MeshPrincipal>();
  private readonly destinations = new Map<string, MeshPrincipal>();
  private policyList: MeshPolicy[] | undefined;
  private byApp: Map<string, MeshPolicy[]> | undefined;

  constructor(private readonly model: Model) {}

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
    const name = appGroup(app);
    let g = this.destinations.get(name);
    if (!g) {
      const node: RouteNode = { id: `${nodeId.group(name)}#destination`, kind: "mesh-group", name, detail: `NetBird group of app ${app}, as a policy's destination`, choice: "any" };
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
   * <service>.<namespace>.<cluster>.<internal domain> for every app on every cluster, whether it runs
   * there or not (trace says so). Where it runs, the cluster's NetworkRouter announces the name in
   * the cluster's DNS zone and it resolves to the app's Service.
   */
  routes(placements: readonly Placement[]): Route[] {
    const domain = this.model.platform.internalDomain;
    const out: Route[] = [];
    for (const p of placements) {
      const dest = this.destination(p.app.name);
      const name = internalName(p.service, p.namespace, p.cluster.name, domain);
      const match = { hosts: [hostKey(name)] };
      const nsDecl: Declaration = { file: p.app.file, path: origin(p, "namespace") };
      const steps: Step[] = [];
      const app = applicationNode(p);
      if (!p.deployed) {
        steps.push({ from: dest.node, to: app, kind: "resolves-to", decl: p.deployDecl, hops: [applicationHop(p)], match, rank: [p.cluster.name] });
      } else {
        const router = this.routerNode(p.cluster.name);
        const zone = dnsZoneName(p.cluster.name, domain);
        const cluster: Declaration = { file: p.cluster.file, path: p.cluster.path };
        const service: RouteNode = { id: nodeId.service(name), kind: "service", name, detail: `Service ${p.service} in namespace ${p.namespace} on ${p.cluster.name}` };
        // The router is the cluster's, shared by every app there: the step into it says which names
        // this group's policies open, so that being let into one app's group opens no other app.
        steps.push({
          from: dest.node,
          to: router,
          kind: "announces",
          decl: cluster,
          match,
          hops: [{ kind: "router", name: router.name, detail: `NetworkRouter ${router.name} (NetBird network ${router.name}): DNS zone ${zone} resolves ${dest.name}'s names on ${p.cluster.name}`, decl: cluster }],
          rank: [p.cluster.name],
        });
        steps.push({
          from: router,
          to: service,
          kind: "resolves-to",
          decl: nsDecl,
          hops: [{ kind: "service", name, detail: `Service ${p.service} in namespace ${p.namespace} on ${p.cluster.name} (NetBird operator network resource)`, decl: nsDecl, withPort: true }],
          match,
          rank: [hostKey(name)],
        });
        steps.push({ from: service, to: app, kind: "backs", decl: p.deployDecl, hops: [applicationHop(p)], rank: [0] });
      }
      out.push({
        name,
        key: hostKey(name),
        scope: "mesh",
        via: "mesh",
        app: p.app.name,
        cluster: p.cluster.name,
        port: 0,
        target: name,
        start: dest.node,
        steps,
        published: p.deployed,
        decl: nsDecl,
      });
    }
    return out;
  }

  opens(policy: MeshPolicy, routes: readonly Route[]): Route[] {
    return routes.filter((r) => r.app === policy.app.name);
  }

  private routerNode(cluster: string): RouteNode {
    const name = networkRouterName(cluster);
    return { id: nodeId.router(cluster), kind: "router", name, detail: `NetworkRouter ${name}: the NetBird network of ${cluster}`, choice: "first" };
  }
}

/** Where a field of the app on the placement's cluster is written. */
function origin(p: Placement, field: string): (string | number)[] {
  return fieldOrigin(p.app, p.cluster.name, [field]);
}
