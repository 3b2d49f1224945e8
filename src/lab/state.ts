/**
 * What a lab run has made, kept in a file from before the first thing is made to after the last is
 * removed (/run/homescale-lab/<prefix>.json, /run being cleared at boot as namespaces are): so
 * `lab down` can remove what a crashed run left, and a running lab can be found by `lab test`.
 */
import fs from "node:fs";
import path from "node:path";
import { alive, startTime } from "./proc.js";

export const STATE_DIR = "/run/homescale-lab";

/** Every name a run gives carries its prefix: hsl + 4 hex digits (namespaces, interfaces, files). */
export const PREFIX_PATTERN = /^hsl[0-9a-f]{4}$/;

export interface LabState {
  prefix: string;
  edge: string;
  /** The repository the lab was built from (realpath). */
  repo: string;
  /** The run's own folder (the build, the keys, the logs). */
  dir: string;
  /** Who holds the lab: `lab test` running it for itself; none for `lab up`, which leaves it running. */
  owner?: { pid: number; start: string };
  namespaces: string[];
  /** Daemons by role, each with its PID. */
  pids: { role: string; pid: number; start?: string }[];
  /** Interfaces whose WireGuard UAPI sockets live in /var/run/wireguard. */
  wireguard: string[];
  /** What the probes need of the running lab. */
  plan?: unknown;
}

export function statePath(prefix: string): string {
  return path.join(STATE_DIR, `${prefix}.json`);
}

export function writeState(s: LabState): void {
  fs.mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  const file = statePath(s.prefix);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

export function readStates(): LabState[] {
  if (!fs.existsSync(STATE_DIR)) return [];
  const out: LabState[] = [];
  for (const f of fs.readdirSync(STATE_DIR).sort()) {
    if (!f.endsWith(".json") || !PREFIX_PATTERN.test(f.slice(0, -5))) continue;
    try {
      out.push(JSON.parse(fs.readFileSync(path.join(STATE_DIR, f), "utf8")) as LabState);
    } catch {
      // half-written: its namespaces are swept by prefix
    }
  }
  return out;
}

export function removeState(prefix: string): void {
  fs.rmSync(statePath(prefix), { force: true });
}

/** A run whose owner still runs is in use; one without an owner (lab up) or whose owner died is not. */
export function ownerAlive(s: LabState): boolean {
  return s.owner !== undefined && alive(s.owner.pid) && startTime(s.owner.pid) === s.owner.start;
}
