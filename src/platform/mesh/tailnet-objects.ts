/**
 * What the apps' own charts declare on the tailnet (tailscale/tailscale cmd/k8s-operator): Services
 * the operator exposes (`loadBalancerClass: tailscale`, or the annotation `tailscale.com/expose`),
 * egress Services (`type: ExternalName` with `tailscale.com/tailnet-fqdn` or `-ip`), ProxyGroups.
 * They are read from apps/<name>/templates/*.yaml, rendered with the template subset ("chart"
 * dialect) against the app's values on each cluster, and from the values themselves where an app
 * asks its chart for such a Service (argo-cd's `server.service`). A Service is named on the tailnet
 * by its `tailscale.com/hostname` annotation (default `<namespace>-<name>`), `<hostname>.<tailnet>.ts.net`.
 */
import type { Declaration } from "../../diag/declaration.js";
import type { PathSegment } from "../../diag/diagnostic.js";
import { chartValuesOf } from "../../model/chart-values.js";
import type { Model } from "../../model/types.js";
import { isPlainObject } from "../../core/own.js";
import type { Placement } from "../placement.js";
import { asMap as map, asString as str, ChartRenderer, type ChartObject, type ChartProblem } from "./chart-objects.js";

export type { ChartProblem };

export const LB_CLASS = "tailscale";
const A = {
  hostname: "tailscale.com/hostname",
  tags: "tailscale.com/tags",
  proxyGroup: "tailscale.com/proxy-group",
  expose: "tailscale.com/expose",
  tailnetFqdn: "tailscale.com/tailnet-fqdn",
  tailnetIp: "tailscale.com/tailnet-ip",
  externalDns: "external-dns.alpha.kubernetes.io/hostname",
} as const;

export interface TailnetService {
  placement: Placement;
  /** metadata.name; for a Service an app's values ask for, the values path (values.argo-cd.server.service). */
  name: string;
  namespace: string;
  hostname: string;
  /** Its name on the tailnet: <hostname>.<tailnet>.ts.net, or the MagicDNS short name without a tailnet. */
  fqdn: string;
  tags: string[];
  /** The tags are the operator's defaults (no tailscale.com/tags). */
  defaultTags: boolean;
  proxyGroup?: string;
  /** Service ports; empty when not known (a Service of values). */
  ports: number[];
  /** Names external-dns publishes for it (they resolve to its tailnet address). */
  dnsNames: string[];
  decl: Declaration;
}

export interface EgressService {
  placement: Placement;
  name: string;
  /** The tailnet name or address it forwards to. */
  target: string;
  decl: Declaration;
}

export interface ProxyGroup {
  placement: Placement;
  name: string;
  tags: string[];
  decl: Declaration;
}

export interface TailnetObjects {
  services: TailnetService[];
  egress: EgressService[];
  proxyGroups: ProxyGroup[];
  problems: ChartProblem[];
}

/** Only files that name the operator's objects are rendered: a chart's other templates use Helm far beyond the subset. */
const MENTIONS_TAILNET = /tailscale\.com\/|loadBalancerClass:\s*["']?tailscale|kind:\s*["']?ProxyGroup/;

export function tailnetObjects(model: Model, placements: readonly Placement[], defaultTags: readonly string[], tailnet: string | undefined): TailnetObjects {
  const out: TailnetObjects = { services: [], egress: [], proxyGroups: [], problems: [] };
  const charts = new ChartRenderer(model);
  const fqdnOf = (hostname: string): string => (tailnet === undefined ? hostname : `${hostname}.${tailnet}.ts.net`);
  const rendersTemplates = new Map<string, boolean>();
  for (const p of placements) {
    let renders = rendersTemplates.get(p.app.name);
    if (renders === undefined) rendersTemplates.set(p.app.name, (renders = charts.mentions(p.app.name, MENTIONS_TAILNET)));
    // Most apps neither have such a template nor ask for such a Service in their values: their
    // values are not evaluated on every cluster only to find nothing.
    if (!renders && !mayAskForService(chartValuesOf(model, p.app, p.spec))) continue;
    const values = charts.values(p);
    if (values === undefined) continue; // the templates rule reports it
    fromValues(p, values, ["values"], out, fqdnOf, defaultTags);
    for (const t of charts.render(p, values, MENTIONS_TAILNET, out.problems)) fromManifests(p, t.file, t.text, t.objects, out, fqdnOf, defaultTags);
  }
  return out;
}

const asks = new WeakMap<object, boolean>();

/**
 * Whether values may ask the chart for a tailnet Service (fromValues): only a map with the hostname
 * annotation's key does, and keys are as written unless a template makes them. Kept per tree: an
 * app's values are the same tree on every cluster that does not override them.
 */
function mayAskForService(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  let known = asks.get(v);
  if (known === undefined) {
    known = false;
    if (Array.isArray(v)) known = v.some(mayAskForService);
    else for (const k of Object.keys(v)) if (k === A.hostname || k.includes("{{") || mayAskForService((v as Record<string, unknown>)[k])) { known = true; break; }
    asks.set(v, known);
  }
  return known;
}

const list = (v: string | undefined): string[] =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function fromManifests(p: Placement, file: string, source: string, objects: readonly ChartObject[], out: TailnetObjects, fqdnOf: (h: string) => string, defaultTags: readonly string[]): void {
  let services = 0;
  for (const o of objects) {
    const meta = map(o.metadata);
    const name = str(meta.name);
    if (name === undefined) continue;
    const annotations = map(meta.annotations);
    const namespace = str(meta.namespace) ?? p.namespace;
    if (o.kind === "ProxyGroup" && String(o.apiVersion).startsWith("tailscale.com/")) {
      const tags = Array.isArray(map(o.spec).tags) ? (map(o.spec).tags as unknown[]).filter((t): t is string => typeof t === "string") : [...defaultTags];
      out.proxyGroups.push({ placement: p, name, tags, decl: { file, path: [], offset: offsetOf(source, name, "ProxyGroup", 0) } });
      continue;
    }
    if (o.kind !== "Service") continue;
    const spec = map(o.spec);
    const decl: Declaration = { file, path: [], offset: offsetOf(source, name, "Service", services++) };
    const egress = str(annotations[A.tailnetFqdn]) ?? str(annotations[A.tailnetIp]);
    if (spec.type === "ExternalName" && egress !== undefined) {
      out.egress.push({ placement: p, name, target: egress, decl });
      continue;
    }
    if (spec.loadBalancerClass !== LB_CLASS && str(annotations[A.expose]) !== "true") continue;
    const ports = Array.isArray(spec.ports) ? (spec.ports as unknown[]).map((x) => map(x).port).filter((x): x is number => typeof x === "number") : [];
    out.services.push(service(p, name, namespace, annotations, ports, decl, fqdnOf, defaultTags));
  }
}

function service(
  p: Placement,
  name: string,
  namespace: string,
  annotations: ChartObject,
  ports: number[],
  decl: Declaration,
  fqdnOf: (h: string) => string,
  defaultTags: readonly string[],
): TailnetService {
  const hostname = str(annotations[A.hostname]) ?? `${namespace}-${name}`;
  const tags = list(str(annotations[A.tags]));
  const s: TailnetService = {
    placement: p,
    name,
    namespace,
    hostname,
    fqdn: fqdnOf(hostname),
    tags: tags.length > 0 ? tags : [...defaultTags],
    defaultTags: tags.length === 0,
    ports,
    dnsNames: list(str(annotations[A.externalDns])),
    decl,
  };
  const group = str(annotations[A.proxyGroup]);
  if (group !== undefined) s.proxyGroup = group;
  return s;
}

/** Services an app's values ask its chart for: a map with loadBalancerClass tailscale and the operator's annotations. */
function fromValues(p: Placement, v: unknown, path: PathSegment[], out: TailnetObjects, fqdnOf: (h: string) => string, defaultTags: readonly string[]): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => fromValues(p, x, [...path, i], out, fqdnOf, defaultTags));
    return;
  }
  if (!isPlainObject(v)) return;
  const annotations = map(v.annotations);
  if ((v.loadBalancerClass === LB_CLASS || str(annotations[A.expose]) === "true") && str(annotations[A.hostname]) !== undefined) {
    const port = typeof v.port === "number" ? [v.port] : [];
    out.services.push(service(p, `of values ${path.slice(1).join(".")}`, p.namespace, annotations, port, { file: p.app.file, path: [...path, "annotations", A.hostname] }, fqdnOf, defaultTags));
    return;
  }
  for (const k of Object.keys(v)) fromValues(p, v[k], [...path, k], out, fqdnOf, defaultTags);
}

/**
 * Where an object is written in its template: the line naming it (`name: <name>`), else the n-th
 * `kind: <kind>` of the file. A rendered object may come from a loop; its line is the loop's.
 */
function offsetOf(source: string, name: string, kind: string, n: number): number {
  for (const form of [`name: ${name}\n`, `name: "${name}"`, `name: '${name}'`]) {
    const at = source.indexOf(form);
    if (at >= 0) return at;
  }
  let at = -1;
  const re = new RegExp(`^kind:\\s*${kind}\\b`, "gm");
  for (let i = 0; i <= n; i++) {
    const m = re.exec(source);
    if (!m) break;
    at = m.index;
  }
  return Math.max(0, at);
}
