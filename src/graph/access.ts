/**
 * The access matrix: who may reach which app over the mesh, with which protocol and ports, on which
 * clusters and at which names. One row per (policy, source), from the mesh provider's policies and
 * the mesh routes. `plan` diffs two revisions' matrices through accessTuples.
 */
import type { DeclarationLocator } from "../diag/declaration.js";
import { compareCodePoints } from "../core/compare-code-points.js";
import type { PlatformIndex } from "../platform/index.js";

export interface AccessRule {
  app: string;
  source: string;
  protocol: string;
  /** Destination ports; empty means every port. */
  ports: string[];
  /** Clusters where the app runs (platform order). */
  clusters: string[];
  /** The app's mesh names, one per cluster where it runs. */
  names: string[];
  /** The policy (app-<name> or app-<name>-<i>). */
  policy: string;
  /** Where the source is written: the app's app.yaml, <mesh>.policy.rules[i].sources[j]. */
  file: string;
  /** 1-based; 0 when the source text is not at hand. */
  line: number;
}

/**
 * Every (policy, source) row, sorted by app, source, protocol, then policy. Sources that name
 * nothing (check reports them, the renderer leaves them out) are left out here too.
 */
export function accessRules(index: PlatformIndex, locator?: DeclarationLocator): AccessRule[] {
  const published = index.meshRoutes().filter((r) => r.published);
  const out: AccessRule[] = [];
  for (const p of index.mesh.policies()) {
    // The names the policy opens, in route order; a cluster once, in the platform's order.
    const opened = index.mesh.opens(p, published);
    const order = index.model.platform.clusters.map((c) => c.name);
    const where = { clusters: order.filter((c) => opened.some((r) => r.cluster === c)), names: opened.map((r) => r.name) };
    const seen = new Set<string>();
    for (const s of p.sources) {
      if (s.principal === undefined || seen.has(s.source)) continue;
      seen.add(s.source);
      out.push({
        app: p.app.name,
        source: s.source,
        protocol: p.protocol,
        ports: [...p.ports],
        clusters: [...where.clusters],
        names: [...where.names],
        policy: p.name,
        file: s.decl.file,
        line: locator?.line(s.decl) ?? 0,
      });
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

/** The rows that admit a source: its own rows and those of every peer (`all`, NetBird's group All). */
export function rulesForSource(index: PlatformIndex, rules: readonly AccessRule[], source: string): AccessRule[] {
  const everyone = index.mesh.everyone();
  return rules.filter((r) => r.source === source || index.mesh.principal(r.source) === everyone);
}
