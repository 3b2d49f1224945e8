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
  const g: PlatformGraph = { index, nodes: new Map(), edges: [], out: new Map(), routesByName: new Map(), locator: new DeclarationLocator(sources) };
  const seen = new Set<string>();
  const node = (n: RouteNode): void => {
    if (!g.nodes.has(n.id)) g.nodes.set(n.id, n);
  };
  const add = (s: Step): void => {
    // One step per way between two nodes: a tunnel has a rule per name to the same gateway.
    const key = `${s.from.id}\0${s.to.id}\0${s.kind}\0${s.match?.hosts?.join(",") ?? ""}\0${s.rank.join(",")}`;
    if (seen.has(key)) return;
    seen.add(key);
    node(s.from);
    node(s.to);
    g.edges.push(s);
    const list = g.out.get(s.from.id);
    if (list) list.push(s);
    else g.out.set(s.from.id, [s]);
  };
  node(internetNode());
  for (const s of OUTSIDE_SOURCES) node(outsideNode(s, meshLabel(index)));
  // A LAN client asks its resolver first; what that does not answer is looked up on the internet.
  add({ from: lanNode(), to: internetNode(), kind: "resolves", decl: { file: ".", path: [] }, hops: [], rank: [9], silent: true });
  const routes = [...index.routing.routes, ...index.meshRoutes()];
  for (const r of routes) {
    for (const s of r.steps) add(s);
    for (const s of r.also ?? []) add(s);
    const list = g.routesByName.get(r.key);
    if (list) list.push(r);
    else g.routesByName.set(r.key, [r]);
  }
  for (const s of index.mesh.steps()) add(s);
  // Stable: steps of equal rank keep the order they were added in.
  for (const list of g.out.values()) list.sort((a, b) => compareRank(a.rank, b.rank));
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
