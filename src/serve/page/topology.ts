/**
 * Topology: the route graph drawn in columns (the server's: sources, DNS, tunnels and proxies,
 * gateways, Services, Applications, whatever kinds the graph has) and bands (the platform, each
 * cluster, their namespaces). A closed band is one box per column; search shows the names that
 * match and their routes; clicking a node lists the routes through it, and a route's trace is
 * shown hop by hop with each hop's declaring line, its path lit in the drawing.
 */
import { api, debounce, errorBox, getJson, h, plural, s } from "./dom.js";
import type { View } from "./main.js";
import { fileLink } from "./source.js";
import type { NodeInfo, TopologyView, TraceResult } from "./types.js";

const COL_W = 200;
const GAP = 70;
const LEFT = 210;
const ITEM_H = 24;
const ITEM_GAP = 6;
const PAD = 8;
const HEAD = 34;

type Item = TopologyView["items"][number];

const PALETTE: Record<string, string> = {
  internet: "#6e7781",
  lan: "#6e7781",
  source: "#8250df",
  "dns-record": "#0969da",
  "lan-dns": "#0969da",
  tunnel: "#bf3989",
  "reverse-proxy": "#bf3989",
  "proxy-cluster": "#bf3989",
  edge: "#bf3989",
  "mesh-group": "#8250df",
  policy: "#953800",
  router: "#1a7f37",
  gateway: "#9a6700",
  "load-balancer": "#9a6700",
  service: "#1a7f37",
  application: "#0550ae",
  "http-status": "#6e7781",
  group: "#57606a",
};

/** A kind no one has named a color for gets one from its name: new layers draw without edits here. */
function colorOf(kind: string): string {
  const known = PALETTE[kind];
  if (known) return known;
  let hash = 0;
  for (const c of kind) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 55% 40%)`;
}

export function topologyPage(): View {
  let root: HTMLElement;
  let open: string[] | undefined;
  let q = "";
  let focus: { key: string; name: string; scope: string; sources?: string[] } | undefined;
  let from = "";
  let selected: string | undefined;
  let view: TopologyView | undefined;
  const diagram = h("div", { class: "diagram", id: "diagram" });
  const side = h("aside", { class: "side", id: "side" });
  const info = h("span", { class: "muted", id: "topology-info" });
  const search = h("input", { type: "search", id: "topology-search", placeholder: "search names (app, host, service…)", autocomplete: "off", spellcheck: "false" });

  const load = async (): Promise<void> => {
    try {
      const params: Record<string, string | readonly string[] | undefined> = { q, focus: focus?.key };
      // "open" absent means the server's default; present and empty means nothing open.
      if (open !== undefined) params.open = open.length > 0 ? open : [""];
      view = await getJson<TopologyView>(api("/api/topology", params));
    } catch (e) {
      diagram.replaceChildren(errorBox(e));
      return;
    }
    if (open === undefined && q === "" && focus === undefined) open = view.rows.filter((r) => r.open).map((r) => r.id);
    draw(view);
  };

  const toggle = (row: string): void => {
    const set = new Set(open ?? []);
    if (set.has(row)) set.delete(row);
    else set.add(row);
    open = [...set];
    void load();
  };

  const draw = (v: TopologyView): void => {
    info.textContent = `${plural(v.totals.nodes, "node")}, ${plural(v.totals.edges, "edge")}, ${plural(v.totals.routes, "route")} in ${plural(v.totals.bands, "band")}; ${v.items.length} shown`;
    const cells = new Map<string, Item[]>();
    for (const it of v.items) {
      const k = `${it.row}\0${it.col}`;
      const list = cells.get(k);
      if (list) list.push(it);
      else cells.set(k, [it]);
    }
    for (const list of cells.values()) list.sort((a, b) => (a.kind === "group" ? 1 : 0) - (b.kind === "group" ? 1 : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const cols = v.columns.length;
    const width = LEFT + cols * (COL_W + GAP);
    const pos = new Map<string, { x: number; y: number }>();
    const bands: SVGElement[] = [];
    let y = HEAD;
    v.rows.forEach((r, ri) => {
      let most = 1;
      for (let c = 0; c < cols; c++) most = Math.max(most, cells.get(`${r.id}\0${c}`)?.length ?? 0);
      const height = PAD * 2 + most * (ITEM_H + ITEM_GAP) - ITEM_GAP;
      const g = s("g", { class: `band band-${r.kind}`, "data-band": r.id });
      g.append(s("rect", { x: 0, y, width, height, class: ri % 2 === 0 ? "band-bg even" : "band-bg odd" }));
      const label = s("text", { x: 8 + r.depth * 14, y: y + PAD + 16, class: `band-label${r.hasChildren ? " toggles" : ""}`, "data-toggle": r.id });
      label.append(`${r.hasChildren ? (r.open ? "▾ " : "▸ ") : "  "}${clip(r.label, 22 - r.depth * 2)}`);
      label.append(s("tspan", { class: "count" }, ` ${r.total}`));
      label.append(s("title", {}, `${r.label}: ${plural(r.total, "node")} (${r.kind})${r.hasChildren ? `; click to ${r.open ? "close" : "open"}` : ""}`));
      if (r.hasChildren) label.addEventListener("click", () => toggle(r.id));
      g.append(label);
      for (let c = 0; c < cols; c++) {
        (cells.get(`${r.id}\0${c}`) ?? []).forEach((it, k) => pos.set(it.id, { x: LEFT + c * (COL_W + GAP), y: y + PAD + k * (ITEM_H + ITEM_GAP) }));
      }
      bands.push(g);
      y += height;
    });
    const svg = s("svg", { width, height: y + 10, viewBox: `0 0 ${width} ${y + 10}`, class: "topology", id: "topology-svg", role: "img", "aria-label": "route topology" });
    const heads = s("g", { class: "heads" });
    v.columns.forEach((c, i) => {
      const t = s("text", { x: LEFT + i * (COL_W + GAP) + 4, y: 20, class: "col-head" }, clip(c.kinds.join(" · "), 34));
      t.append(s("title", {}, c.kinds.join(", ")));
      heads.append(t);
    });
    const edges = s("g", { class: "edges" });
    for (const e of v.edges) {
      const a = pos.get(e.from);
      const b = pos.get(e.to);
      if (!a || !b) continue;
      const x1 = a.x + COL_W;
      const y1 = a.y + ITEM_H / 2;
      const x2 = b.x;
      const y2 = b.y + ITEM_H / 2;
      const d = x2 > x1 ? `M${x1},${y1} C${x1 + GAP / 2},${y1} ${x2 - GAP / 2},${y2} ${x2},${y2}` : `M${x1},${y1} C${x1 + GAP},${y1} ${x2 - GAP},${y2} ${x2},${y2}`;
      const p = s("path", { d, class: `edge${e.onRoute ? " on-route" : ""}`, "stroke-width": Math.min(6, 1 + Math.log2(e.count)).toFixed(1), "data-from": e.from, "data-to": e.to });
      p.append(s("title", {}, `${e.count} × ${e.kinds.join(", ")}`));
      edges.append(p);
    }
    const nodes = s("g", { class: "nodes" });
    for (const it of v.items) {
      const p = pos.get(it.id);
      if (!p) continue;
      const group = it.kind === "group";
      const cls = ["node", group ? "box" : `kind-${it.kind}`, it.match ? "match" : "", it.onRoute ? "on-route" : "", it.blocked ? "blocked" : "", it.id === selected ? "selected" : ""].filter(Boolean).join(" ");
      const g = s("g", { class: cls, "data-id": it.id, "data-kind": it.kind, "data-name": it.name, tabindex: 0 });
      g.append(s("rect", { x: p.x, y: p.y, width: COL_W, height: ITEM_H, rx: 5, fill: group ? "#f6f8fa" : "#fff", stroke: colorOf(it.kind) }));
      g.append(s("rect", { x: p.x, y: p.y, width: 5, height: ITEM_H, rx: 2, fill: colorOf(group ? "group" : it.kind) }));
      g.append(s("text", { x: p.x + 11, y: p.y + 16, class: "node-label" }, clip(it.name, 30)));
      g.append(s("title", {}, group ? `${it.name}${it.id.startsWith("more:") ? " (search to see them)" : " (click to open the band)"}` : `${it.kind}: ${it.name}\n${it.detail ?? ""}`));
      g.addEventListener("click", () => (group ? openBox(it) : void select(it.id)));
      g.addEventListener("keydown", (e) => {
        if ((e as KeyboardEvent).key === "Enter") g.dispatchEvent(new Event("click"));
      });
      nodes.append(g);
    }
    svg.append(...bands, heads, edges, nodes);
    diagram.replaceChildren(svg);
    if (q !== "" && !focus && !selected) drawMatches(v);
  };

  const openBox = (it: Item): void => {
    if (it.id.startsWith("more:")) {
      side.replaceChildren(h("p", {}, `${it.name}. Too many to draw one by one here: search to narrow.`));
      search.focus();
      return;
    }
    toggle(it.row);
  };

  const drawMatches = (v: TopologyView): void => {
    const m = v.matches;
    const list = h("ul", { class: "routes", id: "search-routes" });
    for (const r of v.routes ?? []) list.append(h("li", {}, routeLink(r)));
    side.replaceChildren(
      h("h3", {}, `Search: ${q}`),
      h("p", { class: "muted" }, m ? `${plural(m.nodes, "name")} and ${plural(m.routes, "route")} match${m.truncated ? " (the first ones shown)" : ""}` : ""),
      list,
    );
  };

  const routeLink = (r: { key: string; name: string; scope: string; app: string; cluster: string; sources?: string[] }): HTMLElement =>
    h(
      "a",
      {
        href: "#",
        class: "route",
        "data-route": r.key,
        onclick: (e: Event) => {
          e.preventDefault();
          void traceRoute(r);
        },
      },
      r.name,
      h("span", { class: "muted" }, ` ${r.scope} · ${r.app} on ${r.cluster}`),
    );

  const select = async (id: string): Promise<void> => {
    selected = id;
    let n: NodeInfo;
    try {
      n = await getJson<NodeInfo>(api("/api/topology/node", { id }));
    } catch (e) {
      side.replaceChildren(errorBox(e));
      return;
    }
    for (const el of diagram.querySelectorAll(".node.selected")) el.classList.remove("selected");
    diagram.querySelector(`.node[data-id="${CSS.escape(id)}"]`)?.classList.add("selected");
    const steps = (title: string, list: NodeInfo["incoming"]) =>
      list.length === 0
        ? ""
        : h("div", {}, h("h4", {}, title), h("ul", { class: "steps" }, ...list.slice(0, 50).map((st) => h("li", {}, h("code", {}, st.kind), " ", st.node.name, " ", fileLink(st.file, st.line)))), list.length > 50 ? h("p", { class: "muted" }, `${list.length - 50} more`) : "");
    side.replaceChildren(
      h("h3", { id: "node-title" }, n.node.name),
      h("p", {}, h("code", {}, n.node.kind), " ", n.node.detail),
      n.node.blocked ? h("p", { class: "warn" }, n.node.blocked) : "",
      n.routes.length > 0 ? h("div", {}, h("h4", {}, `Routes through it (${n.routes.length})`), h("ul", { class: "routes", id: "node-routes" }, ...n.routes.slice(0, 100).map((r) => h("li", {}, routeLink(r))))) : h("p", { class: "muted" }, "No route passes this node."),
      steps("From", n.incoming),
      steps("To", n.outgoing),
    );
  };

  const traceRoute = async (r: { key: string; name: string; scope: string; sources?: string[] }): Promise<void> => {
    if (focus?.key !== r.key) from = r.scope === "mesh" ? (r.sources?.[0] ?? "all") : "";
    focus = r;
    await load();
    await showTrace();
  };

  const showTrace = async (): Promise<void> => {
    if (!focus) return;
    const r = focus;
    const panel = h("div", { class: "trace", id: "trace" });
    const head: Node[] = [h("h3", {}, "Trace ", h("code", {}, r.name))];
    if (r.scope === "mesh") {
      const pick = h("select", { id: "trace-from", "aria-label": "from source" });
      for (const src of new Set([...(r.sources ?? []), "all", "internet", "lan"])) pick.append(h("option", { value: src, selected: src === from }, src));
      pick.addEventListener("change", () => {
        from = pick.value;
        void showTrace();
      });
      head.push(h("label", {}, "from ", pick));
    }
    side.replaceChildren(...head, panel);
    let t: TraceResult;
    try {
      t = await getJson<TraceResult>(api("/api/trace", { target: r.name, from: r.scope === "mesh" ? from : undefined }));
    } catch (e) {
      panel.append(errorBox(e));
      return;
    }
    const hops = h("ol", { class: "hops", id: "trace-hops" });
    for (const hop of t.hops) {
      hops.append(h("li", { class: "hop", "data-kind": hop.kind }, h("code", {}, hop.kind), " ", h("b", {}, hop.name), h("div", { class: "muted" }, hop.detail), fileLink(hop.file, hop.line)));
    }
    panel.append(
      h("p", { class: t.verdict === "reachable" ? "good verdict" : "bad verdict", id: "trace-verdict" }, t.verdict, t.reason ? `: ${t.reason}` : ""),
      t.explanation ? h("p", {}, t.explanation) : "",
      hops,
      h("button", { onclick: () => clearFocus() }, "clear"),
    );
  };

  const clearFocus = (): void => {
    focus = undefined;
    selected = undefined;
    side.replaceChildren(help());
    void load();
  };

  search.addEventListener(
    "input",
    debounce(() => {
      q = search.value.trim();
      focus = undefined;
      selected = undefined;
      if (q === "") side.replaceChildren(help());
      void load();
    }, 200),
  );

  return {
    async mount(r) {
      root = r;
      search.value = q;
      const tools = h(
        "div",
        { class: "tools" },
        search,
        h("button", { onclick: () => ((open = view?.rows.map((x) => x.id) ?? []), void load()), title: "open every band shown" }, "open all"),
        h("button", { onclick: () => ((open = []), void load()) }, "close all"),
        info,
      );
      if (!focus && !selected) side.replaceChildren(help());
      root.replaceChildren(tools, h("div", { class: "split" }, diagram, side));
      await load();
      if (focus) await showTrace();
    },
    async update() {
      await load();
      if (focus) await showTrace();
      else if (selected && view?.items.some((i) => i.id === selected)) await select(selected);
    },
  };
}

function help(): HTMLElement {
  return h("div", { class: "muted" }, h("p", {}, "Click a name to see the routes through it, then a route to trace it hop by hop, each hop with the line that declares it."), h("p", {}, "Click a band's label (▸) to open it; search to find a name among thousands."));
}

function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, Math.max(1, n - 1))}…`;
}
