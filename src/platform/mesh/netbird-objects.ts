/**
 * What the apps' own charts declare for the NetBird operator (netbirdio/kubernetes-operator,
 * netbird.io/v1alpha1): NetworkRouters (a cluster's NetBird network and its DNS zone) and
 * NetworkResources (a Service in the resource's namespace, published in the router's zone as
 * <service>.<namespace>.<zone>, in the NetBird groups it names). HomeScale keeps them in
 * apps/<name>/templates/ (netbird-crs' router per cluster, argocd's argocd-server); they are read
 * with the template subset on every cluster, deployed or not, as chart-objects.ts renders them.
 */
import type { Declaration } from "../../diag/declaration.js";
import type { App, Model } from "../../model/types.js";
import type { Placement } from "../placement.js";
import { asMap, asString, ChartRenderer, type ChartObject, type ChartProblem } from "./chart-objects.js";

export const NETBIRD_API_GROUP = "netbird.io/";

export interface ChartRouter {
  placement: Placement;
  name: string;
  namespace: string;
  /** spec.dnsZoneRef.name: the DNS zone its resources' names are in. */
  zone: string | undefined;
  decl: Declaration;
}

export interface ChartResource {
  placement: Placement;
  name: string;
  namespace: string;
  /** spec.serviceRef.name: a Service in the resource's namespace. */
  service: string;
  router: { name: string; namespace: string };
  /** The NetBird groups it joins, by name (groups given by id or localRef are not known by name here). */
  groups: string[];
  decl: Declaration;
}

export interface NetbirdChartObjects {
  routers: ChartRouter[];
  resources: ChartResource[];
  problems: ChartProblem[];
  /** Apps whose chart declares NetworkResources (on some cluster or none): they bring their own. */
  declaresResources: ReadonlySet<string>;
  /** Apps whose chart declares a NetworkRouter. */
  declaresRouters: ReadonlySet<string>;
}

/** Only templates that name the operator's API group are rendered. */
const MENTIONS_NETBIRD = /netbird\.io\//;
const KIND = (kind: string): RegExp => new RegExp(`^kind:[ \\t]*["']?${kind}\\b`, "m");
const RESOURCE_KIND = KIND("NetworkResource");
const ROUTER_KIND = KIND("NetworkRouter");

/**
 * The NetBird objects of every app whose chart names netbird.io, on each of its placements
 * (`placementsOf`: the app on every cluster, deployed or not); no other app is looked at, so a
 * platform without such charts costs a test of the templates read.
 */
export function netbirdChartObjects(model: Model, placementsOf: (app: App) => readonly Placement[]): NetbirdChartObjects {
  const charts = new ChartRenderer(model);
  const declaresResources = new Set<string>();
  const declaresRouters = new Set<string>();
  const rendered = new Set<string>();
  for (const [app, chart] of model.charts ?? []) {
    for (const t of chart.templates) {
      if (!MENTIONS_NETBIRD.test(t.text)) continue;
      rendered.add(app);
      if (RESOURCE_KIND.test(t.text)) declaresResources.add(app);
      if (ROUTER_KIND.test(t.text)) declaresRouters.add(app);
    }
  }
  const out: NetbirdChartObjects = { routers: [], resources: [], problems: [], declaresResources, declaresRouters };
  const placements = rendered.size === 0 ? [] : model.apps.filter((a) => a.valid && rendered.has(a.name)).flatMap((a) => placementsOf(a));
  for (const p of placements) {
    const values = charts.values(p);
    if (values === undefined) continue; // the templates rule reports it
    for (const t of charts.render(p, values, MENTIONS_NETBIRD, out.problems)) {
      const seen = new Map<string, number>();
      for (const o of t.objects) {
        if (!String(o.apiVersion).startsWith(NETBIRD_API_GROUP)) continue;
        const kind = o.kind;
        if (kind !== "NetworkRouter" && kind !== "NetworkResource") continue;
        const n = seen.get(kind) ?? 0;
        seen.set(kind, n + 1);
        const meta = asMap(o.metadata);
        const name = asString(meta.name);
        const decl: Declaration = { file: t.file, path: [], offset: declarationOffset(t.text, kind, n) };
        const problem = (what: string): void => void out.problems.push({ placement: p, file: t.file, offset: decl.offset!, message: `its ${kind} ${name ?? "(no name)"} ${what}` });
        if (name === undefined || name === "") {
          problem("has no metadata.name");
          continue;
        }
        const namespace = asString(meta.namespace) ?? p.namespace;
        const spec = asMap(o.spec);
        if (kind === "NetworkRouter") {
          out.routers.push({ placement: p, name, namespace, zone: asString(asMap(spec.dnsZoneRef).name), decl });
          continue;
        }
        const service = asString(asMap(spec.serviceRef).name);
        const ref = asMap(spec.networkRouterRef);
        const routerName = asString(ref.name);
        const routerNamespace = asString(ref.namespace);
        if (service === undefined || service === "") {
          problem("names no Service (spec.serviceRef.name)");
          continue;
        }
        if (routerName === undefined || routerNamespace === undefined) {
          problem("names no NetworkRouter (spec.networkRouterRef name and namespace)");
          continue;
        }
        out.resources.push({ placement: p, name, namespace, service, router: { name: routerName, namespace: routerNamespace }, groups: groupsOf(spec), decl });
      }
    }
  }
  return out;
}

function groupsOf(spec: ChartObject): string[] {
  if (!Array.isArray(spec.groups)) return [];
  const out: string[] = [];
  for (const g of spec.groups) {
    const name = asString(asMap(g).name);
    if (name !== undefined && !out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * Where the n-th object of a kind a template renders is written: the `name:` under `metadata:` of
 * the n-th document of that kind in the template (the last one when a loop renders more than the
 * template writes), else its `kind:` line.
 */
export function declarationOffset(source: string, kind: string, n: number): number {
  const re = new RegExp(`^kind:[ \\t]*["']?${kind}\\b`, "gm");
  const kinds: number[] = [];
  for (let m = re.exec(source); m; m = re.exec(source)) kinds.push(m.index);
  if (kinds.length === 0) return 0;
  const at = kinds[Math.min(n, kinds.length - 1)]!;
  const start = lastDocumentStart(source, at);
  const next = /^---/m.exec(source.slice(at));
  const doc = source.slice(start, next ? at + next.index : source.length);
  const name = /^metadata:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n)*?([ \t]+)name:/m.exec(doc);
  return name ? start + name.index + name[0].length - "name:".length : at;
}

function lastDocumentStart(source: string, before: number): number {
  let start = 0;
  const re = /^---.*$/gm;
  for (let m = re.exec(source); m && m.index < before; m = re.exec(source)) start = m.index + m[0].length + 1;
  return start;
}

const MENTIONS_SERVICE = /^kind:[ \t]*["']?Service\b/m;

/**
 * The Services the app's chart renders on the placement's cluster, as far as the template subset
 * reads its templates (one it cannot read says nothing: most Service templates use Helm's helpers).
 */
export function chartServices(model: Model, p: Placement, charts = new ChartRenderer(model)): Set<string> {
  const out = new Set<string>();
  if (!charts.mentions(p.app.name, MENTIONS_SERVICE)) return out;
  const values = charts.values(p);
  if (values === undefined) return out;
  for (const t of charts.render(p, values, MENTIONS_SERVICE, [])) {
    for (const o of t.objects) {
      const name = asString(asMap(o.metadata).name);
      if (o.kind === "Service" && name !== undefined) out.add(name);
    }
  }
  return out;
}
