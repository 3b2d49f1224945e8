/**
 * The dashboard's JSON endpoints. Where a CLI command answers the same question, the document is
 * the one its `--format json` prints (check, trace, access, plan); the page's own views (overview,
 * topology, a node, a source excerpt, the revisions) have their own documented shapes
 * (README, "serve"). Every answer comes from the workspace's latest check; nothing is written.
 */
import path from "node:path";
import { closest } from "../diag/suggest.js";
import { countBySeverity, type Diagnostic } from "../diag/diagnostic.js";
import { rulesForSource } from "../graph/access.js";
import { summarize } from "../graph/summary.js";
import { sourceProblem, trace, TraceInputError } from "../graph/trace.js";
import { formatTextDiagnostics } from "../report/diagnostics-text.js";
import { plain } from "../report/paint.js";
import { formatPlanMarkdown } from "../report/plan-markdown.js";
import { planJson } from "../cli/plan-run.js";
import { Planner, RevisionError } from "./planner.js";
import { topologyView } from "./topology-view.js";
import type { Loaded, Workspace } from "./workspace.js";

export interface Reply {
  status: number;
  type: "json" | "markdown";
  body: string;
}

const json = (value: unknown, status = 200): Reply => ({ status, type: "json", body: JSON.stringify(value) });
/** A question the page asked wrongly (an unknown app, a bad revision): the message, never a stack. */
const bad = (message: string, status = 400): Reply => json({ error: message }, status);

type Handler = (l: Loaded, q: URLSearchParams, ctx: Context) => Reply;

interface Context {
  ws: Workspace;
  planner: Planner;
  failure: string | undefined;
}

const handlers: Record<string, Handler> = {
  "/api/check": (l) => json({ diagnostics: l.result.diagnostics, summary: countBySeverity(l.result.diagnostics) }),

  "/api/overview": (l, _q, ctx) => {
    const { result } = l;
    const texts = (f: string): string | undefined => result.sources.get(f)?.text;
    const diagnostics = result.diagnostics.map((d) => ({ ...d, frame: formatTextDiagnostics([d], texts, plain) }));
    const summary = summarize(result.index);
    const out: Record<string, unknown> = {
      generation: l.generation,
      summary: countBySeverity(result.diagnostics),
      apps: result.model.apps.length,
      clusters: summary.clusters,
      publicNames: summary.publicNames.length,
      policies: summary.policies.length,
      diagnostics,
    };
    if (ctx.failure !== undefined) out.failure = ctx.failure;
    return json(out);
  },

  "/api/topology": (l, q) => {
    const req: Parameters<typeof topologyView>[1] = {};
    if (q.has("open")) req.open = q.getAll("open").filter((s) => s !== "");
    const text = q.get("q");
    if (text) req.q = text;
    const focus = q.get("focus");
    if (focus) req.focus = focus;
    const view = topologyView(l.topology(), req);
    // A mesh name is traced from a source: the ones its app's policies admit, first one first.
    for (const r of view.routes ?? []) if (r.scope === "mesh") (r as { sources?: string[] }).sources = sourcesOf(l, r.app);
    return json({ generation: l.generation, ...view });
  },

  "/api/topology/node": (l, q) => {
    const m = l.topology();
    const id = q.get("id") ?? "";
    const i = m.byId.get(id);
    if (i === undefined) return bad(`no node ${id}`, 404);
    const n = m.nodes[i]!;
    const g = l.graph();
    const step = (e: (typeof m.edges)[number], other: number) => {
      const o = m.nodes[other]!;
      const line = g.locator.line(e.decl);
      return { kind: e.kind, node: { id: o.id, kind: o.kind, name: o.name }, file: e.decl.file, ...(line !== undefined ? { line } : {}) };
    };
    const incoming = m.edges.filter((e) => e.to === i).map((e) => step(e, e.from));
    const outgoing = m.edges.filter((e) => e.from === i).map((e) => step(e, e.to));
    const routes = (m.routesOf.get(i) ?? []).map((ri) => {
      const r = m.routes[ri]!;
      const out: Record<string, unknown> = { key: r.key, name: r.name, scope: r.scope, via: r.via, app: r.app, cluster: r.cluster, target: r.target };
      if (r.scope === "mesh") out.sources = sourcesOf(l, r.app);
      return out;
    });
    return json({ generation: l.generation, node: n, routes, incoming, outgoing });
  },

  "/api/trace": (l, q) => {
    const target = q.get("target") ?? "";
    const from = q.get("from") || undefined;
    try {
      return json({ diagnostics: l.result.diagnostics, ...trace(l.graph(), target, from) });
    } catch (e) {
      if (e instanceof TraceInputError) return bad(e.message);
      throw e;
    }
  },

  "/api/access": (l, q) => {
    const { model, diagnostics } = l.result;
    const app = q.get("app") || undefined;
    const from = q.get("from") || undefined;
    const cluster = q.get("cluster") || undefined;
    if (app !== undefined && !model.appByName.has(app)) {
      const s = closest(app, model.appByName.keys());
      return bad(`there is no app ${app}${s ? `; did you mean ${s}?` : ""}`);
    }
    if (cluster !== undefined && !model.platform.clusterByName.has(cluster)) {
      const s = closest(cluster, model.platform.clusterByName.keys());
      return bad(`there is no cluster ${cluster}${s ? `; did you mean ${s}?` : ""}`);
    }
    if (from !== undefined) {
      const problem = sourceProblem(l.graph(), from);
      if (problem) return bad(problem.replace(/^--from /, ""));
    }
    let rules = l.rules();
    if (app !== undefined) rules = rules.filter((r) => r.app === app);
    if (from !== undefined) rules = rulesForSource(l.result.index, rules, from);
    if (cluster !== undefined) rules = rules.filter((r) => r.clusters.includes(cluster));
    // lines=0: the page's matrix, which shows lines only for the cell it opens (locating every
    // rule of 2,000 apps parses every app.yaml precisely); line is then 0, as without sources.
    return json({ diagnostics, rules: q.get("lines") === "0" ? rules : l.located(rules) });
  },

  "/api/access/options": (l) => {
    const { model, index } = l.result;
    const used = new Set(l.rules().map((r) => r.source));
    const sources = [...new Set(["internet", "lan", ...index.mesh.keywords(), ...used])];
    return json({ apps: model.apps.map((a) => a.name), clusters: model.platform.clusters.map((c) => c.name), sources });
  },

  "/api/source": (l, q) => {
    // Only files the check read (the snapshot's texts): a name is looked up, never opened.
    const file = q.get("file") ?? "";
    const line = Number(q.get("line") ?? "1");
    const text = l.result.sources.get(file)?.text;
    if (text === undefined) return bad(`no file ${file} among the files homescale reads`, 404);
    if (!Number.isInteger(line) || line < 1) return bad("line must be a positive integer");
    const lines = text.split("\n");
    const from = Math.max(1, line - 3);
    const to = Math.min(lines.length, line + 3);
    return json({ file, line, lines: lines.slice(from - 1, to).map((t, k) => ({ n: from + k, text: t })) });
  },

  "/api/revisions": (_l, _q, ctx) => json(ctx.planner.revisions()),

  "/api/plan": (l, q, ctx) => planReply(l, q, ctx, false),
  "/api/plan.md": (l, q, ctx) => planReply(l, q, ctx, true),
};

function sourcesOf(l: Loaded, app: string): string[] {
  return [...new Set(l.rules().filter((x) => x.app === app).map((x) => x.source))];
}

function planReply(l: Loaded, q: URLSearchParams, ctx: Context, markdown: boolean): Reply {
  const rev = q.get("base") ?? ctx.planner.defaultBase ?? "HEAD";
  try {
    const outcome = ctx.planner.plan(rev, l.result, l.generation);
    if (!markdown) return json(planJson(outcome));
    if (outcome.ok) return { status: 200, type: "markdown", body: formatPlanMarkdown(outcome.plan) };
    // As `plan --format markdown` does, no plan over a revision with errors: the errors instead.
    const lines = outcome.failed.map(([s, w]) => `${w} revision ${s.info.label} has errors:\n\n\`\`\`\n${formatTextDiagnostics(s.result.diagnostics.filter((d: Diagnostic) => d.severity === "error"), (f) => s.result.sources.get(f)?.text, plain).replace(/```/g, "`\u200b``")}\`\`\`\n`);
    return { status: 200, type: "markdown", body: `### homescale plan\n\nNo plan: ${lines.join("\n")}` };
  } catch (e) {
    if (e instanceof RevisionError) return bad(e.message);
    throw e;
  }
}

/** The names the server answers under /api/. */
export const API_PATHS: ReadonlySet<string> = new Set([...Object.keys(handlers), "/api/status"]);

export function handleApi(pathname: string, query: URLSearchParams, ws: Workspace, planner: Planner): Reply | undefined {
  const state = ws.get();
  if (pathname === "/api/status") {
    const out: Record<string, unknown> = { generation: state.generation, repo: path.basename(ws.repo) };
    if (state.loaded) out.summary = countBySeverity(state.loaded.result.diagnostics);
    if (state.failure !== undefined) out.failure = state.failure;
    return json(out);
  }
  const h = handlers[pathname];
  if (!h) return undefined;
  if (!state.loaded) return bad(state.failure ?? "not loaded", 503);
  return h(state.loaded, query, { ws, planner, failure: state.failure });
}
