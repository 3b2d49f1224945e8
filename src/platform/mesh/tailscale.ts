/**
 * Tailscale behind the mesh seam (seed 002, HomeScale after its NetBird -> Tailscale cutover).
 *
 * - A source is a keyword of homescale.yaml (tailscale.sources: team-infra-plat means
 *   group:team-infra-plat@<domain>), app:<name> (the tag tag:app-<name>, which the app's proxies
 *   carry), or a policy identifier written as the tailnet policy writes it (group:x@y, tag:x, *).
 * - Each rule of an app's tailscale.policy is one grant: its sources -> tag:app-<name>, ip
 *   <protocol>:<port> per port; then homescale.yaml's fixed grants (tailnet-policy.ts writes the file).
 * - A grant reaches what carries its destination tags: the Services the apps' charts expose through
 *   the operator (tailnet-objects.ts), each at its tailnet name and at the names external-dns
 *   publishes for it. metrics' grant to tag:app-metrics opens metrics-aggr's Services too, as on
 *   the real tailnet.
 */
import type { Declaration } from "../../diag/declaration.js";
import { APP_SOURCE_PREFIX } from "../../model/defaults.js";
import { policyName } from "../../model/names.js";
import { DASHBOARD_APP, tailscaleSettings, type TailscaleSettings } from "../../model/tailscale-settings.js";
import type { App, Model } from "../../model/types.js";
import { hostKey } from "../hostnames.js";
import type { Placement } from "../placement.js";
import { applicationHop, applicationNode, nodeId } from "../routes/nodes.js";
import type { Hop, Route, RouteNode, Step } from "../routes/route.js";
import { RoutesByKey } from "./routes-by-key.js";
import type { MeshPolicy, MeshPrincipal, MeshProvider, MeshSource, SourceRef } from "./provider.js";
import { describeIdentifier, identifierProblem, isUsers } from "./tailnet-identifiers.js";
import { tailnetObjects, type TailnetObjects, type TailnetService } from "./tailnet-objects.js";

export const appTag = (app: string): string => `tag:app-${app}`;
export const clusterTag = (cluster: string): string => `tag:cluster-${cluster}`;
export const EVERYONE = "*";
export const MEMBERS = "autogroup:member";

/** One grant of the policy file as homescale derives it, before identifiers are written out. */
export interface Grant {
  /** An app's rule (its MeshPolicy), or homescale.yaml's fixed grant number `index`. */
  app?: App;
  index: number;
  sources: MeshSource[];
  /** Destinations as written and what each means (undefined: names nothing). */
  dst: { written: string; id?: string; decl: Declaration }[];
  ip: string[];
  decl: Declaration;
}

export class TailscaleMesh implements MeshProvider {
  readonly id = "tailscale" as const;
  readonly label = "Tailscale";
  readonly block = "tailscale" as const;
  readonly settings: TailscaleSettings;
  private readonly principals = new Map<string, MeshPrincipal>();
  private readonly destinations = new Map<string, MeshPrincipal>();
  private grantList: Grant[] | undefined;
  private policyList: MeshPolicy[] | undefined;
  private readonly policyDst = new WeakMap<MeshPolicy, { ids: string[]; ownApp: boolean }>();
  private objects: TailnetObjects | undefined;
  private readonly serviceOf = new WeakMap<Route, TailnetService>();
  /** For opens: a list's routes by the tags of their Services. */
  private readonly routesByTag = new RoutesByKey((r) => this.serviceOf.get(r)?.tags);

  constructor(
    private readonly model: Model,
    private readonly placements: () => readonly Placement[],
  ) {
    this.settings = model.platform.tailscale ?? tailscaleSettings(undefined, model.platform.labelDomain);
  }

  /** What the apps' charts declare on the tailnet, on every cluster (deployed or not). */
  tailnet(): TailnetObjects {
    return (this.objects ??= tailnetObjects(this.model, this.placements(), [this.settings.operatorTag], this.settings.tailnet));
  }

  keywords(): readonly string[] {
    return [...this.settings.sources.keys()];
  }

  parseSource(source: string): SourceRef {
    if (source.startsWith(APP_SOURCE_PREFIX)) return { kind: "app", app: source.slice(APP_SOURCE_PREFIX.length) };
    return this.settings.sources.has(source) ? { kind: "keyword", keyword: source } : { kind: "identifier", id: source };
  }

  /** The identifier a source means, as the policy file writes it; undefined when it names nothing. */
  identifier(source: string, side: "src" | "dst" = "src"): string | undefined {
    const ref = this.parseSource(source);
    if (ref.kind === "app") return this.model.appByName.has(ref.app) ? appTag(ref.app) : undefined;
    const id = ref.kind === "keyword" ? this.settings.sources.get(ref.keyword)! : ref.id;
    return identifierProblem(id, side) === undefined ? id : undefined;
  }

  principal(source: string): MeshPrincipal | undefined {
    const id = this.identifier(source);
    return id === undefined ? undefined : this.principalOf(id);
  }

  private principalOf(id: string): MeshPrincipal {
    let p = this.principals.get(id);
    if (!p) this.principals.set(id, (p = { node: { id: nodeId.group(id), kind: "mesh-group", name: id, detail: describeIdentifier(id), choice: "any" }, name: id }));
    return p;
  }

  everyone(): MeshPrincipal {
    return this.principalOf(EVERYONE);
  }

  destination(app: string): MeshPrincipal {
    return this.destinationOf(appTag(app));
  }

  /** What a grant names as its destination: a node apart from the principal (being let into tag:x makes no one tag:x). */
  private destinationOf(id: string): MeshPrincipal {
    let d = this.destinations.get(id);
    if (!d) {
      const node: RouteNode = { id: `${nodeId.group(id)}#destination`, kind: "mesh-group", name: id, detail: `${describeIdentifier(id)}, as a grant's destination`, choice: "any" };
      this.destinations.set(id, (d = { node, name: id }));
    }
    return d;
  }

  describeSource(source: string): string {
    const id = this.identifier(source);
    return id === undefined ? `${source}: names nothing on the tailnet` : `${describeIdentifier(id)}${id === source ? "" : ` (${source})`}`;
  }

  sourceNode(source: string): RouteNode {
    return { id: nodeId.source(source), kind: "source", name: source, detail: this.describeSource(source), choice: "any" };
  }

  private settingsDecl(path: (string | number)[]): Declaration {
    return { file: this.model.platform.settingsFile ?? ".", path: this.model.platform.settingsFile ? path : [] };
  }

  /** Every grant, the apps' rules in folder then rule order, then homescale.yaml's. */
  grants(): readonly Grant[] {
    if (this.grantList) return this.grantList;
    const out: Grant[] = [];
    const source = (s: string, decl: Declaration): MeshSource => {
      const ms: MeshSource = { source: s, decl };
      const p = this.principal(s);
      if (p) ms.principal = p;
      return ms;
    };
    for (const app of this.model.apps) {
      if (!app.valid) continue;
      const rules = app.raw.tailscale?.policy?.rules ?? [];
      rules.forEach((r, i) => {
        const at = ["tailscale", "policy", "rules", i];
        const ports = r.ports ?? [];
        out.push({
          app,
          index: i,
          sources: r.sources.map((s, j) => source(s, { file: app.file, path: [...at, "sources", j] })),
          dst: [{ written: appTag(app.name), id: appTag(app.name), decl: { file: app.file, path: at } }],
          ip: ipOf(r.protocol, ports),
          decl: { file: app.file, path: at },
        });
      });
    }
    this.settings.grants.forEach((g, i) => {
      // A default grant is there because the platform is on Tailscale: homescale.yaml's mesh says so.
      const path = g.path ?? ["mesh"];
      const decl = this.settingsDecl(path);
      // The default Kubernetes API grant admits the dashboard only where the repository has one.
      const src = g.path === undefined ? g.src.filter((s) => s !== `${APP_SOURCE_PREFIX}${DASHBOARD_APP}` || this.model.appByName.has(DASHBOARD_APP)) : g.src;
      out.push({
        index: i,
        sources: src.map((s, j) => source(s, g.path ? this.settingsDecl([...path, "src", j]) : decl)),
        dst: g.dst.map((d, j) => {
          const id = this.identifier(d, "dst");
          const x: Grant["dst"][number] = { written: d, decl: g.path ? this.settingsDecl([...path, "dst", j]) : decl };
          if (id !== undefined) x.id = id;
          return x;
        }),
        ip: [...g.ip],
        decl,
      });
    });
    return (this.grantList = out);
  }

  /**
   * The grants as the access matrix and trace see them: an app's rule is its policy
   * (app-<name>[-<i>]); a fixed grant is a policy grant-<i> of each app whose Services it reaches,
   * one per protocol of its ip list.
   */
  policies(): readonly MeshPolicy[] {
    if (this.policyList) return this.policyList;
    const out: MeshPolicy[] = [];
    // Each app's Services, grouped once: a fixed grant asks every app whether it reaches one of them
    // (scanning every Service for every app was apps x Services per grant: seconds at 2,000 apps).
    const servicesOf = new Map<App, TailnetService[]>();
    for (const s of this.tailnet().services) {
      const list = servicesOf.get(s.placement.app);
      if (list) list.push(s);
      else servicesOf.set(s.placement.app, [s]);
    }
    for (const g of this.grants()) {
      const ids = g.dst.flatMap((d) => (d.id === undefined ? [] : [d.id]));
      const apps = g.app ? [g.app] : this.model.apps.filter((a) => (servicesOf.get(a) ?? []).some((s) => reaches(ids, s)));
      const count = g.app ? (g.app.raw.tailscale?.policy?.rules ?? []).length : 0;
      for (const app of apps) {
        for (const [protocol, ports] of byProtocol(g.ip)) {
          const p: MeshPolicy = { name: g.app ? policyName(app.name, g.index, count) : `grant-${g.index}`, app, index: g.index, protocol, ports, sources: g.sources, decl: g.decl };
          this.policyDst.set(p, { ids, ownApp: g.app === undefined });
          out.push(p);
        }
      }
    }
    return (this.policyList = out);
  }

  policiesOf(app: string): readonly MeshPolicy[] {
    return this.policies().filter((p) => p.app.name === app);
  }

  opens(policy: MeshPolicy, routes: readonly Route[]): Route[] {
    const d = this.policyDst.get(policy);
    if (!d) return [];
    // What reaches() says of each route's Service, over the list indexed by tag.
    const reached = d.ids.includes(EVERYONE) ? this.routesByTag.keyed(routes) : this.routesByTag.under(routes, d.ids);
    return d.ownApp ? reached.filter((r) => r.app === policy.app.name) : reached;
  }

  steps(): Step[] {
    const out: Step[] = [];
    const everyone = this.everyone();
    const members = this.principalOf(MEMBERS);
    const member = (source: string, id: string, decl: Declaration): void => {
      const to = (p: MeshPrincipal, rank: number): void => void out.push({ from: this.sourceNode(source), to: p.node, kind: "member", decl, hops: [], rank: [rank], silent: true });
      to(this.principalOf(id), 0);
      if (id !== EVERYONE) to(everyone, 2);
      if (isUsers(id) && id !== MEMBERS) to(members, 1);
    };
    const sourcesDecl = this.settingsDecl(this.settings.sourcesDeclared ? ["tailscale", "sources"] : []);
    for (const keyword of this.keywords()) {
      const id = this.identifier(keyword);
      if (id !== undefined) member(keyword, id, sourcesDecl);
    }
    for (const app of this.model.apps) member(`${APP_SOURCE_PREFIX}${app.name}`, appTag(app.name), { file: app.file, path: [] });
    // Identifiers written as themselves are sources too, of what they name.
    const literal = new Map<string, Declaration>();
    for (const g of this.grants()) for (const s of g.sources) if (this.parseSource(s.source).kind === "identifier" && s.principal && !literal.has(s.source)) literal.set(s.source, s.decl);
    for (const [id, decl] of literal) member(id, id, decl);
    for (const p of this.policies()) {
      const what = `${p.protocol}${p.ports.length ? `/${p.ports.join(",")}` : " (every port)"}`;
      const dst = this.policyDst.get(p)!.ids;
      const node: RouteNode = { id: nodeId.policy(p.name), kind: "policy", name: p.name, detail: `${p.sources.map((s) => s.source).join(", ")} -> ${dst.join(", ")} ${what}` };
      const seen = new Set<MeshPrincipal>();
      for (const s of p.sources) {
        if (!s.principal || seen.has(s.principal)) continue;
        seen.add(s.principal);
        const hop: Hop = { kind: "policy", name: p.name, detail: `Tailscale grant ${p.name}: ${s.source} -> ${dst.join(", ")} ${what}`, decl: s.decl };
        out.push({ from: s.principal.node, to: node, kind: "admits", decl: s.decl, hops: [hop], rank: [p.app.name, p.index] });
      }
      for (const id of dst) {
        const d = this.destinationOf(id);
        out.push({ from: node, to: d.node, kind: "grants", decl: p.decl, hops: [{ kind: "mesh-group", name: id, detail: `destination of ${p.name}`, decl: p.decl }], match: { protocol: p.protocol, meshPorts: p.ports }, rank: [0] });
      }
    }
    return out;
  }

  /**
   * One route per name of each Service the charts expose (its tailnet name, then each name
   * external-dns publishes for it), on every cluster: where the app does not run, the name is
   * declared but leads to the app's absence.
   */
  routes(placements: readonly Placement[]): Route[] {
    const out: Route[] = [];
    const on = new Set(placements);
    for (const s of this.tailnet().services) {
      const p = s.placement;
      if (!on.has(p)) continue;
      const names = [s.fqdn, ...s.dnsNames];
      const match = { hosts: names.map(hostKey) };
      const tags = [...s.tags, EVERYONE];
      const steps: Step[] = [];
      const app = applicationNode(p);
      if (!p.deployed) {
        for (const t of tags) steps.push({ from: this.destinationOf(t).node, to: app, kind: "resolves-to", decl: p.deployDecl, hops: [applicationHop(p)], match, rank: [p.cluster.name] });
      } else {
        const service: RouteNode = { id: nodeId.service(s.fqdn), kind: "service", name: s.fqdn, detail: `Service ${s.name} in namespace ${s.namespace} on ${p.cluster.name}` };
        const hops: Hop[] = [];
        if (s.proxyGroup !== undefined) {
          const group = this.tailnet().proxyGroups.find((g) => g.placement.cluster === p.cluster && g.name === s.proxyGroup);
          hops.push({
            kind: "router",
            name: s.proxyGroup,
            detail: `ProxyGroup ${s.proxyGroup} on ${p.cluster.name}${group ? ` (its proxies tagged ${group.tags.join(", ")})` : ""} serves the Tailscale Service ${s.hostname}, tagged ${s.tags.join(", ")}`,
            decl: group?.decl ?? s.decl,
          });
        }
        hops.push({ kind: "service", name: s.fqdn, detail: `Service ${s.name} in namespace ${s.namespace} on ${p.cluster.name}, on the tailnet as ${s.hostname}`, decl: s.decl, withPort: true });
        for (const t of tags) steps.push({ from: this.destinationOf(t).node, to: service, kind: "resolves-to", decl: s.decl, hops, match, rank: [hostKey(s.fqdn)] });
        steps.push({ from: service, to: app, kind: "backs", decl: p.deployDecl, hops: [applicationHop(p)], rank: [0] });
      }
      const start = this.destinationOf(s.tags.includes(appTag(p.app.name)) ? appTag(p.app.name) : s.tags[0]!).node;
      for (const name of names) {
        const r: Route = { name, key: hostKey(name), scope: "mesh", via: "mesh", app: p.app.name, cluster: p.cluster.name, port: s.ports[0] ?? 0, target: s.fqdn, start, steps, published: p.deployed, decl: s.decl };
        this.serviceOf.set(r, s);
        out.push(r);
      }
    }
    return out;
  }
}

/** A grant to these identifiers reaches the Service: one of its tags, or every device (`*`). */
function reaches(ids: readonly string[], s: TailnetService): boolean {
  return ids.includes(EVERYONE) || s.tags.some((t) => ids.includes(t));
}

/** A rule's ip list: <protocol>:<port> per port (upstream's expression); every port is `:*`, every protocol the port alone. */
export function ipOf(protocol: string, ports: readonly string[]): string[] {
  if (protocol === "all") return ports.length === 0 ? ["*"] : [...ports];
  return ports.length === 0 ? [`${protocol}:*`] : ports.map((p) => `${protocol}:${p}`);
}

/** An ip list as protocol -> ports (empty: every port), for trace's matches. */
function byProtocol(ip: readonly string[]): [string, string[]][] {
  const m = new Map<string, string[] | "every">();
  for (const e of ip) {
    const [proto, port] = e === "*" ? ["all", "*"] : e.includes(":") ? (e.split(":", 2) as [string, string]) : ["all", e];
    const cur = m.get(proto);
    if (port === "*") m.set(proto, "every");
    else if (cur !== "every") m.set(proto, [...(cur ?? []), port]);
  }
  return [...m].map(([proto, ports]) => [proto, ports === "every" ? [] : ports]);
}
