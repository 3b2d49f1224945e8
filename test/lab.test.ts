/**
 * `homescale lab` with the real daemons: wireguard-go, nftables, HAProxy and nginx in network
 * namespaces, as root (npm test installs the Debian packages; without them a test skips with the
 * reason, and under CI=true it fails). Each test runs the CLI as a process, as a user does, and
 * checks that nothing is left: no namespace of the run, no daemon, no state file.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ROOT, tempDir } from "./helpers.js";
import { hasProgram, isRoot, needPrograms } from "./system.js";

const EXAMPLE_EDGE = path.join(ROOT, "examples", "vps-edge");
const ENVOY_EDGE = path.join(ROOT, "test", "fixtures", "edge-envoy");
const BIN = path.join(ROOT, "bin", "homescale");
const STATE_DIR = "/run/homescale-lab";

/** The lab needs root as well as its programs; under CI=true neither may be missing. */
function needLab(): false | string {
  const programs = needPrograms("wireguard-go", "wg", "nft", "haproxy", "nginx", "ip", "ss", "curl", "openssl");
  if (programs) return programs;
  if (isRoot()) return false;
  if (process.env.CI === "true") throw new Error("CI=true: the lab tests need root");
  return "needs root (network namespaces)";
}
const skip = needLab();

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], opts: { onStart?: (pid: number) => void } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    opts.onStart?.(child.pid!);
  });
}

type LabState = { prefix: string; edge: string; namespaces: string[]; pids: { role: string; pid: number }[]; owner?: { pid: number } };

function states(): LabState[] {
  if (!fs.existsSync(STATE_DIR)) return [];
  return fs
    .readdirSync(STATE_DIR)
    .filter((f) => /^hsl[0-9a-f]{4}\.json$/.test(f))
    .flatMap((f) => {
      try {
        return [JSON.parse(fs.readFileSync(path.join(STATE_DIR, f), "utf8")) as LabState];
      } catch {
        return [];
      }
    });
}

const namespaces = (): string[] => spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout.split("\n").map((l) => l.split(" ")[0]!).filter((n) => n !== "");
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
};

/** Nothing of the run is left: its namespaces, its daemons, its state file. */
function assertGone(s: LabState): void {
  const left = namespaces().filter((n) => n.startsWith(`${s.prefix}-`));
  assert.deepEqual(left, [], `namespaces left by ${s.prefix}`);
  for (const p of s.pids) assert.equal(alive(p.pid), false, `${p.role} (${p.pid}) still runs`);
  assert.equal(fs.existsSync(path.join(STATE_DIR, `${s.prefix}.json`)), false, "state file left");
  for (const dev of ["wgv", "wgh"]) assert.equal(fs.existsSync(`/var/run/wireguard/${s.prefix}-${dev}.sock`), false, `WireGuard socket ${dev} left`);
}

/** Waits until `pid`'s run has recorded its daemons (so there is something to take down). */
async function waitForRun(pid: number, roles: number): Promise<LabState> {
  for (let i = 0; i < 200; i++) {
    const s = states().find((x) => x.owner?.pid === pid && x.pids.length >= roles);
    if (s) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`run ${pid} recorded no daemons`);
}

type Check = { name: string; port: number; expect: string; result: string; detail: string };

test("the example edge: lab up leaves it running, lab test checks it with real requests, lab down removes everything", { skip }, async () => {
  const up = await cli(["lab", "up", "--repo", EXAMPLE_EDGE, "--format", "json"]);
  assert.equal(up.code, 0, up.stderr);
  const { edges } = JSON.parse(up.stdout) as { edges: { edge: string; prefix: string; state: string }[] };
  assert.deepEqual(edges.map((e) => [e.edge, e.state]), [["vps1", "up"]]);
  const s = states().find((x) => x.prefix === edges[0]!.prefix)!;
  try {
    assert.deepEqual(s.namespaces.sort(), ["client", "cluster", "home", "vps"].map((n) => `${s.prefix}-${n}`));
    for (const n of s.namespaces) assert.ok(namespaces().includes(n), n);
    assert.deepEqual(s.pids.map((p) => p.role).sort(), ["haproxy", "nginx", "wireguard-go home", "wireguard-go vps"]);
    // No interface of the run is in the host's namespace, and no address of the platform either.
    const host = spawnSync("ip", ["-o", "addr"], { encoding: "utf8" }).stdout;
    assert.doesNotMatch(host, new RegExp(`${s.prefix}-|203\\.0\\.113\\.10|10\\.10\\.10\\.|192\\.168\\.1\\.80`));
    // The ruleset loaded in the VPS is the generated one, with the lab's interface names.
    const ruleset = spawnSync("ip", ["netns", "exec", `${s.prefix}-vps`, "nft", "list", "ruleset"], { encoding: "utf8" }).stdout;
    assert.match(ruleset, new RegExp(`iifname "${s.prefix}-wan" tcp dport 443 dnat (ip )?to 10\\.10\\.10\\.2:32443`));

    const t = await cli(["lab", "test", "--repo", EXAMPLE_EDGE, "--format", "json"]);
    assert.equal(t.code, 0, t.stdout + t.stderr);
    const doc = JSON.parse(t.stdout) as { diagnostics: unknown[]; edges: { edge: string; checks: Check[] }[] };
    assert.deepEqual(doc.diagnostics, []);
    const checks = doc.edges[0]!.checks;
    assert.deepEqual(
      checks.map((c) => `${c.name}:${c.port} ${c.expect} ${c.result}`),
      [
        "blog.example.org:443 reach pass",
        "blog.example.org:80 reach pass",
        "www.example.org:443 reach pass",
        "www.example.org:80 reach pass",
        "shop.example.org:443 reach pass",
        "shop.example.org:80 reach pass",
        "203.0.113.10:22 drop pass",
        "203.0.113.10:8080 drop pass",
        "203.0.113.10:32080 drop pass",
        "203.0.113.10:32443 drop pass",
        "203.0.113.10:2222 reach pass",
      ],
    );
    // PROXY v2 without masquerade: the gateway saw the client itself.
    assert.match(checks[0]!.detail, /HTTP 200 from app blog; the gateway saw client 198\.51\.100\.2 \(predicted 198\.51\.100\.2: PROXY v2 and no masquerade/);
    assert.match(checks[4]!.detail, /from app shop/);
    assert.match(checks[1]!.detail, /HTTP 308 -> https:\/\/blog\.example\.org\//);
    // lab test used the running lab and left it running.
    assert.ok(namespaces().includes(`${s.prefix}-vps`));
  } finally {
    const down = await cli(["lab", "down", "--edge", "vps1", "--format", "json"]);
    assert.equal(down.code, 0, down.stderr);
  }
  assertGone(s);
});

test("a lab of its own: PROXY with masquerade shows the VPS's tunnel address; a build edited by hand fails where it drops a forwarded port", { skip }, async () => {
  const t = await cli(["lab", "test", "--repo", ENVOY_EDGE, "--format", "json"]);
  assert.equal(t.code, 0, t.stdout + t.stderr);
  const checks = (JSON.parse(t.stdout) as { edges: { checks: Check[] }[] }).edges[0]!.checks;
  assert.ok(checks.every((c) => c.result === "pass"), JSON.stringify(checks, null, 1));
  const site = checks.find((c) => c.name === "site.example.net" && c.port === 443)!;
  assert.match(site.detail, /the gateway saw client 10\.77\.0\.1 \(predicted 10\.77\.0\.1: PROXY v2 with masquerade/);
  // A wildcard name is asked for by a name under it.
  assert.match(checks.find((c) => c.name === "*.apps.example.net")!.detail, /https:\/\/lab-probe\.apps\.example\.net:443\/: HTTP 200 from app wild/);
  // Only 443 is forwarded: 80 is dropped like any other port; the management port admits only its range.
  assert.equal(checks.find((c) => c.port === 80)!.expect, "drop");
  assert.match(checks.find((c) => c.port === 2200)!.detail, /admits only 192\.0\.2\.0\/24/);
  assert.equal(states().filter((s) => s.edge === "edge-a").length, 0, "lab test took its own lab down");

  // The same checks against a build whose ruleset lost its DNAT: every name fails, the drops still pass.
  const out = path.join(tempDir("homescale-lab-"), "out");
  const b = spawnSync(process.execPath, [BIN, "build", "--repo", ENVOY_EDGE, "--out", out], { encoding: "utf8" });
  assert.equal(b.status, 0, b.stderr);
  const nft = path.join(out, "edges/edge-a/vps/nftables.conf");
  fs.writeFileSync(nft, fs.readFileSync(nft, "utf8").replace(/^\s*iifname \$WAN tcp dport 443 dnat.*\n/m, ""));
  const bad = await cli(["lab", "test", "--repo", ENVOY_EDGE, "--build", out, "--format", "json"]);
  assert.equal(bad.code, 1, bad.stderr);
  const badChecks = (JSON.parse(bad.stdout) as { edges: { checks: Check[] }[] }).edges[0]!.checks;
  assert.deepEqual(badChecks.filter((c) => c.result === "fail").map((c) => `${c.name}:${c.port}`), ["site.example.net:443", "*.apps.example.net:443"]);
  assert.match(badChecks[0]!.detail, /timed out/);
  assert.equal(states().filter((s) => s.edge === "edge-a").length, 0);
  assert.deepEqual(namespaces().filter((n) => /^hsl[0-9a-f]{4}-/.test(n) && states().every((s) => !n.startsWith(s.prefix))), []);
});

test("SIGINT takes the run's lab down: every daemon by its PID, every namespace", { skip }, async () => {
  let pid = 0;
  const done = cli(["lab", "test", "--repo", ENVOY_EDGE], { onStart: (p) => (pid = p) });
  const s = await waitForRun(pid, 1);
  process.kill(pid, "SIGINT");
  const r = await done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /SIGINT: taking the lab down/);
  assertGone(s);
});

test("lab down removes what a crashed run left (the run killed with SIGKILL)", { skip }, async () => {
  let pid = 0;
  const done = cli(["lab", "test", "--repo", ENVOY_EDGE], { onStart: (p) => (pid = p) });
  const s = await waitForRun(pid, 2);
  process.kill(pid, "SIGKILL");
  await done;
  const left = states().find((x) => x.prefix === s.prefix)!;
  assert.ok(left, "the crashed run's state is there");
  assert.ok(namespaces().some((n) => n.startsWith(`${s.prefix}-`)), "and its namespaces");
  const down = await cli(["lab", "down", "--edge", "edge-a"]);
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, new RegExp(`edge edge-a \\(${s.prefix}\\) is down`));
  assertGone(left);
});

test("without root, lab says why and exits 2", { skip: hasProgram("setpriv") || !isRoot() ? false : "needs setpriv to drop root" }, async () => {
  // As root, drop to nobody for the run; as another user, run as that user.
  const r = isRoot()
    ? spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, ...asNobody()], { encoding: "utf8", cwd: "/" })
    : spawnSync(process.execPath, [BIN, "lab", "test", "--repo", EXAMPLE_EDGE], { encoding: "utf8" });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /lab needs root: it makes network namespaces/);
  assert.equal(r.stdout, "");
});

/**
 * The launcher, the bundle and the example where nobody can read them: a checkout may sit in a
 * folder only root can enter (mktemp -d makes them 0700), where nobody could not even start it.
 */
function asNobody(): string[] {
  const dir = tempDir("homescale-nobody-");
  fs.chmodSync(dir, 0o755);
  for (const f of ["bin/homescale", "dist/homescale.cjs", "dist/homescale.cache"]) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true, mode: 0o755 });
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    fs.chmodSync(path.join(dir, f), 0o755);
  }
  const repo = path.join(dir, "vps-edge");
  fs.cpSync(EXAMPLE_EDGE, repo, { recursive: true });
  const open = (p: string): void => {
    fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) open(path.join(p, e));
  };
  open(repo);
  return [path.join(dir, "bin/homescale"), "lab", "test", "--repo", repo];
}
