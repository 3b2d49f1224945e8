/**
 * One build at a time swaps a given output folder. Builds into the same --out may run at once (CI
 * jobs, a watcher and a person): each renders into its own temporary sibling, and only the short
 * steps that move folders around (putting a killed build's backup back, the two renames of the
 * swap) hold this lock, so the last build to finish wins and the tree is never half of two.
 *
 * The lock is a sibling file created exclusively, holding the owner's pid. A build killed while it
 * held the lock leaves the file behind; the next build sees that its pid is gone and takes it over.
 */
import fs from "node:fs";
import path from "node:path";

/** How long a build waits for another's swap before it gives up; a swap takes milliseconds. */
const WAIT_MS = 60_000;

export class OutputLocked extends Error {}

export function lockPath(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.homescale-lock`);
}

/** Runs f while holding the lock of the output folder `out`. */
export function withOutputLock<T>(out: string, f: () => T): T {
  const lock = lockPath(out);
  acquire(lock);
  try {
    return f();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function acquire(lock: string): void {
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = ownerOf(lock);
    if (owner !== undefined && owner !== process.pid && !isAlive(owner)) {
      // Its owner was killed inside a swap: nobody else will remove it.
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new OutputLocked(`another homescale build (pid ${owner ?? "unknown"}) has held ${lock} for over ${WAIT_MS / 1000} s; if no build is running, remove that file`);
    }
    sleep(Math.min(50, 2 + attempt * 2));
  }
}

/** The pid written in the lock; undefined while its owner is still writing it, or when it is gone. */
function ownerOf(lock: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lock, "utf8"));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
