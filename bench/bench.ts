/**
 * `npm run bench`: how long `homescale check` (and `build`, once the CLI has it) takes on synthetic
 * platforms, next to the floor (read the same files + js-yaml, nothing else).
 *
 *   node dist/bench/bench.js [--quick] [--rounds N] [--sizes 200x3,2000x20] [--seed N] [--keep] [--rss time|wrapper]
 *
 * Every measurement is a fresh child process, as a user runs it (Node startup included). Commands
 * are interleaved (A B C A B C ...) over at least 5 rounds after one warm-up round, and the median
 * is reported: the machine is shared and noisy, and interleaving spreads the noise evenly. Peak RSS
 * comes from `/usr/bin/time -f %M` when available, else from a wrapper that reads
 * process.resourceUsage().maxRSS. No timing is asserted anywhere: this reports, it never fails on speed.
 *
 * The table is printed and written to bench/results/latest.md.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generatePlatform } from "./generate.js";

const HERE = path.dirname(fileURLToPath(import.meta.url)); // dist/bench
const ROOT = path.resolve(HERE, "../..");
const BIN = path.join(ROOT, "bin/homescale");
const FLOOR = path.join(HERE, "floor.js");
const RSS_WRAP = path.join(HERE, "rss-wrap.js");
const RESULTS = path.join(ROOT, "bench/results/latest.md");

interface Options {
  quick: boolean;
  rounds: number;
  sizes: { apps: number; clusters: number }[];
  seed: number;
  keep: boolean;
  rss: "time" | "wrapper" | "auto";
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, rounds: 5, sizes: [], seed: 1, keep: false, rss: "auto" };
  let sizes: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") o.quick = true;
    else if (a === "--rounds") o.rounds = Math.max(5, Number(val()));
    else if (a === "--sizes") sizes = val();
    else if (a === "--seed") o.seed = Number(val());
    else if (a === "--keep") o.keep = true;
    else if (a === "--rss") o.rss = val() as Options["rss"];
    else if (a === "--help" || a === "-h") {
      process.stdout.write("usage: node dist/bench/bench.js [--quick] [--rounds N>=5] [--sizes 200x3,2000x20,10000x20] [--seed N] [--keep] [--rss time|wrapper]\n");
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  sizes ??= o.quick ? "200x3" : "200x3,2000x20,10000x20";
  o.sizes = sizes.split(",").map((s) => {
    const m = /^(\d+)x(\d+)$/.exec(s.trim());
    if (!m) throw new Error(`bad size ${s} (want APPSxCLUSTERS)`);
    return { apps: Number(m[1]), clusters: Number(m[2]) };
  });
  return o;
}

interface Job {
  size: string;
  files: number;
  command: "check" | "build" | "floor";
  argv: (run: number) => string[];
  after?: (run: number) => void;
  validate: (stdout: string, status: number | null) => string | undefined;
  ms: number[];
  cpuMs: number[];
  rssKb: number[];
  problem?: string;
}

function median(xs: number[]): number {
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

/** Runs one measurement; returns wall milliseconds, CPU (user + system) milliseconds and peak RSS in KiB. */
function measure(
  job: Job,
  run: number,
  useTime: boolean,
  rssFile: string,
): { ms: number; cpuMs: number; rssKb: number; stdout: string; status: number | null; stderr: string } {
  const args = job.argv(run);
  fs.rmSync(rssFile, { force: true });
  let cmd: string;
  let argv: string[];
  const env = { ...process.env };
  if (useTime) {
    cmd = "/usr/bin/time";
    argv = ["-f", "%M %U %S", "-o", rssFile, process.execPath, ...args];
  } else {
    cmd = process.execPath;
    argv = [RSS_WRAP, ...args];
    env.HS_BENCH_RSS_FILE = rssFile;
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
  return { ms, cpuMs, rssKb, stdout: r.stdout ?? "", stderr: r.stderr ?? "", status: r.status };
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

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

function cpuModel(): string {
  const c = os.cpus();
  return `${c.length} x ${c[0]?.model ?? "unknown CPU"}`;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const useTime = opts.rss === "time" || (opts.rss === "auto" && timeWorks());
  const withBuild = hasBuildCommand();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "homescale-bench-"));
  const rssFile = path.join(tmp, "rss");
  const load0 = os.loadavg();
  const started = new Date();
  const log = (s: string): void => void process.stderr.write(s + "\n");
  log(`homescale bench: ${opts.sizes.map((s) => `${s.apps}x${s.clusters}`).join(", ")}; ${opts.rounds} rounds; peak RSS via ${useTime ? "/usr/bin/time" : "resourceUsage wrapper"}; build ${withBuild ? "found" : "not in the CLI yet, skipped"}`);
  log(`temp dir ${tmp}`);

  const jobs: Job[] = [];
  const gen: string[] = [];
  try {
    for (const s of opts.sizes) {
      const size = `${s.apps}x${s.clusters}`;
      const dir = path.join(tmp, size);
      const t0 = performance.now();
      const g = generatePlatform(dir, { apps: s.apps, clusters: s.clusters, seed: opts.seed });
      const line = `${size}: ${g.files} files, ${(g.bytes / 1024 / 1024).toFixed(1)} MiB, ${g.appLines.total} app.yaml lines (largest ${g.appLines.max}), ${g.publicApps.length} public apps, generated in ${(performance.now() - t0).toFixed(0)} ms`;
      gen.push(line);
      log(line);
      const yamlFiles = g.apps.length + 2;
      jobs.push({
        size,
        files: yamlFiles,
        command: "check",
        argv: () => [BIN, "check", "--repo", dir, "--format", "json"],
        validate: checkValidator,
        ms: [],
        cpuMs: [],
        rssKb: [],
      });
      jobs.push({
        size,
        files: yamlFiles,
        command: "floor",
        argv: () => [FLOOR, dir],
        validate: (out, status) => (status === 0 && JSON.parse(out).files === yamlFiles ? undefined : `exit ${status}, ${out.trim()}`),
        ms: [],
        cpuMs: [],
        rssKb: [],
      });
      if (withBuild) {
        const outOf = (run: number): string => path.join(tmp, `out-${size}-${run}`);
        jobs.push({
          size,
          files: yamlFiles,
          command: "build",
          argv: (run) => [BIN, "build", "--repo", dir, "--out", outOf(run), "--format", "json"],
          after: (run) => fs.rmSync(outOf(run), { recursive: true, force: true }),
          validate: (out, status) => {
            if (status !== 0) return `exit ${status}`;
            try {
              const doc = JSON.parse(out) as { files?: unknown[] };
              return Array.isArray(doc.files) && doc.files.length > 0 ? undefined : "no files written";
            } catch {
              return "output is not JSON";
            }
          },
          ms: [],
          cpuMs: [],
          rssKb: [],
        });
      }
    }

    // Warm-up round (page cache, V8 code cache of the OS): also validates every command once.
    for (const job of jobs) {
      const r = measure(job, -1, useTime, rssFile);
      const problem = job.validate(r.stdout, r.status);
      if (problem !== undefined) {
        job.problem = problem;
        log(`WARNING ${job.size} ${job.command}: ${problem}${r.stderr ? `\n${r.stderr.slice(0, 2000)}` : ""}`);
      }
    }
    for (let round = 0; round < opts.rounds; round++) {
      for (const job of jobs) {
        const r = measure(job, round, useTime, rssFile);
        job.ms.push(r.ms);
        job.cpuMs.push(r.cpuMs);
        job.rssKb.push(r.rssKb);
      }
      log(`round ${round + 1}/${opts.rounds}: ${jobs.map((j) => `${j.size} ${j.command} ${fmtMs(j.ms[round]!)}`).join(", ")}`);
    }
  } finally {
    if (opts.keep) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }

  // The table.
  const floorOf = new Map(jobs.filter((j) => j.command === "floor").map((j) => [j.size, median(j.ms)]));
  const cpuFloorOf = new Map(jobs.filter((j) => j.command === "floor").map((j) => [j.size, median(j.cpuMs.filter(Number.isFinite))]));
  const header = ["size (apps x clusters)", "command", "median ms", "min-max ms", "x floor", "median CPU ms", "CPU x floor", "peak RSS MB"];
  const rows = jobs.map((j) => {
    const med = median(j.ms);
    const rss = j.rssKb.filter((x) => Number.isFinite(x));
    const cpu = j.cpuMs.filter((x) => Number.isFinite(x));
    return [
      j.size,
      j.command + (j.problem ? ` (${j.problem})` : ""),
      fmtMs(med),
      `${fmtMs(Math.min(...j.ms))}-${fmtMs(Math.max(...j.ms))}`,
      (med / floorOf.get(j.size)!).toFixed(2),
      cpu.length ? fmtMs(median(cpu)) : "?",
      cpu.length ? (median(cpu) / cpuFloorOf.get(j.size)!).toFixed(2) : "?",
      rss.length ? (median(rss) / 1024).toFixed(0) : "?",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const mdRow = (r: string[]): string => `| ${r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  const table = [mdRow(header), `|${widths.map((w, i) => (i >= 2 ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|`, ...rows.map(mdRow)].join("\n");
  const ratios = [...new Set(jobs.map((j) => j.size))]
    .map((size) => {
      const parts = jobs
        .filter((j) => j.size === size && j.command !== "floor")
        .map(
          (j) =>
            `${j.command}/floor ${(median(j.ms) / floorOf.get(size)!).toFixed(2)}x wall (${fmtMs(median(j.ms) - floorOf.get(size)!)} ms above the floor), ` +
            `${(median(j.cpuMs.filter(Number.isFinite)) / cpuFloorOf.get(size)!).toFixed(2)}x CPU`,
        );
      return `- ${size}: ${parts.join("; ")}`;
    })
    .join("\n");
  const load1 = os.loadavg();
  const env = [
    `- date: ${started.toISOString()}`,
    `- node ${process.version}, ${cpuModel()}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}`,
    `- load average before/after: ${load0.map((x) => x.toFixed(2)).join(" ")} / ${load1.map((x) => x.toFixed(2)).join(" ")}`,
    `- ${opts.rounds} interleaved rounds after one warm-up round; each run is a fresh \`node\` process; wall time measured by the parent around the spawn; CPU (user+system) and peak RSS via ${useTime ? "\`/usr/bin/time -f '%M %U %S'\` (CPU in 10 ms steps)" : "process.resourceUsage() in a wrapper"}; seed ${opts.seed}`,
    "- the machine is shared: wall times move with other load; CPU time moves less, so compare both (CPU can exceed wall: V8 runs GC and compilation on helper threads)",
    `- check = \`node bin/homescale check --repo DIR --format json\`; floor = \`node dist/bench/floor.js DIR\` (read the same YAML files, js-yaml CORE_SCHEMA, nothing else)${withBuild ? "; build = `node bin/homescale build --repo DIR --out TMP --format json` (all clusters)" : "; build: not in the CLI yet (picked up automatically once `homescale --help` lists it)"}`,
  ].join("\n");
  const md = `# homescale bench\n\n${env}\n\n## Platforms\n\n${gen.map((g) => `- ${g}`).join("\n")}\n\n## Results\n\n${table}\n\n## Ratios to the floor\n\n${ratios}\n`;
  process.stdout.write(`\n${table}\n\n${ratios}\n`);
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, md);
  log(`\nwrote ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
}

main();
