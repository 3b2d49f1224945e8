/**
 * The topology page's model: the platform graph (src/graph) laid out in columns and bands, pure.
 *
 * Columns come from the graph itself, not from a list of kinds: a node kind's column is its longest
 * distance from a root in the graph of kinds (sources, then DNS, tunnels and proxies, gateways,
 * Services, Applications), so a kind a new route module adds (a gateway, a load balancer, a VPS
 * edge) finds its place between the kinds it connects. A kind that meets itself through others
 * (a NetBird group is a policy's source and its destination) is split by the steps that enter it.
 *
 * Bands group nodes by where they live: a node every route of which is on one cluster belongs to
 * that cluster, and to a namespace when all of them are in one; the rest (sources, shared DNS,
 * the mesh's groups and policies) belongs to the platform, again by namespace when it can. At
 * 2,000 apps that is tens of thousands of nodes: the page shows a *view* (topologyView) where
 * closed bands are one box per column and edges are counted between what is shown.
 */
import { OUTSIDE_SOURCES, type Declaration, type PlatformGraph } from "../graph/graph.js";
import { nodeId } from "../platform/routes/nodes.js";
import type { RouteNode, Step } from "../platform/routes/route.js";
import { compareCodePoints } from "../core/compare-code-points.js";

export interface TopoNode {
  id: string;
  kind: string;
  name: string;
  detail: string;
  col: number;
  band: string;
  blocked?: string;
}

export interface TopoBand {
  id: string;
  label: string;
  kind: "platform" | "cluster" | "namespace";
  parent?: string;
  children: string[];
  nodes: number[];
  /** Nodes in the band and below it. */
  total: number;
}

export interface TopoRoute {
  key: string;
  name: string;
  scope: string;
  via: string;
  app: string;
  cluster: string;
  target: string;
  /** Indexes into the model's nodes, in the route's order. */
  nodes: number[];
  /** Edge keys of its steps. */
  steps: number[];
}

export interface TopologyModel {
  columns: { index: number; kinds: string[] }[];
  nodes: TopoNode[];
  byId: Map<string, number>;
  edges: { from: number; to: number; kind: string; key: number; decl: Declaration }[];
  bands: Map<string, TopoBand>;
  /** Bands in display order (parents before their children). */
  order: string[];
  routes: TopoRoute[];
  routesOf: Map<number, number[]>;
}

export const PLATFORM_BAND = "platform";
const clusterBand = (c: string): string => `cluster:${c}`;
const nsBand = (parent: string, ns: string): string => `${parent}/ns:${ns}`;
/**
 * Steps as numbers (the graph's node ids interned): at 2,000 apps the graph has ~75,000 steps and
 * routes name ~120,000 more; string keys for them cost more than everything else here.
 */
function stepKeys(g: PlatformGraph): (s: Step) => number {
  const num = new Map<string, number>();
  for (const id of g.nodes.keys()) num.set(id, num.size);
  const kinds = new Map<string, number>();
  const n = (id: string): number => {
    let i = num.get(id);
    if (i === undefined) num.set(id, (i = num.size));
    return i;
  };
  return (s) => {
    let k = kinds.get(s.kind);
    if (k === undefined) kinds.set(s.kind, (k = kinds.size));
    return (n(s.from.id) * 2 ** 20 + n(s.to.id)) * 64 + k;
  };
}

export function topologyModel(g: PlatformGraph): TopologyModel {
  const { index } = g;
  const edgeKey = stepKeys(g);
  // Routes that publish nothing on the mesh (an app's name on a cluster it does not run on) are
  // trace's dead ends, not topology: at scale they are most of the graph. Public ones stay: a
  // public name pointing at a cluster without the app is worth seeing.
  const all = [...g.routesByName.values()].flat();
  const routes = all.filter((r) => r.published || r.scope !== "mesh");
  const routed = new Set<number>();
  const dropped = new Set<number>();
  for (const r of all) {
    const into = r.published || r.scope !== "mesh" ? routed : dropped;
    for (const s of r.steps) into.add(edgeKey(s));
    for (const s of r.also ?? []) into.add(edgeKey(s));
  }
  let kept = g.edges.filter((s) => {
    const k = edgeKey(s);
    return routed.has(k) || !dropped.has(k);
  });
  // What leads to no route (a source no policy admits, its group) is not a way anywhere: left out.
  const useful = new Set<string>();
  for (const r of routes) {
    useful.add(r.start.id);
    for (const s of r.steps) useful.add(s.from.id).add(s.to.id);
  }
  const into = new Map<string, string[]>();
  for (const s of kept) {
    const list = into.get(s.to.id);
    if (list) list.push(s.from.id);
    else into.set(s.to.id, [s.from.id]);
  }
  const queue = [...useful];
  while (queue.length > 0) for (const f of into.get(queue.pop()!) ?? []) if (!useful.has(f)) queue.push((useful.add(f), f));
  for (const r of routes) for (const s of r.also ?? []) if (useful.has(s.from.id)) useful.add(s.to.id); // a tunnel's catch-all rule
  kept = kept.filter((s) => useful.has(s.from.id) && useful.has(s.to.id));

  const nodes: TopoNode[] = [];
  const byId = new Map<string, number>();
  const nodeOf = (n: RouteNode): number => {
    let i = byId.get(n.id);
    if (i === undefined) {
      const real = g.nodes.get(n.id) ?? n;
      i = nodes.length;
      byId.set(n.id, i);
      const t: TopoNode = { id: real.id, kind: real.kind, name: real.name, detail: real.detail, col: 0, band: PLATFORM_BAND };
      if (real.blocked) t.blocked = real.blocked.explanation;
      nodes.push(t);
    }
    return i;
  };
  // The internet is drawn even on a platform that publishes nothing yet.
  const internet = g.nodes.get(nodeId.internet());
  if (internet) nodeOf(internet);
  const edges = kept.map((s) => ({ from: nodeOf(s.from), to: nodeOf(s.to), kind: s.kind, key: edgeKey(s), decl: s.decl }));
  const out: number[][] = nodes.map(() => []);
  const inc: number[][] = nodes.map(() => []);
  edges.forEach((e, i) => {
    out[e.from]!.push(i);
    inc[e.to]!.push(i);
  });

  const columns = layColumns(nodes, edges, inc, out);

  // Where each node lives: the cluster and the namespace all routes through it share (null: they
  // differ; undefined: no route passes it).
  const where = nodes.map((): Place => ({}));
  const topoRoutes: TopoRoute[] = [];
  const routesOf = new Map<number, number[]>();
  for (const r of routes) {
    const app = index.model.appByName.get(r.app);
    const cluster = index.model.platform.clusterByName.get(r.cluster);
    const place: Place = { cluster: r.cluster, ns: app && cluster ? index.placement(app, cluster).namespace : "" };
    const ids: number[] = [];
    const add = (n: RouteNode): void => {
      const i = nodeOf(n);
      meet(where[i]!, place);
      if (!ids.includes(i)) ids.push(i);
    };
    add(r.start);
    for (const s of r.steps) {
      add(s.from);
      add(s.to);
    }
    const ri = topoRoutes.length;
    topoRoutes.push({ key: r.key, name: r.name, scope: r.scope, via: r.via, app: r.app, cluster: r.cluster, target: r.target, nodes: ids, steps: r.steps.map(edgeKey) });
    for (const i of ids) {
      const list = routesOf.get(i);
      if (list) list.push(ri);
      else routesOf.set(i, [ri]);
    }
  }
  // A node no route passes (a policy, a source's group) lives where what it leads to lives.
  const done = new Uint8Array(nodes.length);
  const inherit = (i: number): Place => {
    if (done[i] === 1) return where[i]!;
    done[i] = 1;
    if (where[i]!.cluster === undefined && inc[i]!.length > 0) for (const e of out[i]!) meet(where[i]!, inherit(edges[e]!.to));
    return where[i]!;
  };
  for (let i = 0; i < nodes.length; i++) inherit(i);
  // A dead end no route takes (a tunnel's catch-all) lives where what leads to it lives.
  nodes.forEach((_n, i) => {
    if (where[i]!.cluster === undefined) for (const e of inc[i]!) meet(where[i]!, where[edges[e]!.from]!);
  });

  const bands = new Map<string, TopoBand>();
  const band = (id: string, label: string, kind: TopoBand["kind"], parent?: string): TopoBand => {
    let b = bands.get(id);
    if (!b) {
      b = { id, label, kind, children: [], nodes: [], total: 0 };
      if (parent !== undefined) {
        b.parent = parent;
        bands.get(parent)!.children.push(id);
      }
      bands.set(id, b);
    }
    return b;
  };
  band(PLATFORM_BAND, "platform", "platform");
  for (const c of index.model.platform.clusters) band(clusterBand(c.name), c.name, "cluster");
  nodes.forEach((n, i) => {
    const { cluster, ns } = where[i]!;
    let b: TopoBand;
    // The first column (the internet, the LAN, mesh sources) is everyone's.
    if (n.col === 0 || cluster === undefined) b = bands.get(PLATFORM_BAND)!;
    else {
      const top = (cluster !== null && bands.get(clusterBand(cluster))) || bands.get(PLATFORM_BAND)!;
      b = typeof ns === "string" && ns !== "" ? band(nsBand(top.id, ns), ns, "namespace", top.id) : top;
    }
    n.band = b.id;
    b.nodes.push(i);
  });
  for (const b of bands.values()) {
    b.children.sort((x, y) => compareCodePoints(bands.get(x)!.label, bands.get(y)!.label));
    b.nodes.sort((x, y) => nodes[x]!.col - nodes[y]!.col || compareCodePoints(nodes[x]!.name, nodes[y]!.name) || compareCodePoints(nodes[x]!.id, nodes[y]!.id));
  }
  const order: string[] = [];
  const visit = (id: string): number => {
    const b = bands.get(id)!;
    order.push(id);
    b.total = b.nodes.length;
    for (const c of b.children) b.total += visit(c);
    return b.total;
  };
  visit(PLATFORM_BAND);
  for (const c of index.model.platform.clusters) visit(clusterBand(c.name));
  return { columns, nodes, byId, edges, bands, order, routes: topoRoutes, routesOf };
}

/** The cluster and namespace of what passes a node: a name when all agree, null when they differ. */
interface Place {
  cluster?: string | null;
  ns?: string | null;
}

function meet(into: Place, p: Place): void {
  if (p.cluster === undefined) return;
  into.cluster = into.cluster === undefined ? p.cluster : into.cluster === p.cluster ? into.cluster : null;
  into.ns = into.ns === undefined ? p.ns : into.ns === p.ns ? into.ns : null;
}

/**
 * Each node's column (set on the nodes), and the kinds of each column. Keys start as node kinds;
 * kinds on a cycle of the kind graph are split by the steps that enter them; then a key's column
 * is its longest path from a root, back edges of any cycle left ignored.
 */
function layColumns(nodes: TopoNode[], edges: { from: number; to: number; kind: string }[], inc: number[][], out: number[][]): { index: number; kinds: string[] }[] {
  const cyclic = onCycles(nodes.map((n) => n.kind), edges);
  // A split kind's node that nothing enters (a group no policy grants) is placed afterwards.
  const keyOf: (string | undefined)[] = nodes.map((n, i) => {
    if (!cyclic.has(n.kind)) return n.kind;
    if (inc[i]!.length === 0) return undefined;
    return `${n.kind}<${[...new Set(inc[i]!.map((e) => edges[e]!.kind))].sort().join(",")}`;
  });
  const next = new Map<string, Set<string>>();
  for (const k of keyOf) if (k !== undefined && !next.has(k)) next.set(k, new Set());
  for (const e of edges) {
    // Clients stand side by side: a LAN client reaching the internet's names does not put the internet after the LAN.
    if (OUTSIDE_SOURCES.has(nodes[e.from]!.kind) && OUTSIDE_SOURCES.has(nodes[e.to]!.kind)) continue;
    const a = keyOf[e.from];
    const b = keyOf[e.to];
    if (a !== undefined && b !== undefined && a !== b) next.get(a)!.add(b);
  }
  // Longest path from the roots: a DFS that ignores edges back into the current path.
  const depth = new Map<string, number>();
  const keys = [...next.keys()].sort();
  const hasIn = new Set<string>();
  for (const s of next.values()) for (const k of s) hasIn.add(k);
  const onPath = new Set<string>();
  const relax = (k: string, d: number): void => {
    if ((depth.get(k) ?? -1) >= d || onPath.has(k)) return;
    depth.set(k, d);
    onPath.add(k);
    for (const n of [...next.get(k)!].sort()) relax(n, d + 1);
    onPath.delete(k);
  };
  for (const k of keys) if (!hasIn.has(k)) relax(k, 0);
  for (const k of keys) if (!depth.has(k)) relax(k, 0); // a cycle with no way in
  // The unentered node of a split kind: the deepest key of its kind that leads where it leads.
  nodes.forEach((n, i) => {
    if (keyOf[i] !== undefined) return;
    const succ = out[i]!.map((e) => keyOf[edges[e]!.to]).filter((k): k is string => k !== undefined);
    const same = keys.filter((k) => k.startsWith(`${n.kind}<`)).sort((a, b) => depth.get(b)! - depth.get(a)!);
    const fit = same.find((k) => succ.every((x) => next.get(k)!.has(x))) ?? same[0];
    if (fit !== undefined) keyOf[i] = fit;
    else {
      keyOf[i] = `${n.kind}<>`;
      depth.set(keyOf[i]!, 0);
    }
  });
  // Columns are numbered without gaps.
  const used = [...new Set(depth.values())].sort((a, b) => a - b);
  const colOf = new Map(used.map((d, i) => [d, i]));
  const kinds: string[][] = used.map(() => []);
  nodes.forEach((n, i) => {
    n.col = colOf.get(depth.get(keyOf[i]!)!)!;
    if (!kinds[n.col]!.includes(n.kind)) kinds[n.col]!.push(n.kind);
  });
  return kinds.map((k, index) => ({ index, kinds: k }));
}

/** Kinds that reach themselves through other kinds in the kind graph. */
function onCycles(keyOf: string[], edges: { from: number; to: number }[]): Set<string> {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = keyOf[e.from]!;
    const b = keyOf[e.to]!;
    if (a === b) continue;
    let s = next.get(a);
    if (!s) next.set(a, (s = new Set()));
    s.add(b);
  }
  const out = new Set<string>();
  for (const start of next.keys()) {
    const seen = new Set<string>();
    const stack = [...next.get(start)!];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (k === start) {
        out.add(start);
        break;
      }
      if (seen.has(k)) continue;
      seen.add(k);
      for (const n of next.get(k) ?? []) stack.push(n);
    }
  }
  return out;
}
