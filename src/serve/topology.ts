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
import type { RouteNode } from "../platform/routes/route.js";
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
  /** Its steps' ways (the graph's numbers, GraphWays), as the edges' keys. */
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

export function topologyModel(g: PlatformGraph): TopologyModel {
  const { index, ways } = g;
  // Everything below counts over the graph's numbers (graph.ts, GraphWays): at 2,000 apps the graph
  // has ~75,000 steps and routes name ~65,000 more; string keys for them cost more than the rest.
  const { from, to, steps: wayOfStep, at, also } = ways;
  const known = ways.nodes.length;
  // A route's start that no step names (if any) is numbered after the graph's nodes.
  const extra = new Map<string, number>();
  const extraNodes: RouteNode[] = [];
  const num = (n: RouteNode): number => {
    let i = ways.number(n.id) ?? extra.get(n.id);
    if (i === undefined) {
      extra.set(n.id, (i = known + extraNodes.length));
      extraNodes.push(n);
    }
    return i;
  };
  // Routes that publish nothing on the mesh (an app's name on a cluster it does not run on) are
  // trace's dead ends, not topology: at scale they are most of the graph. Public ones stay: a
  // public name pointing at a cluster without the app is worth seeing.
  const shown: number[] = [];
  const routed = new Uint8Array(from.length);
  const dropped = new Uint8Array(from.length);
  ways.routes.forEach((r, i) => {
    const shows = r.published || r.scope !== "mesh";
    if (shows) shown.push(i);
    const into = shows ? routed : dropped;
    for (let k = at[i]!; k < at[i + 1]!; k++) into[wayOfStep[k]!] = 1;
  });
  let kept: number[] = [];
  ways.ofEdge.forEach((w, e) => {
    if (routed[w] === 1 || dropped[w] === 0) kept.push(e);
  });
  // What leads to no route (a source no policy admits, its group) is not a way anywhere: left out.
  const starts = shown.map((i) => num(ways.routes[i]!.start));
  const total = known + extraNodes.length;
  const useful = new Uint8Array(total);
  const queue: number[] = [];
  const use = (i: number): void => {
    if (useful[i] === 0) {
      useful[i] = 1;
      queue.push(i);
    }
  };
  shown.forEach((i, j) => {
    use(starts[j]!);
    for (let k = at[i]!; k < also[i]!; k++) {
      use(from[wayOfStep[k]!]!);
      use(to[wayOfStep[k]!]!);
    }
  });
  // Back along the kept steps from what is useful (the steps into each node, as one compressed list).
  const first = new Int32Array(total + 1);
  for (const e of kept) first[to[ways.ofEdge[e]!]! + 1]!++;
  for (let i = 0; i < total; i++) first[i + 1]! += first[i]!;
  const fill = first.slice(0, total);
  const into = new Int32Array(kept.length);
  for (const e of kept) {
    const w = ways.ofEdge[e]!;
    into[fill[to[w]!]!++] = from[w]!;
  }
  while (queue.length > 0) {
    const i = queue.pop()!;
    for (let k = first[i]!; k < first[i + 1]!; k++) use(into[k]!);
  }
  for (const i of shown) {
    for (let k = also[i]!; k < at[i + 1]!; k++) {
      const w = wayOfStep[k]!;
      if (useful[from[w]!] === 1) useful[to[w]!] = 1; // a tunnel's catch-all rule
    }
  }
  kept = kept.filter((e) => {
    const w = ways.ofEdge[e]!;
    return useful[from[w]!] === 1 && useful[to[w]!] === 1;
  });

  const nodes: TopoNode[] = [];
  const topoOf = new Int32Array(total).fill(-1);
  const nodeOf = (n: number): number => {
    let i = topoOf[n]!;
    if (i === -1) {
      const real = n < known ? ways.nodes[n]! : extraNodes[n - known]!;
      i = nodes.length;
      topoOf[n] = i;
      const t: TopoNode = { id: real.id, kind: real.kind, name: real.name, detail: real.detail, col: 0, band: PLATFORM_BAND };
      if (real.blocked) t.blocked = real.blocked.explanation;
      nodes.push(t);
    }
    return i;
  };
  // The internet is drawn even on a platform that publishes nothing yet.
  const internet = ways.number(nodeId.internet());
  if (internet !== undefined) nodeOf(internet);
  const edges = kept.map((e) => {
    const s = g.edges[e]!;
    const w = ways.ofEdge[e]!;
    return { from: nodeOf(from[w]!), to: nodeOf(to[w]!), kind: s.kind, key: w, decl: s.decl };
  });
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
  shown.forEach((ri, j) => {
    const r = ways.routes[ri]!;
    const app = index.model.appByName.get(r.app);
    const cluster = index.model.platform.clusterByName.get(r.cluster);
    const place: Place = { cluster: r.cluster, ns: app && cluster ? index.placement(app, cluster).namespace : "" };
    const ids: number[] = [];
    const add = (n: number): void => {
      const i = nodeOf(n);
      meet(where[i]!, place);
      if (!ids.includes(i)) ids.push(i);
    };
    add(starts[j]!);
    const steps = wayOfStep.slice(at[ri]!, also[ri]!);
    for (const w of steps) {
      add(from[w]!);
      add(to[w]!);
    }
    const t = topoRoutes.length;
    topoRoutes.push({ key: r.key, name: r.name, scope: r.scope, via: r.via, app: r.app, cluster: r.cluster, target: r.target, nodes: ids, steps });
    for (const i of ids) {
      const list = routesOf.get(i);
      if (list) list.push(t);
      else routesOf.set(i, [t]);
    }
  });
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
  // Each cluster's band and its namespaces' by name, so that placing a node builds no band id.
  const platform = bands.get(PLATFORM_BAND)!;
  const tops = new Map<string, TopoBand>();
  for (const c of index.model.platform.clusters) tops.set(c.name, bands.get(clusterBand(c.name))!);
  const namespaces = new Map<TopoBand, Map<string, TopoBand>>();
  nodes.forEach((n, i) => {
    const { cluster, ns } = where[i]!;
    let b: TopoBand;
    // The first column (the internet, the LAN, mesh sources) is everyone's.
    if (n.col === 0 || cluster === undefined) b = platform;
    else {
      const top = (cluster !== null && tops.get(cluster)) || platform;
      if (typeof ns === "string" && ns !== "") {
        let byNs = namespaces.get(top);
        if (!byNs) namespaces.set(top, (byNs = new Map()));
        let nb = byNs.get(ns);
        if (!nb) byNs.set(ns, (nb = band(nsBand(top.id, ns), ns, "namespace", top.id)));
        b = nb;
      } else b = top;
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
  // Only a node's own request looks nodes up by id: the map is made then, not after every change.
  let byId: Map<string, number> | undefined;
  return {
    columns,
    nodes,
    get byId(): Map<string, number> {
      return (byId ??= new Map(nodes.map((n, i) => [n.id, i])));
    },
    edges,
    bands,
    order,
    routes: topoRoutes,
    routesOf,
  };
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
  // A split key is one string however many nodes have it (thousands of groups): the maps below then compare it by identity.
  const split = new Map<string, string>();
  const keyOf: (string | undefined)[] = nodes.map((n, i) => {
    if (!cyclic.has(n.kind)) return n.kind;
    if (inc[i]!.length === 0) return undefined;
    const k = `${n.kind}<${[...new Set(inc[i]!.map((e) => edges[e]!.kind))].sort().join(",")}`;
    const known = split.get(k);
    if (known !== undefined) return known;
    split.set(k, k);
    return k;
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
