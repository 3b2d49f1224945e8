/**
 * The lab's time: `homescale lab test --repo examples/vps-edge` (build, four namespaces, the real
 * daemons, every probe, teardown), a fresh process per run, wall time around the spawn. Part of
 * `npm run bench` (bench.ts adds its section to the report); `--smoke` runs it once. Skipped with
 * the reason when not root or a program the lab runs is missing: the lab needs both.
 *   node dist/bench/lab.js [--rounds N] [--smoke]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BIN, ROOT } from "./paths.js";

const PROGRAMS = ["wireguard-go", "wg", "nft", "haproxy", "nginx", "ip", "ss", "curl", "openssl"];

function missing(): string | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return "not root (the lab makes network namespaces)";
  const lacking = PROGRAMS.filter((p) => !(process.env.PATH ?? "").split(":").some((d) => d !== "" && fs.existsSync(path.join(d, p))));
  return lacking.length > 0 ? `missing ${lacking.join(", ")}` : undefined;
}

/** Markdown lines: the runs, or why there are none. */
export function labBench(opts: { rounds: number }): string {
  const why = missing();
  if (why) return `- lab: skipped, ${why}`;
  const times: number[] = [];
  let checks = "";
  for (let i = 0; i < opts.rounds; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, "lab", "test", "--repo", path.join(ROOT, "examples", "vps-edge"), "--format", "json"], { encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) return `- lab: problem: exit ${String(r.status)}: ${(r.stderr || r.stdout).trim().split("\n").slice(-2).join(" / ")}`;
    const doc = JSON.parse(r.stdout) as { edges: { checks: { result: string }[] }[] };
    const all = doc.edges.flatMap((e) => e.checks);
    checks = `${all.filter((c) => c.result === "pass").length}/${all.length} checks passed`;
    times.push(ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return [
    "| platform | command | runs | median | min | max |",
    "|---|---|---:|---:|---:|---:|",
    `| examples/vps-edge (1 edge, 3 names) | lab test | ${times.length} | ${(median / 1000).toFixed(2)} s | ${(sorted[0]! / 1000).toFixed(2)} s | ${(sorted.at(-1)! / 1000).toFixed(2)} s |`,
    "",
    `- \`node bin/homescale lab test --repo examples/vps-edge --format json\`, a fresh process per run: check, build into the run's folder, four namespaces, wireguard-go x2, nftables, HAProxy, the nginx gateway stand-in, ${checks} (the drops wait out a 1 s connect timeout, side by side), teardown`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--rounds");
  const rounds = args.includes("--smoke") ? 1 : i >= 0 ? Number(args[i + 1]) : 5;
  process.stdout.write(`${labBench({ rounds })}\n`);
}
