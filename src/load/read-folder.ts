/**
 * The disk side of loading: reads a repository folder into a Snapshot. It reads only the paths
 * homescale needs, below the repository root, and never follows a symlink that leads outside it.
 */
import fs from "node:fs";
import path from "node:path";
import type { Finding } from "../diag/diagnostic.js";
import {
  appExtras,
  appFile,
  CATALOG_VALUES_FILE,
  CHART_OWN_DIRS,
  chartTemplatesDir,
  chartValuesFile,
  filesGetTargets,
  isChartTemplate,
  isClusterManifest,
  isIgnoredDir,
  MAX_CHART_TEMPLATES,
  MAX_FILE_BYTES,
  MAX_MANIFEST_DEPTH,
  MAX_MANIFESTS,
  outsideLinkFinding,
  oversizedFinding,
  readsChartTemplates,
  SETTINGS_FILE,
  type Snapshot,
} from "./snapshot.js";
import { isOmniFile, omniRoots } from "./omni-roots.js";

export class RepoNotFoundError extends Error {}

export function readFolder(repoDir: string): Snapshot {
  let root: string;
  try {
    root = fs.realpathSync(repoDir);
    if (!fs.statSync(root).isDirectory()) throw new RepoNotFoundError(`${repoDir} is not a folder`);
  } catch (e) {
    if (e instanceof RepoNotFoundError) throw e;
    throw new RepoNotFoundError(`cannot open repository folder ${repoDir}`);
  }
  const reader = new SafeReader(root);
  const snap: Snapshot = { files: new Map(), appDirs: [], clusterDirs: [], present: new Set(), findings: reader.findings };

  reader.readInto(snap, SETTINGS_FILE);
  reader.readInto(snap, CATALOG_VALUES_FILE);
  /** The templates/ entry of each app folder that has one, from the listing each app folder gets anyway. */
  const charted = new Map<string, fs.Dirent>();
  for (const name of reader.listDirs("apps")) {
    if (CHART_OWN_DIRS.has(name) || isIgnoredDir(name)) continue;
    snap.appDirs.push(name);
    // One listing of the app folder answers which of its files exist and what they are; only
    // links need a lookup of where they lead.
    const entries = reader.entries(`apps/${name}`);
    const app = entries.get("app.yaml");
    if (app) reader.readInto(snap, appFile(name), app);
    for (const extra of appExtras(name)) {
      const [, , first, rest] = extra.split("/");
      const e = entries.get(first!);
      if (e && (rest === undefined && !e.isSymbolicLink() ? e.isFile() : reader.isFile(extra))) snap.present.add(extra);
    }
    const t = entries.get("templates");
    if (t) charted.set(name, t);
  }
  let manifests = 0;
  // Depth first, entries in byte order: the same order the git reader lists a tree in.
  const readManifests = (rel: string, depth: number): void => {
    const entries = reader.entries(rel);
    for (const name of [...entries.keys()].sort(byBytes)) {
      if (manifests >= MAX_MANIFESTS) return;
      const e = entries.get(name)!;
      const child = `${rel}/${name}`;
      if (isIgnoredDir(name)) continue;
      if (e.isDirectory() || (e.isSymbolicLink() && reader.isDir(child))) {
        if (depth < MAX_MANIFEST_DEPTH) readManifests(child, depth + 1);
      } else if (isClusterManifest(name) && (e.isFile() ? true : reader.isFile(child))) {
        manifests++;
        reader.readInto(snap, child, e.isFile() ? e : undefined);
      }
    }
  };
  for (const name of reader.listDirs("clusters")) {
    if (isIgnoredDir(name)) continue;
    snap.clusterDirs.push(name);
    readManifests(`clusters/${name}`, 1);
  }
  // The Omni templates' patches and machine classes: the top level of each folder, as CI copies them.
  for (const root of new Set(Object.values(omniRoots(snap.files.get(SETTINGS_FILE))))) {
    const entries = reader.entries(root);
    let read = 0;
    for (const name of [...entries.keys()].sort(byBytes)) {
      const e = entries.get(name)!;
      if (read >= MAX_MANIFESTS || !isOmniFile(name) || isIgnoredDir(name)) continue;
      if (e.isFile() || (e.isSymbolicLink() && reader.isFile(`${root}/${name}`))) {
        read++;
        reader.readInto(snap, `${root}/${name}`, e.isFile() ? e : undefined);
      }
    }
  }
  // What the files read so far ask for: the apps' chart templates and values (the mesh objects
  // they declare), the files app values read with .Files.Get.
  if (readsChartTemplates(snap)) {
    let read = 0;
    for (const [name, t] of charted) {
      const dir = chartTemplatesDir(name);
      if (!t.isDirectory() && !(t.isSymbolicLink() && reader.isDir(dir))) continue;
      reader.readInto(snap, chartValuesFile(name));
      const templates = reader.entries(dir);
      for (const f of [...templates.keys()].sort(byBytes)) if (isChartTemplate(f) && read++ < MAX_CHART_TEMPLATES) reader.readInto(snap, `${dir}/${f}`);
    }
  }
  for (const p of filesGetTargets(snap)) reader.readInto(snap, p);
  if (reader.isDir("apps")) snap.present.add("apps/");
  if (reader.isDir("clusters")) snap.present.add("clusters/");
  return snap;
}

const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Resolves every path component inside the root; a link that escapes is reported and skipped. */
class SafeReader {
  readonly findings: Finding[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly root: string) {}

  /** Resolved folders, so the thousands of files under apps/ do not each walk the path again. */
  private readonly resolvedDirs = new Map<string, string | undefined>();

  /** The real location of rel, or undefined when it does not exist or leaves the repository. */
  private resolve(rel: string): string | undefined {
    const parts = rel.split("/").filter((p) => p !== "");
    if (parts.length > 1) {
      const parentRel = parts.slice(0, -1).join("/");
      let parent = this.resolvedDirs.get(parentRel);
      if (!this.resolvedDirs.has(parentRel)) {
        parent = this.resolve(parentRel);
        this.resolvedDirs.set(parentRel, parent);
      }
      if (parent === undefined) return undefined;
      return this.step(parent, parts, parts.length - 1);
    }
    return parts.length === 0 ? this.root : this.step(this.root, parts, 0);
  }

  /** Resolves parts[i] inside the already resolved folder cur; a link must stay inside the root. */
  private step(cur: string, parts: string[], i: number): string | undefined {
    const next = path.join(cur, parts[i]!);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(next);
    } catch {
      return undefined;
    }
    if (!st.isSymbolicLink()) return next;
    let target: string;
    try {
      target = fs.realpathSync(next);
    } catch {
      return undefined; // a dangling link: as if absent
    }
    if (target === this.root || target.startsWith(this.root + path.sep)) return target;
    const shown = parts.slice(0, i + 1).join("/");
    if (!this.reported.has(shown)) {
      this.reported.add(shown);
      this.findings.push(outsideLinkFinding(shown));
    }
    return undefined;
  }

  /** A folder's entries by name (none when it is missing or unsafe). */
  entries(rel: string): Map<string, fs.Dirent> {
    const p = this.resolveDir(rel);
    const out = new Map<string, fs.Dirent>();
    if (p === undefined) return out;
    try {
      for (const e of fs.readdirSync(p, { withFileTypes: true })) out.set(e.name, e);
    } catch {
      // as if empty
    }
    return out;
  }

  /** Like resolve, remembering the answer: the files of a folder are looked up right after it. */
  private resolveDir(rel: string): string | undefined {
    if (!this.resolvedDirs.has(rel)) this.resolvedDirs.set(rel, this.resolve(rel));
    return this.resolvedDirs.get(rel);
  }

  isFile(rel: string): boolean {
    const p = this.resolve(rel);
    if (p === undefined) return false;
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  }

  isDir(rel: string): boolean {
    const p = this.resolve(rel);
    if (p === undefined) return false;
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  }

  listDirs(rel: string): string[] {
    const p = this.resolve(rel);
    if (p === undefined) return [];
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(p, { withFileTypes: true });
    } catch {
      return [];
    }
    const out: string[] = [];
    for (const e of entries) {
      if (e.isDirectory()) {
        out.push(e.name);
        // A real folder inside a resolved one: no need to look at it again.
        this.resolvedDirs.set(`${rel}/${e.name}`, path.join(p, e.name));
      } else if (e.isSymbolicLink() && this.isDir(`${rel}/${e.name}`)) out.push(e.name);
    }
    // Byte order, like Helm's Files.Glob and git: the order is part of the output contract.
    return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Reads a file into the snapshot. `entry` is its folder listing's entry when the caller has it:
   * a regular file there needs no link check and no stat before it is opened. Anything else is
   * looked at first, so that a FIFO or a device is never opened (that could block forever).
   */
  readInto(snap: Snapshot, rel: string, entry?: fs.Dirent): void {
    const slash = rel.lastIndexOf("/");
    const dir = slash < 0 ? undefined : this.resolvedDirs.get(rel.slice(0, slash));
    const known = entry?.isFile() === true && dir !== undefined;
    const p = known ? path.join(dir, entry!.name) : this.resolve(rel);
    if (p === undefined) return;
    if (!known) {
      try {
        if (!fs.statSync(p).isFile()) return;
      } catch {
        return;
      }
    }
    let fd: number | undefined;
    try {
      fd = fs.openSync(p, "r");
      const size = fs.fstatSync(fd).size;
      if (size > MAX_FILE_BYTES) {
        this.findings.push(oversizedFinding(rel, size));
        return;
      }
      snap.files.set(rel, fs.readFileSync(fd));
    } catch (e) {
      // Gone between the listing and the read: as if it had never been there.
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      this.findings.push({
        code: "HS092",
        severity: "error",
        message: `${rel} could not be read: ${(e as NodeJS.ErrnoException).code ?? "error"}`,
        where: { file: rel, offset: 0 },
      });
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}
