/**
 * The layers' bench (issue 18): what each render target and each check rule costs on the layered
 * platform (bench/generate-layers.ts: gateways, routes, LoadBalancer pools, Talos nodes, edges,
 * Tailscale), per object, so that a new target is measured when it is added.
 *
 *   node dist/bench/layers.js [--smoke | --quick] [--apps N] [--clusters M] [--rounds R] [--seed N]
 *                             [--out FILE] [--docs FILE | --no-docs]
 *
 * In process, warm (one warm-up round, then R rounds; medians), on the layered platform and on the
 * default shape of the same size and seed side by side, each round interleaving the two:
 * - the derived views check and build share (placements, the routing index, the mesh), then every
 *   check rule of the registry in check's order on that index: its own work, and what it walked;
 * - every render target of the registry over all its units (clusters, nodes, edges), computing its
 *   outputs (render) and writing them as text (emit), with the objects it writes: YAML documents,
 *   Terraform resources or files, and microseconds per object;
 * - the routes: the routing index's build per route it holds.
 * Then the whole commands in fresh processes, interleaved: check and build of the layered platform
 * and of the default shape, with the ratios: the layers' total cost.
 *
 * It only calls the pipeline's own public functions (readFolder, buildModel, indexPlatform,
 * runRules, the registry's targets, the emitters): a stage is timed by calling it, never by a copy.
 * No time is asserted anywhere. The report is printed and written to bench/results/layers.md (or
 * --out); a full run (2000x20 by default, neither --smoke nor --quick nor --apps/--clusters) also
 * rewrites the section of docs/performance.md between its layers-bench markers. --smoke (60x4, one
 * round, no warm-up) is the test suite's: it shows the bench works, never how fast, and never
 * touches the docs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules } from "../src/check/rules/index.js";
import { runRules } from "../src/check/rule.js";
import { readFolder } from "../src/load/read-folder.js";
import { buildModel } from "../src/model/build-model.js";
import type { Model } from "../src/model/types.js";
import { indexPlatform, type PlatformIndex } from "../src/platform/index.js";
import { writeTfJson } from "../src/render/emit/tf-json.js";
import { emitYamlStream } from "../src/render/emit/yaml-emit.js";
import { renderContext, selectedClusters } from "../src/render/outputs.js";
import { targets } from "../src/render/registry.js";
import type { Output, RenderContext, Target } from "../src/render/target.js";
import { generatedBody, replaceSection } from "./docs-section.js";
import { generatePlatform, type GeneratedPlatform } from "./generate.js";
import { BIN, PERFORMANCE_DOC, resultsFile } from "./paths.js";

const RESULTS = resultsFile("layers.md");
const BEGIN = "<!-- layers-bench:begin -->";
const END = "<!-- layers-bench:end -->";
const HEADING = "## The layers";
const BEFORE = "## The dashboard (serve)";

interface Options {
  smoke: boolean;
  quick: boolean;
  apps: number;
  clusters: number;
  rounds: number;
  seed: number;
  out: string;
  docs: string | undefined;
}

const USAGE =
  "usage: node dist/bench/layers.js [--smoke | --quick] [--apps N] [--clusters M] [--rounds R] [--seed N] [--out FILE] [--docs FILE | --no-docs]\n" +
  "  default 2000x20, 5 rounds after a warm-up; --quick 200x3; --smoke 60x4, one round, no warm-up, never the docs\n" +
  "  a full run (neither --smoke, --quick, --apps nor --clusters) rewrites the layers section of docs/performance.md\n";

function parseArgs(argv: string[]): Options {
  const o: Options = { smoke: false, quick: false, apps: 2000, clusters: 20, rounds: 5, seed: 1, out: RESULTS, docs: undefined };
  let sized = false;
  let docs: string | undefined;
  let noDocs = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = (min: number): number => {
      const n = Number(val());
      if (!Number.isInteger(n) || n < min) throw new Error(`${a} wants an integer >= ${min}`);
      return n;
    };
    if (a === "--smoke") o.smoke = true;
    else if (a === "--quick") o.quick = true;
    else if (a === "--apps") ((o.apps = int(10)), (sized = true));
    else if (a === "--clusters") ((o.clusters = int(1)), (sized = true));
    else if (a === "--rounds") o.rounds = int(1);
    else if (a === "--seed") o.seed = int(0);
    else if (a === "--out") o.out = path.resolve(val());
    else if (a === "--docs") docs = path.resolve(val());
    else if (a === "--no-docs") noDocs = true;
    else if (a === "--help" || a === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (o.smoke && o.quick) throw new Error("--smoke and --quick exclude each other");
  if (!sized && o.smoke) ((o.apps = 60), (o.clusters = 4));
  if (!sized && o.quick) ((o.apps = 200), (o.clusters = 3));
  if (o.smoke) o.rounds = 1;
  // Published numbers are a whole run at the default size; a narrowed one publishes only when told.
  const full = !o.smoke && !o.quick && !sized;
  o.docs = o.smoke || noDocs ? undefined : (docs ?? (full ? PERFORMANCE_DOC : undefined));
  return o;
}

// ---------------------------------------------------------------- in process

const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

/** What one target wrote in one round: its objects by unit, and its bytes. */
interface TargetCount {
  files: number;
  documents: number;
  resources: number;
  bytes: number;
  /** YAML documents by kind, Terraform resources by type: the rows' detail. */
  kinds: Map<string, number>;
  /** The grants of a tailnet policy (one tailscale_acl resource holds them all: they are what it scales with). */
  grants: number;
}

function countOutputs(outputs: readonly Output[], texts: readonly string[]): TargetCount {
  // A YAML part that may be left out and holds no document writes no file (outputs.ts' byFile).
  const written = outputs.filter((o) => !("yaml" in o) || o.yaml.length > 0 || o.skipEmpty !== true);
  const c: TargetCount = { files: new Set(written.map((o) => o.path)).size, documents: 0, resources: 0, bytes: 0, kinds: new Map(), grants: 0 };
  for (const o of outputs) {
    if ("yaml" in o) {
      c.documents += o.yaml.length;
      for (const d of o.yaml) {
        const kind = d !== null && typeof d === "object" && typeof (d as { kind?: unknown }).kind === "string" ? (d as { kind: string }).kind : undefined;
        if (kind !== undefined) c.kinds.set(kind, (c.kinds.get(kind) ?? 0) + 1);
      }
    } else if ("tf" in o) {
      for (const [type, byName] of Object.entries(o.tf.resource ?? {})) {
        const n = Object.keys(byName).length;
        c.resources += n;
        c.kinds.set(type, (c.kinds.get(type) ?? 0) + n);
        if (type !== "tailscale_acl") continue;
        for (const body of Object.values(byName)) {
          const acl = (body as { acl?: unknown }).acl;
          if (typeof acl === "string") c.grants += ((JSON.parse(acl) as { grants?: unknown[] }).grants ?? []).length;
        }
      }
    }
  }
  for (const t of texts) c.bytes += Buffer.byteLength(t);
  return c;
}

/** Objects and their unit: YAML documents, else Terraform resources, else files. */
function objectsOf(c: TargetCount): { n: number; unit: string } {
  if (c.grants > 0) return { n: c.grants, unit: `policy grants (${c.resources} resources)` };
  if (c.documents > 0) return { n: c.documents, unit: "YAML documents" };
  if (c.resources > 0) return { n: c.resources, unit: "Terraform resources" };
  return { n: c.files, unit: "files" };
}

/** One output as the text build writes (a shared file's parts are emitted on their own here: each target's own cost). */
function emitOutput(o: Output): string {
  if ("yaml" in o) return emitYamlStream(o.yaml);
  if ("tf" in o) return writeTfJson(o.tf);
  if ("json" in o) return `${JSON.stringify(o.json, null, 2)}\n`;
  return o.text;
}

/** Every unit of a target rendered, as build renders it (units outside the clusters asked for are left out). */
function renderTarget(ctx: RenderContext, t: Target): { outputs: Output[]; units: number } {
  if (t.scope === "platform") return { outputs: t.render(ctx), units: 1 };
  if (t.scope === "cluster") {
    const views = selectedClusters(ctx);
    return { outputs: views.flatMap((v) => t.render(ctx, v)), units: views.length };
  }
  const units = t.units(ctx);
  return { outputs: units.flatMap((u) => t.render(ctx, u)), units: units.length };
}

/** What a rule walks, roughly: the objects its time is best divided by. */
function ruleSubject(name: string, model: Model, index: PlatformIndex): { n: number; unit: string } {
  const clusters = model.platform.clusters;
  const nodes = clusters.reduce((n, c) => n + (c.talos?.members.length ?? 0), 0);
  const edges = model.platform.edges?.length ?? 0;
  const { routing } = index;
  switch (name) {
    case "source-refs":
      return { n: index.mesh.policies().length, unit: "mesh policies" };
    case "tailscale":
      return index.mesh.id === "tailscale" ? { n: index.mesh.tailnet().services.length, unit: "tailnet Services" } : { n: 0, unit: "tailnet Services" };
    case "exposure":
      return { n: routing.exposures.length, unit: "public exposures" };
    case "gateways":
      return { n: routing.gateways.gateways.reduce((n, g) => n + g.routes.length, 0), unit: "gateway routes" };
    case "edges":
      return { n: edges, unit: "edges" };
    case "dns-owner":
    case "names":
    case "templates":
    case "enablement":
    case "sync-waves":
    case "app-layout":
    case "repo-paths":
    case "mesh-scope":
    case "cluster-refs":
    case "netbird-objects":
      return { n: model.apps.length, unit: "apps" };
    case "addressing":
      return {
        n: clusters.reduce((n, c) => n + Object.keys(c.network ?? {}).length + (c.loadBalancer?.addresses.length ?? 0) + c.gateways.length, 0) + edges,
        unit: "ranges and addresses",
      };
    case "namespaces":
      return { n: clusters.reduce((n, c) => n + (index.cluster(c.name)?.namespaces.length ?? 0), 0), unit: "Namespaces" };
    case "omni-templates":
    case "talos-versions":
      return { n: model.omni?.templates.length ?? 0, unit: "Omni templates" };
    case "omni-patches":
    case "talos-nodes":
    case "cluster-dns":
      return { n: nodes, unit: "Talos nodes" };
    default:
      return { n: clusters.length, unit: "clusters" };
  }
}

interface Round {
  stages: Map<string, number>;
  rules: Map<string, number>;
  render: Map<string, number>;
  emit: Map<string, number>;
}

interface Facts {
  counts: Map<string, TargetCount & { units: number }>;
  subjects: Map<string, { n: number; unit: string }>;
  routes: number;
  placements: number;
  /** What the mesh stage builds: tailnet Services (Tailscale) or policies (NetBird). */
  meshObjects: { n: number; unit: string };
  meshRoutes: number;
  findings: number;
}

function meshObjectsOf(index: PlatformIndex): { n: number; unit: string } {
  const mesh = index.mesh;
  // Tailscale's stage is the apps' chart Services, rendered per placement; NetBird's its policies.
  return mesh.id === "tailscale" ? { n: mesh.tailnet().services.length, unit: "tailnet Service" } : { n: mesh.policies().length, unit: "mesh policy" };
}

/** One round on one platform: the pipeline stage by stage, each rule, each target. */
function inProcessRound(dir: string): { round: Round; facts: Facts } {
  const stages = new Map<string, number>();
  const [snap, read] = time(() => readFolder(dir));
  stages.set("read", read);
  const [loaded, modelMs] = time(() => buildModel(snap));
  stages.set("model", modelMs);
  const model = loaded.model;
  const index = indexPlatform(model);
  // The derived views rules and targets share, built once before them (in check they are built by the first rule that asks).
  stages.set("placements", time(() => index.placements())[1]);
  const [routing, routingMs] = time(() => index.routing);
  stages.set("routes", routingMs);
  stages.set("mesh", time(() => (index.mesh.id === "tailscale" ? index.mesh.tailnet() : undefined))[1] + time(() => index.mesh.policies())[1]);
  stages.set("mesh routes", time(() => index.meshRoutes())[1]);
  const ruleMs = new Map<string, number>();
  let findings = loaded.findings.length;
  for (const r of rules) {
    const [found, ms] = time(() => runRules([r], index));
    ruleMs.set(r.name, ms);
    findings += found.length;
  }
  const ctx = renderContext(model, { index });
  stages.set("cluster views", time(() => selectedClusters(ctx))[1]);
  const render = new Map<string, number>();
  const emit = new Map<string, number>();
  const counts = new Map<string, TargetCount & { units: number }>();
  for (const t of targets) {
    const [{ outputs, units }, rms] = time(() => renderTarget(ctx, t));
    const [texts, ems] = time(() => outputs.map(emitOutput));
    render.set(t.id, rms);
    emit.set(t.id, ems);
    counts.set(t.id, { ...countOutputs(outputs, texts), units });
  }
  const subjects = new Map(rules.map((r) => [r.name, ruleSubject(r.name, model, index)]));
  return { round: { stages, rules: ruleMs, render, emit }, facts: { counts, subjects, routes: routing.routes.length, placements: index.placements().length, meshObjects: meshObjectsOf(index), meshRoutes: index.meshRoutes().length, findings } };
}

// ---------------------------------------------------------------- fresh processes

interface Job {
  label: string;
  argv: (run: number) => string[];
  validate: (stdout: string, status: number | null) => string | undefined;
  after?: (run: number) => void;
  ms: number[];
  problem?: string;
}

function zeroDiagnostics(stdout: string, status: number | null): string | undefined {
  try {
    const doc = JSON.parse(stdout) as { diagnostics?: unknown[]; summary?: { errors?: number; warnings?: number } };
    const n = doc.diagnostics?.length ?? 0;
    return status === 0 && n === 0 ? undefined : `exit ${status}, ${doc.summary?.errors ?? "?"} errors, ${doc.summary?.warnings ?? "?"} warnings, ${n} diagnostics`;
  } catch {
    return `exit ${status}, output is not JSON`;
  }
}

function wroteFiles(stdout: string, status: number | null): string | undefined {
  if (status !== 0) return `exit ${status}`;
  try {
    const files = (JSON.parse(stdout) as { files?: unknown[] }).files;
    return Array.isArray(files) && files.length > 0 ? undefined : "no files written";
  } catch {
    return "output is not JSON";
  }
}

function runJob(j: Job, run: number): { ms: number; stdout: string; stderr: string; status: number | null } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, j.argv(run), { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  j.after?.(run);
  return { ms, stdout: r.stdout ?? "", stderr: r.stderr ?? r.error?.message ?? "", status: r.status };
}

// ---------------------------------------------------------------- report

const fmt = (ms: number): string => (!Number.isFinite(ms) ? "?" : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const perObject = (ms: number, n: number): string => (n > 0 && Number.isFinite(ms) ? ((ms * 1000) / n).toFixed(1) : "–");
const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}x` : "–");

/** A markdown table; numbers (the columns from rightFrom up to leftFrom) right-aligned. */
function table(header: string[], rows: string[][], rightFrom: number, leftFrom = header.length): string {
  const right = (i: number): boolean => i >= rightFrom && i < leftFrom;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => (right(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  return [line(header), `|${widths.map((w, i) => (right(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`, ...rows.map(line)].join("\n");
}

/** Medians of one measure over the rounds. */
function med(rounds: readonly Round[], pick: (r: Round) => number | undefined): number {
  return median(rounds.map(pick).filter((x): x is number => x !== undefined));
}

interface Platform {
  label: string;
  dir: string;
  gen: GeneratedPlatform;
  rounds: Round[];
  facts?: Facts;
}

function report(opts: Options, layered: Platform, plain: Platform, jobs: Job[], started: Date, load0: number[]): string {
  const L = layered.rounds;
  const D = plain.rounds;
  const f = layered.facts!;
  const fd = plain.facts!;
  const out: string[] = [];
  const size = `${opts.apps}x${opts.clusters}`;
  const c = layered.gen.layers!;
  out.push(
    `- date ${started.toISOString()}; node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}; load average before/after ${load0.map((x) => x.toFixed(2)).join(" ")} / ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`,
    `- ${opts.smoke ? "smoke run: one round, no warm-up (times from single cold runs)" : `${opts.rounds} rounds after one warm-up round, medians`}; seed ${opts.seed}; in process: the layered and the default platform interleaved each round`,
    `- layered ${size}: ${layered.gen.apps.length} apps, ${layered.gen.files} files (${(layered.gen.bytes / 1024 / 1024).toFixed(1)} MiB); ${c.gateways} gateways, ${c.nodes} Talos nodes, ${c.edges} edges, ${c.tailnetServices} apps with a tailnet Service; exposures: ${c.exposures.gateway} via gateway, ${c.exposures.edge} via edge, ${c.exposures.tunnel} via tunnel (besides the default shape's ~2% public apps), ${c.exposures.lan} LAN names, ${c.exposures.auth} with auth; ${f.routes} routes; ${f.findings} diagnostics`,
    `- default ${size}: ${plain.gen.apps.length} apps, ${plain.gen.files} files (${(plain.gen.bytes / 1024 / 1024).toFixed(1)} MiB), mesh netbird; ${fd.routes} routes; ${fd.findings} diagnostics`,
    "",
  );

  out.push("Render targets (registry order; render = computing the outputs over all units, emit = writing them as text; per object = (render + emit) / objects)", "");
  const trows = targets.map((t) => {
    const cnt = f.counts.get(t.id)!;
    const obj = objectsOf(cnt);
    const r = med(L, (x) => x.render.get(t.id));
    const e = med(L, (x) => x.emit.get(t.id));
    const dr = med(D, (x) => (x.render.get(t.id) ?? 0) + (x.emit.get(t.id) ?? 0));
    const dobj = objectsOf(fd.counts.get(t.id)!);
    const kinds = [...cnt.kinds].sort((a, b) => b[1] - a[1]);
    const detail = kinds.length > 0 && kinds.length <= 8 ? kinds.map(([k, n]) => `${n} ${k}`).join(", ") : kinds.length > 8 ? `${kinds.length} kinds` : "";
    return [t.id, `${cnt.units} ${t.scope === "platform" ? "platform" : t.scope === "cluster" ? "clusters" : `${t.scope}s`}`, `${obj.n} ${obj.unit}`, fmt(r), fmt(e), perObject(r + e, obj.n), `${dobj.n}`, fmt(dr), detail];
  });
  out.push(table(["target", "units", "objects (layered)", "render ms", "emit ms", "µs/object", "objects (default)", "default ms", "what (layered)"], trows, 2, 8), "");

  out.push("Derived views (built once; check's first rule or build's first target pays them) and the routes", "");
  const srows = ["read", "model", "placements", "routes", "mesh", "mesh routes", "cluster views"].map((s) => {
    const l = med(L, (x) => x.stages.get(s));
    const d = med(D, (x) => x.stages.get(s));
    const per = (what: string, n: number, dn: number): string => `${perObject(l, n)} µs per ${what} (${n}; default ${perObject(d, dn)}, ${dn})`;
    const detail =
      s === "routes" ? per("route", f.routes, fd.routes) : s === "placements" ? per("placement", f.placements, fd.placements) : s === "mesh"
            ? `${perObject(l, f.meshObjects.n)} µs per ${f.meshObjects.unit} (${f.meshObjects.n}; default ${perObject(d, fd.meshObjects.n)} per ${fd.meshObjects.unit}, ${fd.meshObjects.n})`
            : s === "mesh routes"
              ? per("mesh route", f.meshRoutes, fd.meshRoutes)
              : "";
    return [s, fmt(l), fmt(d), ratio(l, d), detail];
  });
  out.push(table(["stage", "layered ms", "default ms", "layered/default", "per object"], srows, 1, 4), "");
  out.push(
    "- placements: every app on every cluster; routes: the routing index (public, LAN and edge routes with the gateways' and tunnels' rules); mesh: the mesh's objects and policies (for Tailscale, the apps' chart templates rendered per placement for the tailnet Services, then the grants); mesh routes: the mesh names",
    "",
  );

  out.push("Check rules (check's order, on an index whose views are built: each rule's own work; per object = its time / what it walked)", "");
  const rrows = rules.map((r) => {
    const l = med(L, (x) => x.rules.get(r.name));
    const d = med(D, (x) => x.rules.get(r.name));
    const s = f.subjects.get(r.name)!;
    return [r.name, fmt(l), `${s.n} ${s.unit}`, perObject(l, s.n), fmt(d), ratio(l, d)];
  });
  const sum = (rs: Round[]): number => med(rs, (x) => [...x.rules.values()].reduce((a, b) => a + b, 0));
  rrows.push(["(all rules)", fmt(sum(L)), "", "", fmt(sum(D)), ratio(sum(L), sum(D))]);
  out.push(table(["rule", "layered ms", "checked (layered)", "µs/object", "default ms", "layered/default"], rrows, 1), "");
  out.push("- checked: what the rule walks, roughly (the objects its time is best divided by); a rule that finds its layer absent (netbird-objects on Tailscale) costs next to nothing", "");

  out.push(`Whole commands, fresh processes (${opts.smoke ? "one run each" : `${opts.rounds} interleaved rounds after a warm-up, medians`}): the layers' total cost`, "");
  const st = (label: string): Job | undefined => jobs.find((j) => j.label === label);
  const jrows = (["check", "build"] as const).map((cmd) => {
    const l = st(`${cmd} layered`)!;
    const d = st(`${cmd} default`)!;
    const problems = [l.problem, d.problem].filter((p) => p !== undefined);
    const range = (j: Job): string => `${fmt(Math.min(...j.ms))}-${fmt(Math.max(...j.ms))}`;
    return [cmd, fmt(median(l.ms)), range(l), fmt(median(d.ms)), range(d), ratio(median(l.ms), median(d.ms)), problems.length ? `problem: ${problems.join("; ")}` : "ok"];
  });
  out.push(table(["command", "layered ms", "layered min-max", "default ms", "default min-max", "layered/default", "validated"], jrows, 1, 6), "");
  out.push(
    "- check = `node bin/homescale check --repo DIR --format json` (validated: exit 0 and no diagnostic at all); build = `node bin/homescale build --repo DIR --out TMP --format json` (validated: files written)",
    "- objects: YAML documents for YAML targets, Terraform resources (`resource` blocks) for Terraform ones, files for the rest; a file several targets share (network.yaml) is counted under each target for its own documents",
  );
  return out.join("\n") + "\n";
}

/** Replaces the layers section of the docs between its markers; adds the heading and markers before the dashboard's section when missing. */
function writeDocs(file: string, text: string): void {
  const page = fs.readFileSync(file, "utf8");
  const body = generatedBody("`node dist/bench/layers.js` (bench/layers.ts)", text);
  let next = replaceSection(page, BEGIN, END, body);
  if (next === undefined) {
    const at = page.indexOf(`\n${BEFORE}\n`);
    const section = `${HEADING}\n\n${BEGIN}${body}${END}\n\n`;
    next = at >= 0 ? `${page.slice(0, at + 1)}${section}${page.slice(at + 1)}` : `${page.replace(/\n*$/, "\n")}\n${section}`;
  }
  fs.writeFileSync(file, next);
}

// ---------------------------------------------------------------- main

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "homescale-layers-bench-"));
  const started = new Date();
  const load0 = os.loadavg();
  try {
    const make = (shape: "layered" | "default"): Platform => {
      const dir = path.join(tmp, shape);
      const [gen, ms] = time(() => generatePlatform(dir, { apps: opts.apps, clusters: opts.clusters, seed: opts.seed, shape }));
      log(`${shape} ${opts.apps}x${opts.clusters}: ${gen.files} files, generated in ${ms.toFixed(0)} ms`);
      return { label: shape, dir, gen, rounds: [] };
    };
    const layered = make("layered");
    const plain = make("default");
    const platforms = [layered, plain];

    // In process: a warm-up round (JIT, page cache), then the rounds, the two platforms interleaved.
    for (let round = opts.smoke ? 0 : -1; round < opts.rounds; round++) {
      for (const p of platforms) {
        const { round: r, facts } = inProcessRound(p.dir);
        p.facts ??= facts;
        if (round >= 0) p.rounds.push(r);
      }
      log(`in process ${round < 0 ? "warm-up" : `round ${round + 1}/${opts.rounds}`}: ${platforms.map((p) => `${p.label} rules ${fmt([...p.rounds.at(-1)?.rules.values() ?? []].reduce((a, b) => a + b, 0))} ms`).join(", ")}`);
    }

    // Fresh processes, interleaved: what a user waits for.
    const jobs: Job[] = [];
    for (const cmd of ["check", "build"] as const) {
      for (const p of platforms) {
        const outOf = (run: number): string => path.join(tmp, `out-${p.label}-${run}`);
        jobs.push({
          label: `${cmd} ${p.label}`,
          argv: (run) => (cmd === "check" ? [BIN, "check", "--repo", p.dir, "--format", "json"] : [BIN, "build", "--repo", p.dir, "--out", outOf(run), "--format", "json"]),
          validate: cmd === "check" ? zeroDiagnostics : wroteFiles,
          after: cmd === "build" ? (run) => fs.rmSync(outOf(run), { recursive: true, force: true }) : undefined,
          ms: [],
        });
      }
    }
    for (let round = opts.smoke ? 0 : -1; round < opts.rounds; round++) {
      for (const j of jobs) {
        const r = runJob(j, round);
        if (round < 0 || opts.smoke) {
          const problem = j.validate(r.stdout, r.status);
          if (problem !== undefined) {
            j.problem = problem;
            log(`WARNING ${j.label}: ${problem}${r.stderr ? `\n${r.stderr.slice(0, 2000)}` : ""}`);
          }
        } else if (r.status !== 0 && j.problem === undefined) j.problem = `exit ${r.status} in round ${round + 1}`;
        if (round >= 0) j.ms.push(r.ms);
      }
      log(`processes ${round < 0 ? "warm-up" : `round ${round + 1}/${opts.rounds}`}: ${jobs.map((j) => `${j.label} ${j.ms.length ? fmt(j.ms.at(-1)!) : "(warm-up)"}`).join(", ")}`);
    }

    const text = report(opts, layered, plain, jobs, started, load0);
    process.stdout.write(`\n${text}`);
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, `# homescale layers bench\n\n${text}`);
    log(`wrote ${path.relative(process.cwd(), opts.out) || opts.out}`);
    if (opts.docs !== undefined) {
      writeDocs(opts.docs, text);
      log(`wrote the layers section of ${path.relative(process.cwd(), opts.docs) || opts.docs}`);
    }
    if (jobs.some((j) => j.problem !== undefined) || layered.facts!.findings > 0) process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`layers bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
