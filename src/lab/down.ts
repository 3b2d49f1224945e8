/**
 * Takes a lab down from its state: each daemon stopped by its PID (SIGTERM, then SIGKILL), then
 * anything still inside the run's namespaces by its PID (nginx's workers, a daemon whose PID was
 * not yet recorded), the namespaces deleted (their veth pairs and tunnels go with them), the
 * WireGuard sockets and the run's folder removed, and the state file last.
 */
import fs from "node:fs";
import { readStates, removeState, ownerAlive, PREFIX_PATTERN, type LabState } from "./state.js";
import { phase, run, startTime, stop } from "./proc.js";

export async function teardown(s: LabState): Promise<void> {
  for (const p of [...s.pids].reverse()) {
    // A PID of the run's daemon, not one the system has given to another process since.
    if (p.start !== undefined && startTime(p.pid) !== p.start) continue;
    await stop(p.pid);
    phase(`stopped ${p.role}`);
  }
  for (const ns of s.namespaces) await clearNamespace(ns);
  for (const dev of s.wireguard) fs.rmSync(`/var/run/wireguard/${dev}.sock`, { force: true });
  fs.rmSync(s.dir, { recursive: true, force: true });
  removeState(s.prefix);
  phase("down");
}

async function clearNamespace(ns: string): Promise<void> {
  if (!fs.existsSync(`/run/netns/${ns}`)) return;
  const pids = (await run("ip", ["netns", "pids", ns])).stdout.split(/\s+/).filter((x) => /^\d+$/.test(x)).map(Number);
  for (const pid of pids) await stop(pid, 500);
  await run("ip", ["netns", "del", ns]);
}

/** The labs `lab down` takes: those of `lab up` and those a crashed run left, not one a running `lab test` holds. */
export function downable(edge?: string): LabState[] {
  return readStates().filter((s) => (edge === undefined || s.edge === edge) && !ownerAlive(s));
}

/** Namespaces of the lab's pattern that no state file names: left by a run that died before writing it. */
export async function strayNamespaces(): Promise<string[]> {
  const named = new Set(readStates().flatMap((s) => s.namespaces));
  const prefixes = new Set(readStates().map((s) => s.prefix));
  const list = fs.existsSync("/run/netns") ? fs.readdirSync("/run/netns") : [];
  return list.filter((n) => {
    const m = /^(hsl[0-9a-f]{4})-(client|vps|home|cluster)$/.exec(n);
    return m !== null && PREFIX_PATTERN.test(m[1]!) && !named.has(n) && !prefixes.has(m[1]!);
  });
}

export async function sweep(names: readonly string[]): Promise<void> {
  for (const ns of names) await clearNamespace(ns);
}

