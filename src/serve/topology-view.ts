/**
 * What the topology page draws for one state of its controls: the rows (bands) that are visible,
 * the items in them (a node, or one box standing for the nodes of a closed band in a column), and
 * the edges between items, counted. Computed on the server per request, so the page receives only
 * what it shows, whatever the size of the platform. Pure.
 */
import { PLATFORM_BAND, type TopologyModel } from "./topology.js";

export interface ViewRequest {
  /** Bands shown open; undefined: the default (everything when small, nothing when large). */
  open?: readonly string[];
  /** Search: names containing it (case-insensitive) are shown, with their routes. */
  q?: string;
  /** A route key to highlight (and show). */
  focus?: string;
}

export interface ViewRow {
  id: string;
  label: string;
  kind: "platform" | "cluster" | "namespace";
  depth: number;
  open: boolean;
  /** Nodes in the band and below. */
  total: number;
  hasChildren: boolean;
}

export interface ViewItem {
  id: string;
  row: string;
  col: number;
  /** A node's kind, or "group" for a box that stands for several nodes. */
  kind: string;
  name: string;
  detail?: string;
  /** Nodes the box stands for, by kind. */
  counts?: Record<string, number>;
  count?: number;
  match?: boolean;
  onRoute?: boolean;
  blocked?: boolean;
}

export interface ViewEdge {
  from: string;
  to: string;
  count: number;
  kinds: string[];
  onRoute?: boolean;
}

export interface TopologyView {
  columns: { index: number; kinds: string[] }[];
  rows: ViewRow[];
  items: ViewItem[];
  edges: ViewEdge[];
  routes?: { key: string; name: string; scope: string; app: string; cluster: string }[];
  matches?: { nodes: number; routes: number; shown: number; truncated: boolean };
  totals: { nodes: number; edges: number; routes: number; bands: number };
}

/** Platforms up to this many nodes open every band by default. */
export const OPEN_ALL_BELOW = 400;
/** Nodes shown one by one in a cell (band x column); the rest are one "more" box. */
export const CELL_LIMIT = 40;
/** Matches and route nodes a search shows one by one. */
export const SEARCH_LIMIT = 300;
const ROUTES_LISTED = 50;

export function topologyView(m: TopologyModel, req: ViewRequest): TopologyView {
  const q = (req.q ?? "").trim().toLowerCase();
  const open = new Set(req.open ?? (m.nodes.length <= OPEN_ALL_BELOW ? m.order : []));

  // The nodes a search or a focused route must show, and which of them to mark.
  const wanted = new Set<number>();
  const match = new Set<number>();
  const onRoute = new Set<number>();
  const routeSteps = new Set<number>();
  let matchedRoutes: number[] = [];
  let truncated = false;
  if (q !== "") {
    for (let i = 0; i < m.nodes.length && match.size < SEARCH_LIMIT; i++) if (m.nodes[i]!.name.toLowerCase().includes(q)) match.add(i);
    truncated = match.size >= SEARCH_LIMIT;
    matchedRoutes = m.routes.flatMap((r, i) => (r.name.toLowerCase().includes(q) ? [i] : []));
    for (const i of match) wanted.add(i);
    for (const ri of matchedRoutes) {
      if (wanted.size >= SEARCH_LIMIT) {
        truncated = true;
        break;
      }
      for (const i of m.routes[ri]!.nodes) wanted.add(i);
    }
  }
  if (req.focus !== undefined) {
    for (const r of m.routes) {
      if (r.key !== req.focus) continue;
      for (const i of r.nodes) {
        wanted.add(i);
        onRoute.add(i);
      }
      for (const s of r.steps) routeSteps.add(s);
    }
  }
  // What is wanted is shown: its band and every band above it open.
  const wantedBands = new Set<string>();
  for (const i of wanted) {
    for (let b: string | undefined = m.nodes[i]!.band; b !== undefined; b = m.bands.get(b)!.parent) {
      open.add(b);
      wantedBands.add(b);
    }
  }
  const filtering = q !== "";

  const rows: ViewRow[] = [];
  const visible = new Set<string>();
  const depthOf = (id: string): number => {
    let d = 0;
    for (let b = m.bands.get(id)!.parent; b !== undefined; b = m.bands.get(b)!.parent) d++;
    return d;
  };
  for (const id of m.order) {
    const b = m.bands.get(id)!;
    if (b.parent !== undefined && !(visible.has(b.parent) && open.has(b.parent))) continue;
    // In a search, bands with nothing wanted in them stay out of the way: closed, or (inside a
    // cluster) counted in their parent's boxes.
    if (filtering && b.parent !== undefined && !wantedBands.has(id)) continue;
    const isOpen = open.has(id) && (!filtering || wantedBands.has(id));
    visible.add(id);
    if (isOpen) open.add(id);
    else open.delete(id);
    rows.push({ id, label: b.label, kind: b.kind, depth: depthOf(id), open: isOpen, total: b.total, hasChildren: b.children.length > 0 || b.nodes.length > 0 });
  }

  // Each node's item: itself when its band is open (and the cell has room), else its band's box.
  // Each node's item by number (items in the order made; ids never repeat: a box's id names its
  // row and column, a node's its kind), so that placing 30,000 nodes and counting 50,000 edges
  // between items build no string per node or per edge.
  const itemOf = new Int32Array(m.nodes.length);
  const items: ViewItem[] = [];
  const put = (it: ViewItem): number => items.push(it) - 1;
  /** The boxes made, by row then column: a band's box, and a cell's "more" box. */
  const boxes = [new Map<string, number[]>(), new Map<string, number[]>()];
  const box = (row: string, col: number, kind: string, more: boolean): number => {
    const byRow = boxes[more ? 1 : 0]!;
    let cols = byRow.get(row);
    if (!cols) byRow.set(row, (cols = []));
    let i = cols[col];
    if (i === undefined) cols[col] = i = put({ id: `${more ? "more" : "band"}:${row}:${col}`, row, col, kind: "group", name: "", counts: {}, count: 0 });
    const it = items[i]!;
    it.count! += 1;
    it.counts![kind] = (it.counts![kind] ?? 0) + 1;
    return i;
  };
  const shownIn = new Map<string, number>();
  const visibleAncestor = (band: string): string => {
    let b = band;
    while (!visible.has(b)) b = m.bands.get(b)!.parent ?? PLATFORM_BAND;
    return b;
  };
  m.nodes.forEach((n, i) => {
    const row = visibleAncestor(n.band);
    if (row === n.band && open.has(row)) {
      const cell = `${row}\0${n.col}`;
      const used = shownIn.get(cell) ?? 0;
      const show = wanted.has(i) || (!filtering && used < CELL_LIMIT);
      if (show) {
        shownIn.set(cell, used + 1);
        const it: ViewItem = { id: n.id, row, col: n.col, kind: n.kind, name: n.name, detail: n.detail };
        if (match.has(i)) it.match = true;
        if (onRoute.has(i)) it.onRoute = true;
        if (n.blocked !== undefined) it.blocked = true;
        itemOf[i] = put(it);
        return;
      }
      itemOf[i] = box(row, n.col, n.kind, true);
      return;
    }
    itemOf[i] = box(row, n.col, n.kind, false);
  });
  for (const it of items) {
    if (it.kind !== "group") continue;
    const kinds = Object.entries(it.counts!).sort((a, b) => b[1] - a[1]);
    const what = kinds.map(([k, c]) => `${c} ${k}`).join(", ");
    it.name = it.id.startsWith("more:") ? `${it.count} more: ${what}` : what;
  }

  const edges = new Map<number, ViewEdge>();
  for (const e of m.edges) {
    const a = itemOf[e.from]!;
    const b = itemOf[e.to]!;
    if (a === b) continue;
    const key = a * items.length + b;
    let v = edges.get(key);
    if (!v) edges.set(key, (v = { from: items[a]!.id, to: items[b]!.id, count: 0, kinds: [] }));
    v.count++;
    if (!v.kinds.includes(e.kind)) v.kinds.push(e.kind);
    if (routeSteps.has(e.key)) v.onRoute = true;
  }

  const view: TopologyView = {
    columns: m.columns,
    rows,
    items,
    edges: [...edges.values()],
    totals: { nodes: m.nodes.length, edges: m.edges.length, routes: m.routes.length, bands: m.bands.size },
  };
  if (filtering) {
    view.routes = matchedRoutes.slice(0, ROUTES_LISTED).map((i) => {
      const r = m.routes[i]!;
      return { key: r.key, name: r.name, scope: r.scope, app: r.app, cluster: r.cluster };
    });
    view.matches = { nodes: match.size, routes: matchedRoutes.length, shown: wanted.size, truncated };
  }
  return view;
}
