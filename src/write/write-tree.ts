/**
 * Writes the output tree atomically: everything goes into a sibling temporary folder first, then
 * the old tree is swapped out by two renames. A build killed while writing leaves the previous
 * output untouched; a build killed between the two renames leaves it in a sibling backup that the
 * next build puts back before it starts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

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

/**
 * Every artifact as bytes, each text encoded once: writing and describing (hashing) a 36 MB tree
 * would otherwise encode it twice.
 */
export function encodeArtifacts(artifacts: readonly Artifact[]): Artifact[] {
  return artifacts.map((a) => (typeof a.content === "string" ? { ...a, content: Buffer.from(a.content, "utf8") } : a));
}

export function describeFiles(artifacts: readonly Artifact[]): WrittenFile[] {
  return artifacts.map((a) => {
    const buf = typeof a.content === "string" ? Buffer.from(a.content, "utf8") : a.content;
    return { path: a.path, sha256: a.sha256 ?? sha256Hex(buf), bytes: buf.length };
  });
}

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

function siblings(out: string): { tmp: string; backup: string } {
  const dir = path.dirname(out);
  const base = path.basename(out);
  return { tmp: path.join(dir, `.${base}.homescale-tmp-${process.pid}`), backup: path.join(dir, `.${base}.homescale-old`) };
}

/** Puts back an output tree that a killed build left in the backup place, and clears dead builds' temporaries. */
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
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
  if (!fs.existsSync(o)) return;
  const st = fs.lstatSync(o);
  if (!st.isDirectory()) throw new OutputRefused(`--out ${out} exists and is not a folder`);
  const entries = fs.readdirSync(o);
  if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
    throw new OutputRefused(`--out ${out} is a folder that holds other files, not homescale output; refusing to replace it`);
  }
}

export function writeTree(out: string, artifacts: readonly Artifact[]): void {
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  recoverInterrupted(target);
  const { tmp, backup } = siblings(target);
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    fs.mkdirSync(tmp);
    fs.writeFileSync(path.join(tmp, OUTPUT_MARKER), MARKER_TEXT);
    const made = new Set<string>();
    for (const a of artifacts) {
      const p = path.join(tmp, ...a.path.split("/"));
      const d = path.dirname(p);
      if (!made.has(d)) {
        fs.mkdirSync(d, { recursive: true });
        made.add(d);
      }
      fs.writeFileSync(p, a.content);
    }
    if (fs.existsSync(target)) fs.renameSync(target, backup);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    recoverInterrupted(target);
    throw e;
  }
  fs.rmSync(backup, { recursive: true, force: true });
}
