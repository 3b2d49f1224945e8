/**
 * Writes the output tree atomically: everything goes into a sibling temporary folder first, then
 * the old tree is swapped out by two renames. A build killed while writing leaves the previous
 * output untouched; a build killed between the two renames leaves it in a sibling backup that the
 * next build puts back before it starts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isAlive, withOutputLock } from "./out-lock.js";

export interface Artifact {
  /** Relative to the output folder, POSIX separators. */
  path: string;
  /** Text (written as UTF-8), or the bytes already encoded (by a render thread, say). */
  content: string | Uint8Array;
  /** The SHA-256 of the bytes, when whoever encoded them computed it already. */
  sha256?: string;
}

export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** A file at the top of every output tree: how homescale recognises a folder it may replace. */
export const OUTPUT_MARKER = ".homescale-output";
const MARKER_TEXT = "This folder is written by `homescale build`; every build replaces it whole.\n";

export class OutputRefused extends Error {}

/** Path, size and hash of a file as written: what build reports. */
function describeFile(path: string, bytes: Uint8Array, sha256?: string): WrittenFile {
  return { path, sha256: sha256 ?? sha256Hex(bytes), bytes: bytes.length };
}

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

function siblings(out: string): { tmp: string; backup: string } {
  const dir = path.dirname(out);
  const base = path.basename(out);
  return { tmp: path.join(dir, `.${base}.homescale-tmp-${process.pid}`), backup: path.join(dir, `.${base}.homescale-old`) };
}

/**
 * Puts back an output tree that a killed build left in the backup place, and clears dead builds'
 * temporaries. Call it holding the output lock (out-lock.ts): between another build's two renames
 * the backup is not a leftover.
 */
export function recoverInterrupted(out: string): void {
  const { backup } = siblings(out);
  if (!fs.existsSync(out) && fs.existsSync(backup)) fs.renameSync(backup, out);
  else if (fs.existsSync(backup)) fs.rmSync(backup, { recursive: true, force: true });
  const prefix = `.${path.basename(out)}.homescale-tmp-`;
  for (const name of fs.readdirSync(path.dirname(out))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      fs.rmSync(path.join(path.dirname(out), name), { recursive: true, force: true });
    }
  }
}

/** Refuses an --out that would destroy something that is not homescale's own output. */
export function assertReplaceable(out: string, repo: string): void {
  const o = path.resolve(out);
  const r = path.resolve(repo);
  if (o === path.parse(o).root) throw new OutputRefused(`--out ${out} is the file-system root`);
  if (o === r || r.startsWith(o + path.sep)) throw new OutputRefused(`--out ${out} holds the repository itself`);
  for (const src of ["apps", "clusters", "homescale.yaml", ".git", "infra"]) {
    const s = path.join(r, src);
    if (o === s || o.startsWith(s + path.sep)) {
      throw new OutputRefused(`--out ${out} is inside the repository's sources (${src}); choose a folder of its own, such as ${path.join(path.relative(process.cwd(), r) || ".", "out")}`);
    }
  }
  // Under the lock: another build's swap empties the old tree while it is being looked at.
  if (fs.existsSync(path.dirname(o))) withOutputLock(o, () => assertOwnOutput(o, out));
}

/**
 * An existing --out must be homescale's own output (it holds the marker) or empty. Call it holding
 * the output lock; a folder that is not there is fine.
 */
function assertOwnOutput(o: string, shown: string): void {
  let entries: string[];
  try {
    if (!fs.lstatSync(o).isDirectory()) throw new OutputRefused(`--out ${shown} exists and is not a folder`);
    entries = fs.readdirSync(o);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
    throw new OutputRefused(`--out ${shown} is a folder that holds other files, not homescale output; refusing to replace it`);
  }
}

/**
 * Writes files into the temporary sibling as they come, so a build never holds every file of a big
 * platform in memory at once (a 10,000-app platform renders 180 MB), then swaps the tree in whole
 * with commit(). abort() leaves the previous output as it was.
 */
export class TreeWriter {
  private readonly written: WrittenFile[] = [];
  private readonly made = new Set<string>();

  private constructor(
    private readonly target: string,
    private readonly tmp: string,
    private readonly backup: string,
  ) {}

  static begin(out: string): TreeWriter {
    const target = path.resolve(out);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    withOutputLock(target, () => recoverInterrupted(target));
    const { tmp, backup } = siblings(target);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
    const w = new TreeWriter(target, tmp, backup);
    try {
      fs.writeFileSync(path.join(tmp, OUTPUT_MARKER), MARKER_TEXT);
    } catch (e) {
      w.abort();
      throw e;
    }
    return w;
  }

  /** Writes one file (each text is encoded once, for writing and hashing alike). */
  add(a: Artifact): void {
    const bytes = typeof a.content === "string" ? Buffer.from(a.content, "utf8") : a.content;
    const p = path.join(this.tmp, ...a.path.split("/"));
    const d = path.dirname(p);
    if (!this.made.has(d)) {
      fs.mkdirSync(d, { recursive: true });
      this.made.add(d);
    }
    fs.writeFileSync(p, bytes);
    this.written.push(describeFile(a.path, bytes, a.sha256));
  }

  /** Swaps the new tree in; returns what was written, in path order. */
  commit(): WrittenFile[] {
    withOutputLock(this.target, () => {
      try {
        // Checked again where it counts: something else may have been put there while this build rendered.
        assertOwnOutput(this.target, this.target);
        if (fs.existsSync(this.target)) fs.renameSync(this.target, this.backup);
        fs.renameSync(this.tmp, this.target);
      } catch (e) {
        this.undo();
        throw e;
      }
      fs.rmSync(this.backup, { recursive: true, force: true });
    });
    return this.written.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  abort(): void {
    withOutputLock(this.target, () => this.undo());
  }

  /** Drops the temporary tree and puts the previous one back where it was; the caller holds the lock. */
  private undo(): void {
    fs.rmSync(this.tmp, { recursive: true, force: true });
    recoverInterrupted(this.target);
  }
}
