/**
 * trace: the path of a request, hop by hop, found by walking the platform graph the way the engines
 * route it. At a node whose engine picks one rule (a DNS lookup, cloudflared's ingress, the reverse
 * proxy) the walk takes the first step, in the engine's order, that admits the request; at a mesh
 * node it takes any step that leads to the name (one admitting policy is enough). Each hop names
 * what makes it and the file:line that declares it.
 *
 * A walk that stops says why (UNREACHABLE): the engine's answer at the node where it stopped.
 */
import { closest } from "../diag/suggest.js";
import { hostKey, hostMatches } from "../platform/hostnames.js";
import { nodeId } from "../platform/routes/nodes.js";
import type { Hop as RouteHop, Match, RouteNode, Step } from "../platform/routes/route.js";
import { lineOf, meshLabel, OUTSIDE_SOURCES, outsideNode, type PlatformGraph } from "./graph.js";

export { OUTSIDE_SOURCES };

export const UNREACHABLE = {
  noPolicy: "no policy for that source",
  wrongPort: "wrong port or protocol",
  notDeployed: "app not deployed on that cluster",
  noConnector: "no tunnel connector",
  noRoute: "no route for that name",
  lanOnly: "served on the LAN only",
  dropped: "dropped by the firewall",
  edgeLocal: "the edge's own port, not forwarded",
  unknownName: "unknown name",
} as const;
export type UnreachableReason = (typeof UNREACHABLE)[keyof typeof UNREACHABLE];

/** A hop as `trace` reports it (DESIGN.md's JSON shape). */
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
    const t: ParsedTarget = { host: hostKey(u.hostname), scheme };
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
    return { host: hostKey(m[1]!), port };
  }
  return { host: hostKey(hostPort) };
}

/** undefined when SOURCE is valid; else why not, with a suggestion. */
export function sourceProblem(g: PlatformGraph, source: string): string | undefined {
  const { mesh, model } = g.index;
  if (OUTSIDE_SOURCES.has(source) || mesh.keywords().includes(source)) return undefined;
  const ref = mesh.parseSource(source);
  // A principal written as the mesh names it (Tailscale: group:x@y, tag:x): a source when the policy names it.
  if (ref.kind === "identifier" && g.nodes.has(nodeId.source(source))) return undefined;
  if (ref.kind === "app") {
    if (model.appByName.has(ref.app)) return undefined;
    const s = closest(ref.app, model.appByName.keys());
    return `--from ${source}: there is no app ${ref.app}${s ? `; did you mean app:${s}?` : ""}`;
  }
  const known = [...OUTSIDE_SOURCES, ...mesh.keywords()];
  const s = closest(source, known) ?? known.find((k) => k.startsWith(source) || source.startsWith(k));
  return `--from ${source} is not a source${s ? `; did you mean ${s}?` : ""} (sources: ${known.join(", ")}, app:<name>${mesh.id === "tailscale" ? ", or an identifier the tailnet policy names" : ""})`;
}

/** The request as the walk sees it: a public request says its scheme and port (HTTPS on 443 unless told). */
interface Request {
  host: string;
  scheme?: string;
  port?: number;
  protocol?: "tcp" | "udp";
}

type Miss = "host" | "port";

/** Why a step does not admit the request, if it does not. */
function miss(m: Match | undefined, req: Request): Miss | undefined {
  if (!m) return undefined;
  if (m.hosts && !m.hosts.some((h) => hostMatches(h, req.host))) return "host";
  if (m.schemes && req.scheme !== undefined && !m.schemes.includes(req.scheme)) return "port";
  if (m.ports && req.port !== undefined && !m.ports.includes(req.port)) return "port";
  if (m.protocol !== undefined) {
    const p = m.protocol;
    const ok = p === "all" || (req.protocol === undefined ? req.port === undefined || p !== "icmp" : p === req.protocol);
    if (!ok) return "port";
  }
  if (m.meshPorts && req.port !== undefined && m.meshPorts.length > 0 && !m.meshPorts.includes(String(req.port))) return "port";
  return undefined;
}

const hostOk = (s: Step, req: Request): boolean => !s.match?.hosts || s.match.hosts.some((h) => hostMatches(h, req.host));

/** Where a walk ends. */
type End = { ok: true; path: Step[] } | Fail;
type Fail =
  | { ok: false; kind: "blocked"; at: RouteNode; path: Step[] }
  | { ok: false; kind: "port"; at: RouteNode; path: Step[]; missed: Step[] }
  | { ok: false; kind: "host"; at: RouteNode; path: Step[] };

/** Of two ways a walk fails, the one that came closer: a dead end beats a closed port beats no way at all. */
const SEVERITY = { host: 0, port: 1, blocked: 2 } as const;

class Walker {
  /** Nodes from which the host can be reached at all (a step of every node on the way admits it). */
  private readonly reach = new Map<string, boolean>();

  constructor(
    private readonly g: PlatformGraph,
    private readonly req: Request,
  ) {}

  private canReach(id: string): boolean {
    const known = this.reach.get(id);
    if (known !== undefined) return known;
    this.reach.set(id, false); // no cycles in a route graph, but never loop if one appears
    const n = this.g.nodes.get(id);
    let r = n?.terminal === true || n?.blocked !== undefined;
    if (!r) for (const s of this.g.out.get(id) ?? []) if (hostOk(s, this.req) && this.canReach(s.to.id)) r = true;
    this.reach.set(id, r);
    return r;
  }

  walk(node: RouteNode, path: Step[]): End {
    const n = this.g.nodes.get(node.id) ?? node;
    if (n.blocked) return { ok: false, kind: "blocked", at: n, path };
    if (n.terminal) return { ok: true, path };
    const steps = this.g.out.get(n.id) ?? [];
    if ((n.choice ?? "first") === "first") {
      let portMiss: Step | undefined;
      for (const s of steps) {
        const m = miss(s.match, this.req);
        if (m === undefined) return this.walk(s.to, [...path, s]);
        if (m === "port") portMiss ??= s;
      }
      return portMiss ? { ok: false, kind: "port", at: n, path, missed: [portMiss] } : { ok: false, kind: "host", at: n, path };
    }
    // Any step that leads to the name will do; the ways that fail are kept to say why none did.
    let best: Fail | undefined;
    const missed: Step[] = [];
    let missedPath: Step[] | undefined;
    for (const s of steps) {
      if (!hostOk(s, this.req) || !this.canReach(s.to.id)) continue;
      if (miss(s.match, this.req) === "port") {
        missed.push(s);
        missedPath ??= path;
        continue;
      }
      const r = this.walk(s.to, [...path, s]);
      if (r.ok) return r;
      if (r.kind === "port") {
        missed.push(...r.missed);
        missedPath ??= r.path;
      } else if (!best || SEVERITY[r.kind] > SEVERITY[best.kind]) best = r;
    }
    if (best?.kind === "blocked") return best;
    if (missedPath) return { ok: false, kind: "port", at: n, path: missedPath, missed };
    return best ?? { ok: false, kind: "host", at: n, path };
  }
}

export function trace(g: PlatformGraph, target: string, from?: string): TraceResult {
  const t = parseTarget(target);
  if (from !== undefined) {
    const problem = sourceProblem(g, from);
    if (problem) throw new TraceInputError(problem);
  }
  const report = new Reporter(g, target);
  // A client on the LAN starts at its resolver, any other at the internet's DNS.
  const client = g.nodes.get(from === "lan" ? "lan" : nodeId.internet())!;
  const answers = (n: RouteNode): boolean => (g.out.get(n.id) ?? []).some((s) => (s.match?.hosts !== undefined && hostOk(s, { host: t.host })) || (s.silent === true && answers(s.to)));
  if (answers(client)) {
    const scheme = t.scheme ?? (t.port === 80 ? "http" : "https");
    const port = t.port ?? DEFAULT_PORTS[scheme] ?? 443;
    const req: Request = { host: t.host, scheme, port };
    if (t.protocol !== undefined) req.protocol = t.protocol;
    const end = new Walker(g, req).walk(client, []);
    const where = client.kind === "lan" ? "on the LAN" : "on the internet";
    // host:port without a scheme on a port that is no web port is a connection, not an HTTPS request.
    const asked = t.scheme === undefined && port !== 80 && port !== 443 ? `connects to ${t.host} on tcp port ${port}` : `asks for ${scheme}://${t.host}${port === DEFAULT_PORTS[scheme] ? "" : `:${port}`}`;
    const first = report.hop({ kind: "client", name: client.name, detail: `a client ${where} ${asked}` });
    return report.result(end, [first], req, t, from);
  }
  const mesh = g.routesByName.get(t.host)?.filter((r) => r.scope === "mesh") ?? [];
  if (mesh.length > 0) {
    if (from === undefined) throw new TraceInputError(`${t.host} is an internal name: say who connects with --from SOURCE (e.g. team-infra-plat, owners, all, app:<name>)`);
    const start = OUTSIDE_SOURCES.has(from) ? outsideNode(from, meshLabel(g.index)) : g.index.mesh.sourceNode(from);
    const req: Request = { host: t.host };
    if (t.port !== undefined) req.port = t.port;
    if (t.protocol !== undefined) req.protocol = t.protocol;
    const end = new Walker(g, req).walk(start, []);
    return report.result(end, [report.hop({ kind: "source", name: from, detail: start.detail })], req, t, from);
  }
  const names = [...g.routesByName.keys()];
  const s = closest(t.host, names);
  const hops = from !== undefined ? [report.hop({ kind: "source", name: from, detail: (OUTSIDE_SOURCES.has(from) ? outsideNode(from, meshLabel(g.index)) : g.index.mesh.sourceNode(from)).detail })] : [];
  return report.fail(hops, UNREACHABLE.unknownName, `no public hostname or internal name ${t.host} is declared${s ? `; did you mean ${s}?` : ""}`);
}

/** Turns a walk into the answer: hops with their lines, and the reason in the engine's terms. */
class Reporter {
  constructor(
    private readonly g: PlatformGraph,
    private readonly target: string,
  ) {}

  hop(h: RouteHop, port?: number): Hop {
    const out: Hop = { kind: h.kind, name: h.withPort && port !== undefined ? `${h.name}:${port}` : h.name, detail: h.detail };
    if (h.decl) {
      out.file = this.g.locator.file(h.decl);
      const line = lineOf(this.g, h.decl);
      if (line !== undefined) out.line = line;
    }
    return out;
  }

  fail(hops: Hop[], reason: UnreachableReason, explanation: string): TraceResult {
    return { target: this.target, verdict: "unreachable", reason, explanation, hops };
  }

  result(end: End, first: Hop[], req: Request, t: ParsedTarget, from: string | undefined): TraceResult {
    // The port a mesh name is reached on: the one asked, else the only one the admitting policy opens.
    const policyPorts = end.path.find((s) => s.kind === "grants")?.match?.meshPorts;
    const port = req.port ?? (policyPorts?.length === 1 ? Number(policyPorts[0]) : undefined);
    const hops = [...first, ...end.path.flatMap((s) => (s.silent ? [] : s.hops.map((h) => this.hop(h, port))))];
    if (end.ok) return { target: this.target, verdict: "reachable", hops };
    if (end.kind === "blocked") {
      const b = end.at.blocked!;
      const reason = { "not-deployed": UNREACHABLE.notDeployed, "no-connector": UNREACHABLE.noConnector, "no-route": UNREACHABLE.noRoute, "lan-only": UNREACHABLE.lanOnly, dropped: UNREACHABLE.dropped, "edge-local": UNREACHABLE.edgeLocal }[b.block];
      return this.fail(hops, reason, b.explanation);
    }
    if (end.kind === "port") return this.fail(hops, UNREACHABLE.wrongPort, this.wrongPort(end.missed, req, t, from));
    if (end.at.kind === "internet" || end.at.kind === "lan") return this.fail([], UNREACHABLE.unknownName, `no public hostname ${req.host} is declared`);
    // An address reaches a gateway (through an edge) that routes names, not addresses.
    if (end.at.kind === "gateway") return this.fail(hops, UNREACHABLE.noRoute, `gateway ${end.at.name} routes by hostname, and none of its routes is for ${req.host}`);
    return this.fail(hops, UNREACHABLE.noPolicy, this.noPolicy(req.host, from ?? ""));
  }

  private wrongPort(missed: Step[], req: Request, t: ParsedTarget, from: string | undefined): string {
    const grants = missed.filter((s) => s.kind === "grants");
    if (grants.length === 0) {
      const ports = missed[0]?.match?.ports?.join(" and ") ?? "";
      return `${req.host} is published for HTTP(S) on ports ${ports} only; asked ${req.scheme}${t.port !== undefined ? ` port ${req.port}` : ""}`;
    }
    const asked = `${t.protocol ?? "tcp/udp"}${t.port !== undefined ? ` port ${t.port}` : ""}`;
    const allowed = grants.map((s) => `${s.from.name} ${s.match!.protocol}${s.match!.meshPorts?.length ? `/${s.match!.meshPorts.join(",")}` : ""}`).join("; ");
    return `asked ${asked}, but the policies that admit ${from} allow only: ${allowed}`;
  }

  private noPolicy(host: string, from: string): string {
    const { mesh, model } = this.g.index;
    const route = this.g.routesByName.get(host)?.find((r) => r.scope === "mesh");
    if (OUTSIDE_SOURCES.has(from)) return `${from} is not on the ${mesh.label} mesh; ${route?.name ?? host} is reachable only from mesh peers a policy admits`;
    if (!route) return `nothing admits ${from} to ${host}`;
    // The policies that open the name: its app's, or another app's whose group the name is in (a chart's NetworkResource may join it).
    const opening = mesh.policies().filter((p) => mesh.opens(p, [route]).length > 0);
    const policies = opening.length > 0 ? opening : mesh.policiesOf(route.app);
    const dest = route.start.name;
    const file = model.appByName.get(route.app)?.file ?? "";
    const who =
      policies.length === 0
        ? `${file} has no ${mesh.block}: block, so nobody may reach it`
        : `its policies admit ${[...new Set(policies.flatMap((p) => p.sources.map((s) => s.source)))].join(", ")}`;
    return `no policy admits ${from} into ${dest}: ${who}`;
  }
}
