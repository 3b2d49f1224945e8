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
    const held = heldBy(lock);
    if (held !== undefined && held.pid !== process.pid && !isAlive(held.pid)) {
      takeOver(lock, held.id);
      continue;
    }
    if (Date.now() > deadline) {
      throw new OutputLocked(`another homescale build (pid ${held?.pid ?? "unknown"}) has held ${lock} for over ${WAIT_MS / 1000} s; if no build is running, remove that file`);
    }
    sleep(Math.min(50, 2 + attempt * 2));
  }
}

/** The lock file as it is now: its identity (inode and modification time) and the pid in it. */
function heldBy(lock: string): { pid: number; id: string } | undefined {
  try {
    const st = fs.statSync(lock, { bigint: true });
    const pid = ownerOf(lock);
    return pid === undefined ? undefined : { pid, id: `${st.ino}:${st.mtimeNs}` };
  } catch {
    return undefined;
  }
}

/**
 * Removes a dead owner's lock, and only that one: the pid read may be that of a build that let go
 * of the lock and exited just now, while another took it anew. The file is moved aside atomically
 * and compared with the one judged dead; a fresh lock moved aside by mistake is put back.
 */
function takeOver(lock: string, deadId: string): void {
  const aside = `${lock}.${process.pid}.stale`;
  try {
    fs.renameSync(lock, aside);
  } catch {
    return; // gone already: the next attempt creates it
  }
  const st = fs.statSync(aside, { bigint: true });
  if (`${st.ino}:${st.mtimeNs}` !== deadId) {
    try {
      fs.linkSync(aside, lock);
    } catch {
      // taken meanwhile by a third build, which now holds it
    }
  }
  fs.rmSync(aside, { force: true });
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
