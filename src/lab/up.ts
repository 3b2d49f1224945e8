/**
 * Brings one edge's lab up from the files build wrote: the namespaces and veth pairs, the gateway
 * stand-in, WireGuard (wireguard-go in userspace, keys made for the run, `wg setconf` with the
 * generated config and the references filled in), nftables with the generated ruleset, HAProxy with
 * the generated cfg. Every name and PID goes into the state file before it exists, so a run
 * stopped at any point can be taken down (down.ts).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EdgeExpectation } from "./expect.js";
import { readEdgeFiles, type EdgeFiles } from "./files.js";
import { LabError, must, phase, run, startDaemon, startTime, waitFor } from "./proc.js";
import { readStates, writeState, type LabState } from "./state.js";
import { labRuleset, standinConfig, topology, type Topology } from "./topology.js";
import { setconfText } from "./wg-conf.js";

/** What the probes need of a running lab (kept in its state). */
export interface LabPlan {
  topology: Topology;
  cert: string;
  expectation: EdgeExpectation;
  /** Where public DNS sends each name, per the generated records. */
  resolved: Record<string, string | null>;
  /** What the files say the gateway does. */
  gatewayProxy: boolean;
  redirect: number;
}

/** Stops a run part-way when the user interrupts it. */
export class Aborted extends Error {}

export interface UpContext {
  /** Set when SIGINT arrives: each step checks it before going on. */
  aborted(): boolean;
  /** The state as it grows (the caller tears down from it on failure). */
  state: LabState;
}

function freshPrefix(): string {
  const taken = new Set(readStates().map((s) => s.prefix));
  for (;;) {
    const p = `hsl${crypto.randomBytes(2).toString("hex")}`;
    if (!taken.has(p) && !fs.existsSync(`/run/netns/${p}-client`)) return p;
  }
}

/** A new run's state, written before anything is made. */
export function newState(edge: string, repo: string, owned: boolean): LabState {
  const prefix = freshPrefix();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `homescale-lab-${prefix}-`));
  fs.chmodSync(dir, 0o700);
  const s: LabState = { prefix, edge, repo, dir, namespaces: [], pids: [], wireguard: [] };
  if (owned) s.owner = { pid: process.pid, start: startTime(process.pid) ?? "" };
  writeState(s);
  return s;
}

export async function labUp(out: string, x: EdgeExpectation, ctx: UpContext): Promise<LabPlan> {
  const s = ctx.state;
  const step = (): void => {
    if (ctx.aborted()) throw new Aborted("interrupted");
  };
  const f = readEdgeFiles(out, x);
  const t = topology(s.prefix, f);
  const ip = (ns: string, ...args: string[]) => must("ip", ["-n", ns, ...args]);
  const exec = (ns: string, cmd: string, args: string[], input?: string) => must("ip", ["netns", "exec", ns, cmd, ...args], input !== undefined ? { input } : {});

  phase("files read");
  // Namespaces: recorded, then made.
  const all = [t.ns.client, t.ns.vps, t.ns.home, t.ns.cluster];
  s.namespaces = all;
  s.wireguard = [t.wg.vps, t.wg.home];
  writeState(s);
  for (const ns of all) {
    step();
    await must("ip", ["netns", "add", ns]);
    await ip(ns, "link", "set", "lo", "up");
  }
  // The wires, made inside the namespaces: nothing ever sits in the host's.
  const pair = async (a: string, ia: string, b: string, ib: string) => {
    await ip(a, "link", "add", ia, "type", "veth", "peer", "name", ib, "netns", b);
    await ip(a, "link", "set", ia, "up");
    await ip(b, "link", "set", ib, "up");
  };
  step();
  await pair(t.ns.client, t.links.client[0], t.ns.vps, t.links.client[1]);
  await pair(t.ns.client, t.links.home[0], t.ns.home, t.links.home[1]);
  await pair(t.ns.home, t.links.cluster[0], t.ns.cluster, t.links.cluster[1]);
  await ip(t.ns.client, "addr", "add", `${t.client}/32`, "peer", `${t.edge}/32`, "dev", t.links.client[0]);
  await ip(t.ns.vps, "addr", "add", `${t.edge}/32`, "peer", `${t.client}/32`, "dev", t.links.client[1]);
  await ip(t.ns.client, "addr", "add", `${t.router}/32`, "peer", `${t.uplink}/32`, "dev", t.links.home[0]);
  await ip(t.ns.home, "addr", "add", `${t.uplink}/32`, "peer", `${t.router}/32`, "dev", t.links.home[1]);
  await ip(t.ns.home, "route", "add", "default", "via", t.router, "dev", t.links.home[1]);
  await ip(t.ns.home, "addr", "add", `${t.homeLan}/32`, "dev", t.links.cluster[0]);
  await ip(t.ns.cluster, "route", "add", `${t.homeLan}/32`, "dev", t.links.cluster[1]);
  for (const lb of t.lbs) {
    await ip(t.ns.home, "route", "add", `${lb}/32`, "dev", t.links.cluster[0], "src", t.homeLan);
    await ip(t.ns.cluster, "addr", "add", `${lb}/32`, "dev", t.links.cluster[1]);
  }
  // Home sits behind NAT: the internet router masquerades it towards the VPS.
  await exec(t.ns.client, "sysctl", ["-q", "-w", "net.ipv4.ip_forward=1"]);
  await exec(t.ns.client, "nft", ["-f", "-"], `table ip nat { chain postrouting { type nat hook postrouting priority srcnat; policy accept; oifname "${t.links.client[0]}" ip saddr ${t.uplink} masquerade; }; }\n`);

  phase("namespaces and links");
  // The gateway stand-in first, so HAProxy's first health checks find it.
  step();
  const names = [...new Set([...x.names.map((n) => n.name), ...f.gateway.routes.flatMap((r) => r.hosts)])];
  await must("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=homescale lab gateway", "-addext", `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`,
    "-keyout", path.join(s.dir, "key.pem"), "-out", path.join(s.dir, "cert.pem"),
  ]);
  for (const k of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) fs.mkdirSync(path.join(s.dir, `nginx-${k}`));
  fs.writeFileSync(path.join(s.dir, "nginx.conf"), standinConfig(s.dir, t, f));
  daemon(s, "nginx", t.ns.cluster, "nginx", ["-c", path.join(s.dir, "nginx.conf"), "-g", "daemon off;"]);
  await listening(t.ns.cluster, t.lbs.flatMap((lb) => [`${lb}:443`, `${lb}:80`]), "the gateway stand-in (nginx)", s);

  phase("gateway stand-in listening");
  // WireGuard: userspace, keys for this run only; the generated configs with the references filled in.
  step();
  const keys = { vps: await must("wg", ["genkey"]), home: await must("wg", ["genkey"]) };
  const pub = { vps: await must("wg", ["pubkey"], { input: keys.vps }), home: await must("wg", ["pubkey"], { input: keys.home }) };
  const env = { ...process.env, WG_PROCESS_FOREGROUND: "1", WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: "1" };
  for (const [side, ns, dev, other] of [["vps", t.ns.vps, t.wg.vps, "home"], ["home", t.ns.home, t.wg.home, "vps"]] as const) {
    const conf = side === "vps" ? f.vpsWg : f.homeWg;
    daemon(s, `wireguard-go ${side}`, ns, "wireguard-go", [dev], env);
    const sock = `/var/run/wireguard/${dev}.sock`;
    if (!(await waitFor(() => fs.existsSync(sock), 5000))) throw new LabError(`wireguard-go did not create ${dev} (${logTail(s, `wireguard-go ${side}`)})`);
    // The run's private key: in the run's own folder (0700), readable by root alone, gone once set.
    const file = path.join(s.dir, `${side}.setconf`);
    fs.writeFileSync(file, setconfText(conf.text, keys[side].trim(), [pub[other].trim()]), { mode: 0o600 });
    try {
      await exec(ns, "wg", ["setconf", dev, file]);
    } finally {
      fs.rmSync(file, { force: true });
    }
    await wgQuickUp(ns, dev, conf.q, ip, exec);
    // The VPS's firewall before home dials: its first handshake then meets the rules it always will.
    if (side === "vps") await exec(t.ns.vps, "nft", ["-f", "-"], labRuleset(f.nftables, t));
  }

  phase("wireguard and nftables");
  step();
  daemon(s, "haproxy", t.ns.home, "haproxy", ["-db", "-f", f.haproxyPath]);
  await listening(t.ns.home, f.frontends.map((x) => `${x.bind.address}:${x.bind.port}`), "HAProxy", s);
  // Home dials the VPS (PersistentKeepalive sends at once): the tunnel is up when the VPS has a handshake.
  const shaken = await waitFor(async () => /\t[1-9]\d*$/m.test((await run("ip", ["netns", "exec", t.ns.vps, "wg", "show", t.wg.vps, "latest-handshakes"])).stdout), 10_000, 50);
  if (!shaken) throw new LabError(`no WireGuard handshake between the VPS and home within 10 s (${logTail(s, "wireguard-go home")})`);

  phase("handshake");
  const resolved: Record<string, string | null> = {};
  for (const n of x.names) resolved[n.name] = f.resolve(probeHost(n.name)) ?? null;
  const plan: LabPlan = { topology: t, cert: path.join(s.dir, "cert.pem"), expectation: x, resolved, gatewayProxy: f.gateway.proxy, redirect: f.gateway.redirect };
  s.plan = plan;
  writeState(s);
  return plan;
}

/** A name to ask for: a wildcard is asked for by a name below it. */
export function probeHost(name: string): string {
  return name.startsWith("*.") ? `lab-probe.${name.slice(2)}` : name;
}

/** What wg-quick does after setconf: addresses, the link, a route per AllowedIPs (in its Table), rules, sysctls. */
async function wgQuickUp(
  ns: string,
  dev: string,
  q: EdgeFiles["vpsWg"]["q"],
  ip: (ns: string, ...a: string[]) => Promise<string>,
  exec: (ns: string, cmd: string, a: string[]) => Promise<string>,
): Promise<void> {
  for (const a of q.addresses) await ip(ns, "addr", "add", a, "dev", dev);
  await ip(ns, "link", "set", dev, "up");
  for (const p of q.peers) {
    for (const r of p.allowedIPs) {
      if (q.table === undefined && /\/0$/.test(r)) throw new LabError(`${dev}: AllowedIPs ${r} without a Table: wg-quick would route everything through the tunnel`);
      await ip(ns, "route", "replace", r, "dev", dev, ...(q.table !== undefined ? ["table", String(q.table)] : []));
    }
  }
  for (const r of q.rules) await ip(ns, "rule", "add", "from", r.from, "table", String(r.table));
  for (const c of q.sysctls) await exec(ns, "sysctl", ["-q", "-w", `${c.key}=${c.value}`]);
}

function daemon(s: LabState, role: string, ns: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv): void {
  const log = path.join(s.dir, `${role.replace(/\W+/g, "-")}.log`);
  const { pid } = startDaemon("ip", ["netns", "exec", ns, cmd, ...args], log, env);
  const entry: LabState["pids"][number] = { role, pid };
  const start = startTime(pid);
  if (start !== undefined) entry.start = start;
  s.pids.push(entry);
  writeState(s);
}

function logTail(s: LabState, role: string): string {
  try {
    const text = fs.readFileSync(path.join(s.dir, `${role.replace(/\W+/g, "-")}.log`), "utf8").trim();
    return text.split("\n").slice(-3).join(" / ") || "no output";
  } catch {
    return "no output";
  }
}

async function listening(ns: string, sockets: string[], what: string, s: LabState): Promise<void> {
  const ok = await waitFor(async () => {
    const r = await run("ip", ["netns", "exec", ns, "ss", "-Hltn"]);
    return sockets.every((x) => r.stdout.includes(`${x} `));
  }, 5000);
  if (!ok) throw new LabError(`${what} is not listening on ${sockets.join(", ")} (${logTail(s, what.includes("nginx") ? "nginx" : "haproxy")})`);
}
