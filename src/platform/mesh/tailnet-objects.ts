/**
 * What the apps' own charts declare on the tailnet (tailscale/tailscale cmd/k8s-operator): Services
 * the operator exposes (`loadBalancerClass: tailscale`, or the annotation `tailscale.com/expose`),
 * egress Services (`type: ExternalName` with `tailscale.com/tailnet-fqdn` or `-ip`), ProxyGroups.
 * They are read from apps/<name>/templates/*.yaml, rendered with the template subset ("chart"
 * dialect) against the app's values on each cluster, and from the values themselves where an app
 * asks its chart for such a Service (argo-cd's `server.service`). A Service is named on the tailnet
 * by its `tailscale.com/hostname` annotation (default `<namespace>-<name>`), `<hostname>.<tailnet>.ts.net`.
 */
import { parseAllDocuments } from "yaml";
import type { Declaration } from "../../diag/declaration.js";
import type { PathSegment } from "../../diag/diagnostic.js";
import { compileTemplate, renderTemplate, TemplateError, type Template } from "../../gotpl/template.js";
import { chartValuesOf } from "../../model/chart-values.js";
import { deepMerge } from "../../model/deep-merge.js";
import { evaluateTree } from "../../model/template-values.js";
import { templateData } from "../../model/resolve.js";
import { orDefault } from "../../model/sprig-default.js";
import type { Model } from "../../model/types.js";
import { isPlainObject } from "../../core/own.js";
import type { Placement } from "../placement.js";

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

/** A chart template that declares tailnet objects but could not be read (HS172). */
export interface ChartProblem {
  placement: Placement;
  file: string;
  offset: number;
  message: string;
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
  const compiled = new Map<string, Template | TemplateError>();
  const fqdnOf = (hostname: string): string => (tailnet === undefined ? hostname : `${hostname}.${tailnet}.ts.net`);
  for (const p of placements) {
    const chart = model.charts?.get(p.app.name);
    let values: unknown;
    try {
      values = evaluateTree(chartValuesOf(model, p.app, p.spec) ?? {}, templateData(model.catalog, p.cluster));
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      continue; // the templates rule reports it
    }
    const chartValues = deepMerge(chart?.values ?? {}, values) as Record<string, unknown>;
    fromValues(p, values, ["values"], out, fqdnOf, defaultTags);
    for (const t of chart?.templates ?? []) {
      if (!MENTIONS_TAILNET.test(t.text)) continue;
      let tpl = compiled.get(t.text);
      if (tpl === undefined) {
        try {
          tpl = compileTemplate(t.text, "chart");
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          tpl = e;
        }
        compiled.set(t.text, tpl);
      }
      const problem = (message: string, action?: string): void => {
        const at = action !== undefined ? t.text.indexOf(action) : -1;
        out.problems.push({ placement: p, file: t.file, offset: at < 0 ? 0 : at, message });
      };
      if (tpl instanceof TemplateError) {
        problem(tpl.message, tpl.action);
        continue;
      }
      let text: string;
      try {
        text = renderTemplate(tpl, { Values: chartValues, Release: { Name: orDefault(p.spec.releaseName, p.app.name), Namespace: p.namespace } });
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        problem(e.message, e.action);
        continue;
      }
      fromManifests(p, t.file, t.text, text, out, fqdnOf, defaultTags, problem);
    }
  }
  return out;
}

type Obj = Record<string, unknown>;
const map = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: string | undefined): string[] =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function fromManifests(
  p: Placement,
  file: string,
  source: string,
  rendered: string,
  out: TailnetObjects,
  fqdnOf: (h: string) => string,
  defaultTags: readonly string[],
  problem: (m: string) => void,
): void {
  let services = 0;
  for (const doc of parseAllDocuments(rendered, { version: "1.2", prettyErrors: false })) {
    if (doc.errors.length > 0) {
      problem(`it does not render to YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
      continue;
    }
    let o: Obj;
    try {
      o = map(doc.toJS({ maxAliasCount: 100 }));
    } catch (e) {
      problem(`it renders to YAML homescale does not read: ${(e as Error).message.split("\n")[0]}`);
      continue;
    }
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
  annotations: Obj,
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
