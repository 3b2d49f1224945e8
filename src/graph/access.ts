/**
 * The access matrix: who may reach which app over the NetBird mesh, with which protocol and ports,
 * on which clusters and at which internal names. One row per (policy rule, source), read from the
 * platform graph. `plan` diffs two revisions' matrices through accessTuples.
 */
import type { SourceText } from "../diag/locate.js";
import { compareCodePoints } from "../core/compare-code-points.js";
import type { Model } from "../model/types.js";
import { buildGraph, lineOf, type PlatformGraph } from "./graph.js";

export interface AccessRule {
  app: string;
  source: string;
  protocol: string;
  /** Destination ports; empty means every port. */
  ports: string[];
  /** Clusters where the app runs (platform order). */
  clusters: string[];
  /** The app's internal names <service>.<namespace>.<cluster>.<internal domain>, one per cluster. */
  names: string[];
  /** The NetBird policy (app-<name> or app-<name>-<i>). */
  policy: string;
  /** Where the source is written: the app's app.yaml, netbird.policy.rules[i].sources[j]. */
  file: string;
  /** 1-based; 0 when the source text is not at hand. */
  line: number;
}

function isGraph(x: PlatformGraph | Model): x is PlatformGraph {
  return (x as PlatformGraph).policiesByApp !== undefined;
}

/**
 * Every (rule, source) row, sorted by app, source, protocol, then policy. Sources that name
 * nothing (check reports them, the renderer leaves them out) are left out here too.
 */
export function accessRules(graphOrModel: PlatformGraph | Model, sources?: ReadonlyMap<string, SourceText>): AccessRule[] {
  const g = isGraph(graphOrModel) ? graphOrModel : buildGraph(graphOrModel, sources);
  const domain = g.model.platform.internalDomain;
  const out: AccessRule[] = [];
  for (const [app, policies] of g.policiesByApp) {
    const placed = g.placements.get(app) ?? [];
    const clusters = placed.map((p) => p.cluster.name);
    const names = placed.map((p) => `${p.service}.${p.namespace}.${p.cluster.name}.${domain}`);
    for (const p of policies) {
      const seen = new Set<string>();
      for (const s of p.sources) {
        if (s.group === undefined || seen.has(s.source)) continue;
        seen.add(s.source);
        out.push({
          app,
          source: s.source,
          protocol: p.protocol,
          ports: [...p.ports],
          clusters: [...clusters],
          names: [...names],
          policy: p.name,
          file: s.decl.file,
          line: lineOf(g, s.decl) ?? 0,
        });
      }
    }
  }
  return out.sort(
    (a, b) =>
      compareCodePoints(a.app, b.app) || compareCodePoints(a.source, b.source) || compareCodePoints(a.protocol, b.protocol) || compareCodePoints(a.policy, b.policy),
  );
}

/**
 * Every (source, app, protocol, port) the rules admit, as stable keys `source app protocol/port`
 * (port `*` for a rule without ports), sorted and without repeats. Two revisions' sets diff cleanly.
 */
export function accessTuples(rules: readonly AccessRule[]): string[] {
  const set = new Set<string>();
  for (const r of rules) {
    const ports = r.ports.length > 0 ? r.ports : ["*"];
    for (const port of ports) set.add(`${r.source} ${r.app} ${r.protocol}/${port}`);
  }
  return [...set].sort(compareCodePoints);
}

/** The rows that admit a source: its own rows and those for `all` (every mesh peer). */
export function rulesForSource(rules: readonly AccessRule[], source: string): AccessRule[] {
  return rules.filter((r) => r.source === source || r.source === "all");
}
