/**
 * The dashboard's bench (`npm run bench` runs it after bench.js): how soon a page is interactive
 * in a real browser (Debian's Chromium), and how soon a file change reaches it, next to what the
 * user would run instead (`homescale check`, a fresh process), measured side by side.
 *
 *   node dist/bench/serve.js [--quick | --smoke] [--rounds N] [--seed N] [--out FILE] [--docs FILE | --no-docs]
 *
 * Platforms: the corpus (a copy, so that a change can be made) and a generated 2,000 apps on 20
 * clusters (--quick: 200x3; --smoke: the example and 200x3, one round, docs never written).
 * "Interactive" is the page's own mark (performance mark homescale:ready:<view>, set once the view
 * is drawn with its data and its handlers), from the start of the navigation. "cold" is the first
 * page of a server just started (the check done, nothing derived yet); "warm" a later visit. An
 * update is timed from the write of the file to the mark of the redrawn view, on one clock.
 * Rounds are interleaved, medians reported; no time is asserted anywhere.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { startServer, type RunningServer } from "../src/serve/server.js";
import { launchChromium, readyMark, shownGeneration, waitReady } from "../test/browser.js";
import { CORPUS_REPO, copyTree } from "../test/helpers.js";
import { replaceSection } from "./docs-section.js";
import { generatePlatform } from "./generate.js";
import { BIN, PERFORMANCE_DOC, ROOT, resultsFile } from "./paths.js";

const BEGIN = "<!-- serve-bench:begin -->";
const END = "<!-- serve-bench:end -->";

export interface ServeBenchOptions {
  smoke: boolean;
  quick: boolean;
  rounds: number;
  seed: number;
}

type Measure = "check (CLI)" | "start" | "overview cold" | "topology cold" | "overview warm" | "topology warm" | "access warm" | "update overview" | "update topology";

interface Platform {
  name: string;
  dir: string;
  /** The file edited for updates, and two contents that alternate. */
  edit: { file: string; a: string; b: string };
  ms: Map<Measure, number[]>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Waits for the view's ready mark of a generation past `after`; its time on the wall clock (ms). */
async function readyAt(page: Page, view: string, after: number): Promise<number> {
  await waitReady(page, view, after, 60_000);
  return (await readyMark(page, view)).wall;
}

/**
 * Navigates to a view; ms from the navigation's start to its ready mark, both on the wall clock
 * (the browser's own navigation timing left out the wait for a busy server's first byte).
 */
async function interactive(page: Page, url: string, view: string): Promise<number> {
  await page.goto("about:blank");
  const start = Date.now();
  await page.goto(`${url}#/${view}`);
  await waitReady(page, view, -1, 60_000);
  return (await readyMark(page, view)).wall - start;
}

function cliCheck(dir: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, "check", "--repo", dir, "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`check exited ${r.status}: ${r.stderr}`);
  return performance.now() - t;
}

async function round(context: BrowserContext, p: Platform, i: number): Promise<void> {
  const add = (m: Measure, ms: number): void => void (p.ms.get(m) ?? p.ms.set(m, []).get(m)!).push(ms);
  add("check (CLI)", cliCheck(p.dir));
  for (const view of ["overview", "topology"] as const) {
    const t = performance.now();
    const server: RunningServer = await startServer({ repo: p.dir, host: "127.0.0.1", port: 0, debounceMs: 30 });
    if (view === "overview") add("start", performance.now() - t);
    const page = await context.newPage();
    try {
      add(`${view} cold`, await interactive(page, server.url, view));
      if (view === "overview") {
        for (const v of ["overview", "topology", "access"] as const) add(`${v} warm`, await interactive(page, server.url, v));
      }
      for (const v of ["overview", "topology"] as const) {
        if (view === "topology" && v === "overview") continue;
        await interactive(page, server.url, v);
        const gen = await shownGeneration(page);
        const file = path.join(p.dir, p.edit.file);
        const text = fs.readFileSync(file, "utf8");
        const next = text.includes(p.edit.a) ? text.replace(p.edit.a, p.edit.b) : text.replace(p.edit.b, p.edit.a);
        if (next === text) throw new Error(`${p.edit.file}: the edit matches nothing`);
        const wrote = Date.now();
        fs.writeFileSync(file, next);
        add(`update ${v}`, (await readyAt(page, v, gen)) - wrote);
      }
    } finally {
      await page.close();
      await server.close();
    }
  }
  void i;
}

export async function benchServe(context: BrowserContext, opts: ServeBenchOptions, log: (s: string) => void = () => undefined): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "homescale-serve-bench-"));
  try {
    const platforms: Platform[] = [];
    const first = opts.smoke ? path.join(ROOT, "examples", "homescale") : CORPUS_REPO;
    const firstDir = copyTree(first, path.join(tmp, opts.smoke ? "example" : "corpus"));
    platforms.push({ name: opts.smoke ? "example" : "corpus", dir: firstDir, edit: waveEdit(firstDir), ms: new Map() });
    const size = opts.smoke || opts.quick ? { apps: 200, clusters: 3 } : { apps: 2000, clusters: 20 };
    const genDir = path.join(tmp, `${size.apps}x${size.clusters}`);
    generatePlatform(genDir, { ...size, seed: opts.seed });
    platforms.push({ name: `${size.apps}x${size.clusters}`, dir: genDir, edit: waveEdit(genDir), ms: new Map() });

    const rounds = opts.smoke ? 1 : Math.max(1, opts.rounds);
    // One warm-up round (not counted) outside a smoke run: the page cache, Chromium's first start.
    for (let r = opts.smoke ? 0 : -1; r < rounds; r++) {
      for (const p of platforms) {
        const keep = new Map(p.ms);
        await round(context, p, r);
        if (r < 0) p.ms = keep;
        log(`serve bench round ${r + 1}/${rounds}: ${p.name} ${[...p.ms].map(([k, v]) => `${k} ${v[v.length - 1]?.toFixed(0)}`).join(", ")}`);
      }
    }
    return report(platforms, opts, rounds);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The change an update makes: the sync wave of the first app (given one if it has none), up and down. */
function waveEdit(dir: string): Platform["edit"] {
  const app = fs.readdirSync(path.join(dir, "apps")).filter((n) => fs.existsSync(path.join(dir, "apps", n, "app.yaml"))).sort()[0]!;
  const file = `apps/${app}/app.yaml`;
  let text = fs.readFileSync(path.join(dir, file), "utf8");
  if (!/^syncWave: -?\d+$/m.test(text)) fs.writeFileSync(path.join(dir, file), (text = `${text.replace(/\n*$/, "\n")}syncWave: 7\n`));
  const wave = /^syncWave: (-?\d+)$/m.exec(text)!;
  return { file, a: wave[0], b: `syncWave: ${Number(wave[1]) + 1}` };
}

const MEASURES: Measure[] = ["check (CLI)", "start", "overview cold", "topology cold", "overview warm", "topology warm", "access warm", "update overview", "update topology"];

function report(platforms: Platform[], opts: ServeBenchOptions, rounds: number): string {
  const m = (p: Platform, k: Measure): number => median(p.ms.get(k) ?? []);
  const fmt = (x: number): string => (Number.isNaN(x) ? "–" : `${x.toFixed(0)} ms`);
  let out = `- ${opts.smoke ? "smoke run: one round, times from single cold runs" : `${rounds} interleaved rounds after one warm-up round, medians`}; node ${process.version}, ${os.cpus()[0]?.model ?? "?"} x${os.cpus().length}; Chromium ${CHROMIUM_VERSION()}\n`;
  out += "- check (CLI) = `node bin/homescale check --repo DIR --format json`, a fresh process; start = startServer() until it listens (the check included); cold = the first page of a server just started; warm = a later visit; update = from writing a file to the redrawn view\n\n";
  out += `| platform | ${MEASURES.join(" | ")} |\n|---|${MEASURES.map(() => "---:").join("|")}|\n`;
  for (const p of platforms) out += `| ${p.name} | ${MEASURES.map((k) => fmt(m(p, k))).join(" | ")} |\n`;
  out += "\nRatios (medians of one run, side by side): each to `homescale check` on the same platform\n\n| platform | overview cold / check | topology cold / check | update overview / check | update topology / check |\n|---|---:|---:|---:|---:|\n";
  for (const p of platforms) {
    const c = m(p, "check (CLI)");
    out += `| ${p.name} | ${(m(p, "overview cold") / c).toFixed(2)} | ${(m(p, "topology cold") / c).toFixed(2)} | ${(m(p, "update overview") / c).toFixed(2)} | ${(m(p, "update topology") / c).toFixed(2)} |\n`;
  }
  const budget = (name: string, value: number, limit: number): string => `| ${name} | ${fmt(value)} | ${limit} ms | ${value < limit ? "met" : "MISSED"} |\n`;
  out += "\nBudgets (issue 17; reported, never enforced)\n\n| budget | median | limit | |\n|---|---:|---:|---|\n";
  const [small, large] = platforms;
  if (small) out += budget(`${small.name} page interactive (overview, cold)`, m(small, "overview cold"), 1000);
  if (large) {
    out += budget(`${large.name} page interactive (overview, cold)`, m(large, "overview cold"), 2000);
    out += budget(`${large.name} topology interactive (cold)`, m(large, "topology cold"), 2000);
  }
  for (const p of platforms) for (const v of ["overview", "topology"] as const) out += budget(`${p.name} update reaches the ${v}`, m(p, `update ${v}`), 1000);
  return out;
}

function CHROMIUM_VERSION(): string {
  const r = spawnSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" });
  return /(\d+\.\d+\.\d+\.\d+)/.exec(r.stdout ?? "")?.[1] ?? "?";
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opts: ServeBenchOptions = { smoke: argv.includes("--smoke"), quick: argv.includes("--quick"), rounds: 5, seed: 1 };
  let out = resultsFile("serve.md");
  let docs: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--rounds") opts.rounds = Math.max(1, Number(argv[++i]));
    else if (argv[i] === "--seed") opts.seed = Number(argv[++i]);
    else if (argv[i] === "--out") out = path.resolve(argv[++i]!);
    else if (argv[i] === "--docs") docs = path.resolve(argv[++i]!);
  }
  // As bench.js: a full run publishes its section of docs/performance.md; a quick or smoke one never.
  if (!opts.smoke && !opts.quick && docs === undefined && !argv.includes("--no-docs")) docs = PERFORMANCE_DOC;
  if (opts.smoke) docs = undefined;
  if (!fs.existsSync("/usr/bin/chromium")) {
    process.stderr.write("serve bench: /usr/bin/chromium is missing (Debian package chromium); skipped\n");
    return;
  }
  const browser = await launchChromium();
  let text: string;
  try {
    text = await benchServe(browser.context, opts, (s) => void process.stderr.write(`${s}\n`));
  } finally {
    await browser.close();
  }
  process.stdout.write(`\n${text}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `# homescale serve bench\n\n${text}`);
  process.stderr.write(`wrote ${path.relative(process.cwd(), out)}\n`);
  if (docs !== undefined) {
    const next = replaceSection(fs.readFileSync(docs, "utf8"), BEGIN, END, `\n${text}`);
    if (next === undefined) throw new Error(`${docs} has no ${BEGIN} ... ${END} markers`);
    fs.writeFileSync(docs, next);
    process.stderr.write(`wrote the serve section of ${path.relative(process.cwd(), docs)}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`serve bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
