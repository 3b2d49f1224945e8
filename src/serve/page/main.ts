/**
 * The dashboard's shell: one page app with four views (hash routes), a live connection to the
 * server (server-sent events; polling /api/status when they cannot be had), and the marks tests
 * and the bench wait for: body[data-ready] names the view once it is drawn, body[data-generation]
 * the repository state it shows, and performance marks `homescale:ready:<view>`.
 */
import { getJson, h, plural } from "./dom.js";
import { accessPage } from "./access.js";
import { overviewPage } from "./overview.js";
import { planPage } from "./plan.js";
import { topologyPage } from "./topology.js";
import type { Status } from "./types.js";

export interface View {
  /** Draws the view into root (first time). */
  mount(root: HTMLElement): Promise<void>;
  /** Fetches again and redraws in place, keeping what the user chose (the repository changed). */
  update(): Promise<void>;
}

const factories: Record<string, () => View> = { overview: overviewPage, topology: topologyPage, access: accessPage, plan: planPage };
const views = new Map<string, View>();
let current = "";
let shown = -1;
let latest = -1;
let busy: Promise<void> | undefined;

function viewName(): string {
  const name = location.hash.replace(/^#\/?/, "").split(/[?/]/)[0] ?? "";
  return name in factories ? name : "overview";
}

function ready(name: string, generation: number): void {
  document.body.dataset.ready = name;
  document.body.dataset.generation = String(generation);
  performance.mark(`homescale:ready:${name}`);
}

/**
 * Runs one draw at a time. What arrives meanwhile runs once afterwards: a change of view (the
 * newest one wins) before a redraw for a newer repository state.
 */
let queued: "show" | "refresh" | undefined;
function schedule(work: "show" | "refresh"): void {
  if (busy) {
    if (queued !== "show") queued = work;
    return;
  }
  busy = (async () => {
    try {
      await (work === "show" ? show() : refreshCurrent());
    } finally {
      busy = undefined;
      const next = queued;
      queued = undefined;
      if (next) schedule(next);
    }
  })();
}

async function refreshCurrent(): Promise<void> {
  const gen = latest;
  delete document.body.dataset.ready;
  await views.get(current)?.update();
  shown = gen;
  ready(current, gen);
  void refreshStatus();
}

async function show(): Promise<void> {
  const name = viewName();
  for (const a of document.querySelectorAll<HTMLAnchorElement>("nav a")) a.classList.toggle("active", a.dataset.page === name);
  const main = document.getElementById("main")!;
  delete document.body.dataset.ready;
  current = name;
  let view = views.get(name);
  const gen = latest;
  if (!view) {
    view = factories[name]!();
    views.set(name, view);
  }
  const root = h("section", { class: `view view-${name}` });
  main.replaceChildren(root);
  await view.mount(root);
  shown = gen;
  ready(name, gen);
}

async function refreshStatus(): Promise<void> {
  try {
    const s = await getJson<Status>("/api/status");
    setStatus(s);
  } catch {
    // the live indicator says the server is gone
  }
}

function setStatus(s: Status): void {
  const counts = document.getElementById("counts")!;
  counts.replaceChildren();
  if (s.summary) {
    counts.append(
      h("span", { class: s.summary.errors > 0 ? "bad" : "good" }, plural(s.summary.errors, "error")),
      ", ",
      h("span", { class: s.summary.warnings > 0 ? "warn" : "" }, plural(s.summary.warnings, "warning")),
      ` · ${s.repo}`,
    );
  }
  const banner = document.getElementById("banner")!;
  banner.replaceChildren(...(s.failure !== undefined ? [h("div", { class: "error-box" }, `The repository could not be read: ${s.failure}. The page shows the last state that could.`)] : []));
}

function onGeneration(gen: number): void {
  latest = Math.max(latest, gen);
  if (latest !== shown) schedule("refresh");
}

function live(): void {
  const indicator = document.getElementById("live")!;
  const set = (state: string, text: string): void => {
    indicator.className = `live ${state}`;
    indicator.textContent = text;
  };
  let poller: ReturnType<typeof setInterval> | undefined;
  const poll = (): void => {
    if (poller !== undefined) return;
    poller = setInterval(async () => {
      try {
        const s = await getJson<Status>("/api/status");
        set("on", "live (polling)");
        onGeneration(s.generation);
      } catch {
        set("off", "server gone");
      }
    }, 1000);
  };
  if (typeof EventSource === "undefined") {
    poll();
    return;
  }
  const es = new EventSource("/events");
  es.addEventListener("open", () => set("on", "live"));
  es.addEventListener("error", () => {
    set("off", "reconnecting");
    if (es.readyState === EventSource.CLOSED) poll();
  });
  const onData = (e: MessageEvent<string>): void => {
    const d = JSON.parse(e.data) as { generation: number };
    onGeneration(d.generation);
  };
  es.addEventListener("hello", onData as EventListener);
  es.addEventListener("update", onData as EventListener);
}

async function start(): Promise<void> {
  try {
    const s = await getJson<Status>("/api/status");
    latest = s.generation;
    setStatus(s);
  } catch {
    // drawn below with the error in place
  }
  window.addEventListener("hashchange", () => schedule("show"));
  schedule("show");
  live();
}

void start();
