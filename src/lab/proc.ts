/**
 * Processes for the lab: commands run to completion (with a time limit), and daemons started in
 * the background whose PID is recorded before anything else happens, so that every one of them is
 * stopped by its PID. `ip netns exec` and `env` exec the program they start, so the PID of the
 * spawned process is the daemon's own.
 */
import { spawn, type SpawnOptions } from "node:child_process";
import fs from "node:fs";
import { isAlive } from "../write/out-lock.js";

export class LabError extends Error {}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a command; never throws for its exit status (the caller decides), only when it cannot start. */
export function run(cmd: string, args: readonly string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.input !== undefined ? "pipe" : "ignore", "pipe", "pipe"], env: opts.env ?? process.env });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), child.kill("SIGKILL")), opts.timeoutMs) : undefined;
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      reject(new LabError(`cannot run ${cmd}: ${e.message}`));
    });
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
    if (child.stdin) {
      // A command that exits before reading all of its input is judged by its exit status, not by EPIPE.
      child.stdin.on("error", () => undefined);
      child.stdin.end(opts.input);
    }
  });
}

/** Runs a command that must succeed. */
export async function must(cmd: string, args: readonly string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await run(cmd, args, { timeoutMs: 10_000, ...opts });
  if (r.code !== 0) throw new LabError(`${[cmd, ...args].join(" ")} failed${r.timedOut ? " (timed out)" : ""}: ${r.stderr.trim() || r.stdout.trim() || `exit ${String(r.code)}`}`);
  return r.stdout;
}

/** Starts a daemon with its output in a log file; returns its PID at once. */
export function startDaemon(cmd: string, args: readonly string[], log: string, env?: NodeJS.ProcessEnv): { pid: number; exited: Promise<number | null> } {
  const fd = fs.openSync(log, "a", 0o600);
  const opts: SpawnOptions = { stdio: ["ignore", fd, fd], detached: true, env: env ?? process.env };
  const child = spawn(cmd, args, opts);
  fs.closeSync(fd);
  if (child.pid === undefined) throw new LabError(`cannot start ${cmd}`);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // The lab command may exit while a daemon of `lab up` goes on running.
  child.unref();
  return { pid: child.pid, exited };
}

/** Whether a process runs (the output lock asks the same of its owner). */
export const alive = isAlive;

/** The start time of a process (field 22 of /proc/<pid>/stat): with the PID, who it is. */
export function startTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Stops a process by its PID: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(pid: number, graceMs = 1500): Promise<void> {
  if (!alive(pid)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  for (let t = 0; t < graceMs; t += 50) {
    if (!alive(pid)) return;
    await sleep(50);
  }
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone meanwhile
  }
  for (let t = 0; t < 1000 && alive(pid); t += 20) await sleep(20);
}

/** Polls until `ok` returns true, or gives up after `ms`. */
export async function waitFor(ok: () => Promise<boolean> | boolean, ms: number, step = 50): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await ok()) return true;
    if (Date.now() >= end) return false;
    await sleep(step);
  }
}

const T0 = Date.now();
/** HOMESCALE_LAB_TRACE=1: each phase's time on stderr (where a slow lab spends it). */
export function phase(label: string): void {
  if (process.env.HOMESCALE_LAB_TRACE === "1") process.stderr.write(`lab +${((Date.now() - T0) / 1000).toFixed(2)}s ${label}\n`);
}
