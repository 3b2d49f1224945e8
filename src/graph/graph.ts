/**
 * One graph of the platform: the union of every route's steps (public names, mesh names) and the
 * mesh provider's steps (sources, policies, destinations). Nodes two routes share (a tunnel, a
 * wildcard DNS record, an Application) are one node; each node's steps are kept in the order its
 * engine tries them. `trace` walks this graph; `access`, `plan` and the dashboard read it.
 */
import { DeclarationLocator, type Declaration } from "../diag/declaration.js";
import type { SourceText } from "../diag/locate.js";
import type { PlatformIndex } from "../platform/index.js";
import { lanNode } from "../platform/routes/lan.js";
import { internetNode, nodeId } from "../platform/routes/nodes.js";
import { compareRank, type Route, type RouteNode, type Step } from "../platform/routes/route.js";

export type { Declaration };

export interface PlatformGraph {
  index: PlatformIndex;
  nodes: Map<string, RouteNode>;
  /** Every step once. */
  edges: Step[];
  /** The steps that leave each node, in the order its engine tries them. */
  out: Map<string, Step[]>;
  /** Public and mesh routes by name key (normally one each). */
  routesByName: Map<string, Route[]>;
  locator: DeclarationLocator;
  /** The nodes and the ways between them as numbers, for what counts over the whole graph (the topology). */
  ways: GraphWays;
}

/**
 * The graph numbered: at 2,000 apps it has ~60,000 nodes and ~75,000 steps, and the topology,
 * which filters and walks all of them, spent more on hashing their string ids than on the rest.
 * A way is what the topology tells steps apart by: (from, to, kind).
 */
export interface GraphWays {
  /** The graph's nodes, numbered in the order `nodes` holds them. */
  readonly nodes: readonly RouteNode[];
  /** A node id's number; undefined for an id the graph does not hold. */
  number(id: string): number | undefined;
  /** Each way's ends, by number. */
  readonly from: readonly number[];
  readonly to: readonly number[];
  /** The way of each of the graph's `edges`, at the same place. */
  readonly ofEdge: readonly number[];
  /** Every route, in the order of `routesByName` (by name, names in the order first met). */
  readonly routes: readonly Route[];
  /**
   * The ways of the i-th route's steps are `steps[at[i]]` up to `steps[also[i]]`, those of its
   * `also` steps from there up to `steps[at[i + 1]]`.
   */
  readonly steps: readonly number[];
  readonly at: readonly number[];
  readonly also: readonly number[];
}

/** Sources that are not mesh peers: they reach public names only. */
export const OUTSIDE_SOURCES = new Set(["internet", "lan"]);

/** A client outside the mesh; `mesh`: the mesh's label, undefined for a platform without one. */
export function outsideNode(source: string, mesh: string | undefined): RouteNode {
  const detail = mesh !== undefined ? `${source}: not a ${mesh} peer` : `${source}: a client on the ${source === "lan" ? "LAN" : source}`;
  if (source === "internet") return { ...internetNode(), id: nodeId.source("internet"), kind: "source", detail };
  return { id: nodeId.source(source), kind: "source", name: source, detail };
}

export function buildGraph(index: PlatformIndex, sources?: ReadonlyMap<string, SourceText>): PlatformGraph {
  const numbers = new Map<string, number>();
  const numbered: RouteNode[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const ofEdge: number[] = [];
  const inOrder: Route[] = [];
  const steps: number[] = [];
  const at: number[] = [];
  const also: number[] = [];
  const ways: GraphWays = { nodes: numbered, number: (id) => numbers.get(id), from, to, ofEdge, routes: inOrder, steps, at, also };
  /** The steps kept so far, by number of the node they leave, and those numbers in the order first met. */
  const outOf: Step[][] = [];
  const leaving: number[] = [];
  // The maps by id only trace reads: made when it first asks (the topology, after every change, reads the numbers).
  let nodesById: Map<string, RouteNode> | undefined;
  let outById: Map<string, Step[]> | undefined;
  const g: PlatformGraph = {
    index,
    get nodes(): Map<string, RouteNode> {
      return (nodesById ??= new Map(numbered.map((n) => [n.id, n])));
    },
    edges: [],
    get out(): Map<string, Step[]> {
      if (!outById) {
        outById = new Map();
        // Stable: steps of equal rank keep the order they were added in.
        for (const f of leaving) outById.set(numbered[f]!.id, outOf[f]!.sort((a, b) => compareRank(a.rank, b.rank)));
      }
      return outById;
    },
    routesByName: new Map(),
    locator: new DeclarationLocator(sources),
    ways,
  };
  const node = (n: RouteNode): number => {
    let i = numbers.get(n.id);
    if (i === undefined) {
      i = numbered.length;
      numbers.set(n.id, i);
      numbered.push(n);
    }
    return i;
  };
  const kinds = new Map<string, number>();
  const wayByKey = new Map<number | string, number>();
  /** The first step kept of each way. */
  const firstOf: Step[] = [];
  /** For the few ways met more than once: the (hosts, rank) of the steps kept. */
  const tailsOf = new Map<number, Set<string>>();
  const tail = (s: Step): string => `${s.match?.hosts?.join(",") ?? ""}\0${s.rank.join(",")}`;
  const keep = (s: Step, f: number, w: number): void => {
    g.edges.push(s);
    ofEdge.push(w);
    const list = outOf[f];
    if (list) list.push(s);
    else {
      outOf[f] = [s];
      leaving.push(f);
    }
  };
  /** Adds the step (once per way and (hosts, rank): a tunnel has a rule per name to the same gateway); its way. */
  const add = (s: Step): number => {
    // Both ends first: kept or not, the nodes a step names are the graph's in the order they are met.
    const f = node(s.from);
    const t = node(s.to);
    let k = kinds.get(s.kind);
    if (k === undefined) kinds.set(s.kind, (k = kinds.size));
    // A number while it is exact (8 million nodes, 128 kinds), else a string.
    const key = f < 2 ** 23 && t < 2 ** 23 && k < 128 ? (f * 2 ** 23 + t) * 128 + k : `${f},${t},${k}`;
    let w = wayByKey.get(key);
    if (w === undefined) {
      w = from.length;
      wayByKey.set(key, w);
      from.push(f);
      to.push(t);
      firstOf.push(s);
      keep(s, f, w);
      return w;
    }
    let tails = tailsOf.get(w);
    if (!tails) tailsOf.set(w, (tails = new Set([tail(firstOf[w]!)])));
    const mine = tail(s);
    if (!tails.has(mine)) {
      tails.add(mine);
      keep(s, f, w);
    }
    return w;
  };
  node(internetNode());
  for (const s of OUTSIDE_SOURCES) node(outsideNode(s, meshLabel(index)));
  // A LAN client asks its resolver first; what that does not answer is looked up on the internet.
  add({ from: lanNode(), to: internetNode(), kind: "resolves", decl: { file: ".", path: [] }, hops: [], rank: [9], silent: true });
  const routes = [...index.routing.routes, ...index.meshRoutes()];
  // Each route's ways, in the order built.
  const built: number[] = [];
  const builtAt: number[] = [];
  const builtAlso: number[] = [];
  let shared = false;
  for (const r of routes) {
    builtAt.push(built.length);
    for (const s of r.steps) built.push(add(s));
    builtAlso.push(built.length);
    for (const s of r.also ?? []) built.push(add(s));
    const list = g.routesByName.get(r.key);
    if (list) {
      list.push(r);
      shared = true;
    } else g.routesByName.set(r.key, [r]);
  }
  builtAt.push(built.length);
  for (const s of index.mesh.steps()) add(s);
  // The routes in the order of routesByName: the order built, unless a name has several routes.
  let order: number[] = routes.map((_r, i) => i);
  if (shared) {
    const builtIndex = new Map(routes.map((r, i) => [r, i]));
    order = [...g.routesByName.values()].flat().map((r) => builtIndex.get(r)!);
  }
  for (const i of order) {
    inOrder.push(routes[i]!);
    at.push(steps.length);
    also.push(steps.length + builtAlso[i]! - builtAt[i]!);
    for (let k = builtAt[i]!; k < builtAt[i + 1]!; k++) steps.push(built[k]!);
  }
  at.push(steps.length);
  return g;
}

/** 1-based line of a declaration (undefined without source texts). */
export function lineOf(g: PlatformGraph, d: Declaration): number | undefined {
  return g.locator.line(d);
}

/** The mesh's label for people, undefined without a mesh. */
export function meshLabel(index: PlatformIndex): string | undefined {
  return index.mesh.id === "none" ? undefined : index.mesh.label;
}
