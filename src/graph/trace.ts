/**
 * trace: the path to a target, hop by hop, each hop naming the rendered object that makes it and
 * the file:line that declares it. Pure over the platform graph: lookups are map reads.
 *
 * - Public hostname (or URL): client -> DNS record -> tunnel ingress rule N -> in-cluster Service
 *   -> Application; or, through the NetBird reverse proxy: client -> DNS (wildcard) CNAME ->
 *   reverse-proxy service -> internal name -> Application.
 * - Internal name <service>.<namespace>.<cluster>.<internal domain>: from SOURCE (required)
 *   -> the policy that admits it -> the app's mesh group -> the Service -> Application.
 * Anything else is unreachable, with one of UNREACHABLE's reasons and the hops up to the break.
 */
import { APP_SOURCE_PREFIX } from "../model/defaults.js";
import { closest } from "../diag/suggest.js";
import { appGroup, dnsZoneName } from "../model/names.js";
import { origin } from "../model/resolve.js";
import { wildcardOf } from "../render/terraform/public-names.js";
import { lineOf, type AppOnCluster, type Declaration, type PlatformGraph, type PolicyEntry, type PublicEntry } from "./graph.js";

export const UNREACHABLE = {
  noPolicy: "no policy for that source",
  wrongPort: "wrong port or protocol",
  notDeployed: "app not deployed on that cluster",
  noConnector: "no tunnel connector",
  unknownName: "unknown name",
} as const;
export type UnreachableReason = (typeof UNREACHABLE)[keyof typeof UNREACHABLE];

export interface Hop {
  kind: string;
  name: string;
  detail: string;
  file?: string;
  line?: number;
}

export interface TraceResult {
  target: string;
  verdict: "reachable" | "unreachable";
  reason?: UnreachableReason;
  /** The reason in a sentence, with the facts behind it (unreachable only). */
  explanation?: string;
  hops: Hop[];
}

export interface ParsedTarget {
  host: string;
  scheme?: string;
  port?: number;
  protocol?: "tcp" | "udp";
}

/** A bad TARGET or SOURCE, or a missing --from: the CLI turns it into a usage error (exit 2). */
export class TraceInputError extends Error {}

/** Sources that are not mesh peers: they reach public names only. */
export const OUTSIDE_SOURCES = new Set(["internet", "lan"]);

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

export function parseTarget(raw: string): ParsedTarget {
  const s = raw.trim();
  if (s === "") throw new TraceInputError("TARGET is empty");
  if (s.includes("://")) {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      throw new TraceInputError(`TARGET ${raw} is not a valid URL`);
    }
    const scheme = u.protocol.replace(/:$/, "").toLowerCase();
    const t: ParsedTarget = { host: normHost(u.hostname), scheme };
    const port = u.port !== "" ? Number(u.port) : DEFAULT_PORTS[scheme];
    if (port !== undefined) t.port = port;
    if (scheme === "http" || scheme === "https" || scheme === "tcp") t.protocol = "tcp";
    else if (scheme === "udp") t.protocol = "udp";
    return t;
  }
  const hostPort = s.split("/")[0]!;
  const m = /^(.*):(\d+)$/.exec(hostPort);
  if (m) {
    const port = Number(m[2]);
    if (port < 1 || port > 65535) throw new TraceInputError(`port ${m[2]} is out of range (1-65535)`);
    return { host: normHost(m[1]!), port };
  }
  return { host: normHost(hostPort) };
}

function normHost(h: string): string {
  return h.replace(/\.$/, "").toLowerCase();
}

/** undefined when SOURCE is valid; else why not, with a suggestion. */
export function sourceProblem(g: PlatformGraph, source: string): string | undefined {
  const { model } = g;
  if (OUTSIDE_SOURCES.has(source) || model.platform.sources.has(source)) return undefined;
  if (source.startsWith(APP_SOURCE_PREFIX)) {
    const app = source.slice(APP_SOURCE_PREFIX.length);
    if (model.appByName.has(app)) return undefined;
    const s = closest(app, model.appByName.keys());
    return `--from ${source}: there is no app ${app}${s ? `; did you mean app:${s}?` : ""}`;
  }
  const known = [...OUTSIDE_SOURCES, ...model.platform.sources.keys()];
  const s = closest(source, known) ?? known.find((k) => k.startsWith(source) || source.startsWith(k));
  return `--from ${source} is not a source${s ? `; did you mean ${s}?` : ""} (sources: ${known.join(", ")}, app:<name>)`;
}

export function trace(g: PlatformGraph, target: string, from?: string): TraceResult {
  const t = parseTarget(target);
  if (from !== undefined) {
    const problem = sourceProblem(g, from);
    if (problem) throw new TraceInputError(problem);
  }
  const ctx = new Tracer(g, target);
  const pub = g.publicByName.get(t.host);
  if (pub && pub.length > 0) return ctx.publicName(t, pub);
  const internal = g.internalByName.get(t.host);
  if (internal) {
    if (from === undefined) throw new TraceInputError(`${t.host} is an internal name: say who connects with --from SOURCE (e.g. team-infra-plat, owners, all, app:<name>)`);
    return ctx.internalName(t, internal, from);
  }
  const names = [...g.publicByName.keys(), ...g.internalByName.keys()];
  const s = closest(t.host, names);
  const hops: Hop[] = [];
  if (from !== undefined) hops.push(ctx.sourceHop(from));
  return ctx.fail(hops, UNREACHABLE.unknownName, `no public hostname or internal name ${t.host} is declared${s ? `; did you mean ${s}?` : ""}`);
}

class Tracer {
  constructor(
    private readonly g: PlatformGraph,
    private readonly target: string,
  ) {}

  hop(kind: string, name: string, detail: string, decl?: Declaration): Hop {
    const h: Hop = { kind, name, detail };
    if (decl) {
      h.file = decl.file;
      const line = lineOf(this.g, decl);
      if (line !== undefined) h.line = line;
    }
    return h;
  }

  fail(hops: Hop[], reason: UnreachableReason, explanation: string): TraceResult {
    return { target: this.target, verdict: "unreachable", reason, explanation, hops };
  }

  ok(hops: Hop[]): TraceResult {
    return { target: this.target, verdict: "reachable", hops };
  }

  application(p: AppOnCluster): Hop {
    return this.hop("application", p.applicationName, `Application ${p.applicationName} on ${p.cluster.name} (wave ${p.wave})`, p.deployDecl);
  }

  sourceHop(from: string): Hop {
    if (OUTSIDE_SOURCES.has(from)) return this.hop("source", from, `${from}: not a NetBird peer`);
    const group = from.startsWith(APP_SOURCE_PREFIX) ? appGroup(from.slice(APP_SOURCE_PREFIX.length)) : this.g.model.platform.sources.get(from)?.group;
    return this.hop("source", from, `peers in NetBird group ${group ?? from}`);
  }

  notDeployed(hops: Hop[], p: AppOnCluster): TraceResult {
    hops.push(this.hop("application", p.applicationName, `${p.app.name} is not enabled on ${p.cluster.name}: no Application, no Service there`, p.deployDecl));
    return this.fail(hops, UNREACHABLE.notDeployed, `${p.app.name} is not deployed on ${p.cluster.name} (enable it with clusters.${p.cluster.name}.deploy: true in ${p.app.file})`);
  }

  publicName(t: ParsedTarget, entries: PublicEntry[]): TraceResult {
    const e = entries.find((x) => x.target.deployed) ?? entries[0]!;
    const scheme = t.scheme ?? (t.port === 80 ? "http" : "https");
    const port = t.port ?? DEFAULT_PORTS[scheme] ?? 443;
    const hops: Hop[] = [this.hop("client", "internet", `a client on the internet asks for ${scheme}://${e.fqdn}${port === DEFAULT_PORTS[scheme] ? "" : `:${port}`}`)];
    if (!e.target.deployed) {
      hops.push(this.hop("declaration", e.fqdn, `exposePublic names ${e.target.cluster.name}; nothing is published for it`, e.clusterDecl));
      return this.notDeployed(hops, e.target);
    }
    const portOk = (scheme === "http" || scheme === "https") && (port === 80 || port === 443);
    const wrongPort = (): TraceResult =>
      this.fail(hops, UNREACHABLE.wrongPort, `${e.fqdn} is published for HTTP(S) on ports 80 and 443 only; asked ${scheme}${t.port !== undefined ? ` port ${port}` : ""}`);
    const p = e.target;
    if (e.via === "tunnel") {
      hops.push(this.hop("dns-record", e.fqdn, `Cloudflare DNS: proxied CNAME ${e.fqdn} -> tunnel ${e.tunnel} (<tunnel id>.cfargotunnel.com)`, e.fqdnDecl));
      if (!portOk) return wrongPort();
      const svcUrl = `${p.service}.${p.namespace}.svc.cluster.local:${e.port}`;
      const rule = e.ingressRule !== undefined ? `ingress rule ${e.ingressRule} of ${e.ingressCount}` : "ingress rule";
      if (!e.connector?.running) {
        hops.push(this.hop("tunnel", e.tunnel!, `${rule}: ${e.fqdn} -> http://${svcUrl}; but no connector (${e.connector?.app}) runs on ${p.cluster.name}`, e.clusterDecl));
        return this.fail(hops, UNREACHABLE.noConnector, `tunnel ${e.tunnel} has no connector: ${e.connector?.app} is not enabled on ${p.cluster.name}`);
      }
      hops.push(this.hop("tunnel", e.tunnel!, `${rule}: ${e.fqdn} -> http://${svcUrl} (connector ${e.connector.app} on ${p.cluster.name})`, e.clusterDecl));
      hops.push(this.hop("service", svcUrl, `Service ${p.service} in namespace ${p.namespace} on ${p.cluster.name}, port ${e.port}`, e.portDecl));
      hops.push(this.application(p));
      return this.ok(hops);
    }
    const domain = this.g.model.platform.externalDomain;
    const record = e.covered ? wildcardOf(domain) : e.fqdn;
    hops.push(
      this.hop(
        "dns-record",
        record,
        e.covered ? `Cloudflare DNS: wildcard CNAME ${record} -> the NetBird reverse-proxy cluster (DNS only)` : `Cloudflare DNS: CNAME ${e.fqdn} -> the NetBird reverse-proxy cluster (DNS only)`,
        e.fqdnDecl,
      ),
    );
    if (!portOk) return wrongPort();
    hops.push(this.hop("reverse-proxy", e.fqdn, `NetBird reverse-proxy service ${e.fqdn} -> ${e.internal}:${e.port} (http)`, e.fqdnDecl));
    hops.push(
      this.hop(
        "service",
        `${e.internal}:${e.port}`,
        `NetBird network resource in group ${appGroup(p.app.name)} (network ${p.cluster.name}); Service ${p.service} in namespace ${p.namespace}`,
        e.portDecl,
      ),
    );
    hops.push(this.application(p));
    return this.ok(hops);
  }

  internalName(t: ParsedTarget, p: AppOnCluster, from: string): TraceResult {
    const hops: Hop[] = [this.sourceHop(from)];
    const name = `${p.service}.${p.namespace}.${p.cluster.name}.${this.g.model.platform.internalDomain}`;
    if (OUTSIDE_SOURCES.has(from)) {
      return this.fail(hops, UNREACHABLE.noPolicy, `${from} is not on the NetBird mesh; ${name} is reachable only from mesh peers a policy admits`);
    }
    const policies = this.g.policiesByApp.get(p.app.name) ?? [];
    const admits = (pol: PolicyEntry) => pol.sources.find((s) => s.group !== undefined && (s.source === from || s.source === "all"));
    const admitting = policies.filter((pol) => admits(pol) !== undefined);
    if (admitting.length === 0) {
      const who = policies.length === 0 ? `${p.app.file} has no netbird: block, so nobody may reach it` : `its policies admit ${[...new Set(policies.flatMap((x) => x.sources.map((s) => s.source)))].join(", ")}`;
      return this.fail(hops, UNREACHABLE.noPolicy, `no policy admits ${from} into ${appGroup(p.app.name)}: ${who}`);
    }
    const protoOk = (proto: string) => proto === "all" || (t.protocol === undefined ? t.port === undefined || proto !== "icmp" : proto === t.protocol);
    const portOk = (ports: string[]) => t.port === undefined || ports.length === 0 || ports.includes(String(t.port));
    const match = admitting.find((pol) => protoOk(pol.protocol) && portOk(pol.ports));
    const polHop = (pol: PolicyEntry): Hop => {
      const s = admits(pol)!;
      const what = `${pol.protocol}${pol.ports.length ? `/${pol.ports.join(",")}` : " (every port)"}`;
      return this.hop("policy", pol.name, `NetBird policy ${pol.name}: ${s.source} -> ${appGroup(p.app.name)} ${what}`, s.decl);
    };
    if (!match) {
      hops.push(polHop(admitting[0]!));
      const asked = `${t.protocol ?? "tcp/udp"}${t.port !== undefined ? ` port ${t.port}` : ""}`;
      const allowed = admitting.map((pol) => `${pol.name} ${pol.protocol}${pol.ports.length ? `/${pol.ports.join(",")}` : ""}`).join("; ");
      return this.fail(hops, UNREACHABLE.wrongPort, `asked ${asked}, but the policies that admit ${from} allow only: ${allowed}`);
    }
    hops.push(polHop(match));
    hops.push(
      this.hop(
        "mesh-group",
        appGroup(p.app.name),
        `destination group of ${match.name}; DNS zone ${dnsZoneName(p.cluster.name, this.g.model.platform.internalDomain)} resolves ${name}`,
        match.decl,
      ),
    );
    if (!p.deployed) return this.notDeployed(hops, p);
    const port = t.port ?? (match.ports.length === 1 ? Number(match.ports[0]) : undefined);
    hops.push(
      this.hop(
        "service",
        port !== undefined ? `${name}:${port}` : name,
        `Service ${p.service} in namespace ${p.namespace} on ${p.cluster.name} (NetBird operator network resource)`,
        { file: p.app.file, path: origin(p.app, p.cluster.name, ["namespace"]) },
      ),
    );
    hops.push(this.application(p));
    return this.ok(hops);
  }
}
