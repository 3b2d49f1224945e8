/**
 * The git side of loading: one revision of a repository into a Snapshot, without touching the
 * working tree. `git ls-tree -r -t -z --full-tree` lists the revision once; one `git cat-file
 * --batch` process reads every blob needed (symlink targets first, when the paths homescale reads
 * go through a link). Same contents give the same Snapshot as readFolder, findings included: a
 * symlink (mode 120000) that leads outside the repository folder is HS090 and is not followed.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import type { Finding } from "../diag/diagnostic.js";
import { git, GitError, resolveRevision } from "../git/git.js";
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

interface Entry {
  mode: string;
  type: "blob" | "tree" | "commit";
  oid: string;
}

/** A revision read into a Snapshot, with the blob id of each file read (for caches keyed by content). */
export interface RevisionSnapshot extends Snapshot {
  /** Full commit id of the revision. */
  commit: string;
  /** Git blob id of each file in `files`. */
  blobIds: Map<string, string>;
}

/** The folder of the repository inside its git toplevel ("" at the top, else "sub/dir/"). */
export function repoPrefix(repo: string): string {
  return git(repo, ["rev-parse", "--show-prefix"]).trim();
}

/** Blobs already read, by id: git ids are content hashes, so a blob read for one revision serves every other. */
export type BlobCache = Map<string, Blob>;

interface Blob {
  size: number;
  /** Absent for a blob over the size limit. */
  bytes?: Uint8Array;
}

export function readRevision(repo: string, rev: string, cache: BlobCache = new Map()): RevisionSnapshot {
  const commit = resolveRevision(repo, rev);
  const prefix = repoPrefix(repo);
  const tree = listTree(repo, commit);
  const reader = new TreeReader(repo, tree, prefix);
  const snap: RevisionSnapshot = {
    files: new Map(),
    appDirs: [],
    clusterDirs: [],
    present: new Set(),
    findings: reader.findings,
    commit,
    blobIds: new Map(),
  };
  if (prefix !== "" && !tree.has(prefix.replace(/\/$/, ""))) {
    throw new GitError(`revision ${rev} has no folder ${prefix.replace(/\/$/, "")}`);
  }

  // Resolve every wanted path in readFolder's order (HS090 findings come out the same), then read them in one batch.
  const toRead: { rel: string; oid: string }[] = [];
  const want = (rel: string): void => {
    const e = reader.resolveEntry(rel);
    if (e === undefined || e.type !== "blob" || e.mode === "120000") return;
    toRead.push({ rel, oid: e.oid });
  };
  want(SETTINGS_FILE);
  want(CATALOG_VALUES_FILE);
  for (const name of reader.listDirs("apps")) {
    if (CHART_OWN_DIRS.has(name) || isIgnoredDir(name)) continue;
    snap.appDirs.push(name);
    want(appFile(name));
    for (const extra of appExtras(name)) if (reader.isFile(extra)) snap.present.add(extra);
  }
  let manifests = 0;
  // Depth first, entries in byte order, as readFolder reads them.
  const readManifests = (rel: string, depth: number): void => {
    for (const name of reader.listNames(rel)) {
      if (manifests >= MAX_MANIFESTS) return;
      const child = `${rel}/${name}`;
      if (isIgnoredDir(name)) continue;
      if (reader.isDir(child)) {
        if (depth < MAX_MANIFEST_DEPTH) readManifests(child, depth + 1);
      } else if (isClusterManifest(name) && reader.isFile(child)) {
        manifests++;
        want(child);
      }
    }
  };
  for (const name of reader.listDirs("clusters")) {
    if (isIgnoredDir(name)) continue;
    snap.clusterDirs.push(name);
    readManifests(`clusters/${name}`, 1);
  }
  // The Omni templates' patches and machine classes, as readFolder reads them. homescale.yaml is
  // read first (alone) when it names their folders.
  const settings = toRead.find((t) => t.rel === SETTINGS_FILE);
  if (settings && !cache.has(settings.oid)) for (const [oid, blob] of catFiles(repo, [settings.oid], MAX_FILE_BYTES)) cache.set(oid, blob);
  const settingsBytes = settings ? cache.get(settings.oid)?.bytes : undefined;
  for (const root of new Set(Object.values(omniRoots(settingsBytes)))) {
    let read = 0;
    for (const name of reader.listNames(root)) {
      if (read >= MAX_MANIFESTS || !isOmniFile(name) || isIgnoredDir(name)) continue;
      if (reader.isFile(`${root}/${name}`)) {
        read++;
        want(`${root}/${name}`);
      }
    }
  }
  if (reader.isDir("apps")) snap.present.add("apps/");
  if (reader.isDir("clusters")) snap.present.add("clusters/");

  readBatch(repo, snap, toRead, cache);
  // What the files read so far ask for, as readFolder reads it: the apps' chart templates and
  // values (the mesh objects they declare), the files app values read with .Files.Get.
  toRead.length = 0;
  if (readsChartTemplates(snap)) {
    let read = 0;
    for (const name of snap.appDirs) {
      const dir = chartTemplatesDir(name);
      if (!reader.isDir(dir)) continue;
      want(chartValuesFile(name));
      for (const t of reader.listNames(dir)) {
        if (isChartTemplate(t) && reader.isFile(`${dir}/${t}`) && read++ < MAX_CHART_TEMPLATES) want(`${dir}/${t}`);
      }
    }
  }
  for (const p of filesGetTargets(snap)) want(p);
  readBatch(repo, snap, toRead, cache);
  return snap;
}

/** Reads the blobs of `toRead` into the snapshot (one git process for those not cached yet). */
function readBatch(repo: string, snap: RevisionSnapshot, toRead: readonly { rel: string; oid: string }[], cache: BlobCache): void {
  if (toRead.length === 0) return;
  const missing = [...new Set(toRead.map((t) => t.oid))].filter((oid) => !cache.has(oid));
  for (const [oid, blob] of catFiles(repo, missing, MAX_FILE_BYTES)) cache.set(oid, blob);
  for (const { rel, oid } of toRead) {
    const b = cache.get(oid);
    if (b === undefined) continue;
    if (b.size > MAX_FILE_BYTES) {
      snap.findings.push(oversizedFinding(rel, b.size));
      continue;
    }
    snap.files.set(rel, b.bytes!);
    snap.blobIds.set(rel, oid);
  }
}

/** Every entry of a commit's tree, by path from the git toplevel. Trees included. */
function listTree(repo: string, commit: string): Map<string, Entry> {
  const out = runGit(repo, ["ls-tree", "-r", "-t", "-z", "--full-tree", commit]).toString("utf8");
  const tree = new Map<string, Entry>();
  for (const rec of out.split("\0")) {
    if (rec === "") continue;
    const tab = rec.indexOf("\t");
    const [mode, type, oid] = rec.slice(0, tab).split(" ") as [string, Entry["type"], string];
    tree.set(rec.slice(tab + 1), { mode, type, oid });
  }
  return tree;
}

function runGit(repo: string, args: string[], input?: Buffer): Buffer {
  const r = spawnSync("git", ["-C", repo, ...args], {
    input,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
  });
  if (r.error) throw new GitError(`git is not available: ${r.error.message}`);
  if (r.status !== 0) throw new GitError(r.stderr.toString("utf8").trim().split("\n")[0] || `git ${args[0]} failed`);
  return r.stdout;
}

/** Blob contents by id, in one `git cat-file --batch` process. Blobs over maxBytes keep only their size. */
function catFiles(repo: string, oids: string[], maxBytes = Infinity): Map<string, Blob> {
  const out = new Map<string, Blob>();
  if (oids.length === 0) return out;
  const buf = runGit(repo, ["cat-file", "--batch"], Buffer.from(oids.join("\n") + "\n"));
  let pos = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0) break;
    const header = buf.subarray(pos, nl).toString("utf8").split(" ");
    pos = nl + 1;
    if (header[1] === "missing" || header.length < 3) continue;
    const size = Number(header[2]);
    const entry: Blob = { size };
    // A copy, so the big output buffer is not kept alive by one small file.
    if (size <= maxBytes) entry.bytes = Uint8Array.prototype.slice.call(buf, pos, pos + size);
    out.set(header[0]!, entry);
    pos += size + 1;
  }
  return out;
}

/** Path resolution inside a git tree, following in-tree symlinks, never out of the repository folder. */
class TreeReader {
  readonly findings: Finding[] = [];
  private readonly reported = new Set<string>();
  private readonly children = new Map<string, string[]>();
  private readonly linkTargets = new Map<string, string>();
  private readonly root: string[];

  constructor(
    repo: string,
    private readonly tree: Map<string, Entry>,
    prefix: string,
  ) {
    this.root = prefix.split("/").filter((p) => p !== "");
    const links: string[] = [];
    for (const [p, e] of tree) {
      const slash = p.lastIndexOf("/");
      const parent = slash < 0 ? "" : p.slice(0, slash);
      let list = this.children.get(parent);
      if (!list) this.children.set(parent, (list = []));
      list.push(p.slice(slash + 1));
      if (e.mode === "120000") links.push(e.oid);
    }
    if (links.length > 0) {
      const blobs = catFiles(repo, [...new Set(links)]);
      for (const [p, e] of tree) {
        if (e.mode !== "120000") continue;
        const b = blobs.get(e.oid);
        if (b?.bytes) this.linkTargets.set(p, Buffer.from(b.bytes).toString("utf8"));
      }
    }
  }

  /** The resolved path (from the git toplevel) of rel (from the repository folder), or undefined. */
  private resolve(rel: string): string[] | undefined {
    const parts = rel.split("/").filter((p) => p !== "");
    let cur = [...this.root];
    for (let i = 0; i < parts.length; i++) {
      const next = [...cur, parts[i]!];
      const r = this.follow(next, 0);
      if (r === "outside") {
        const shown = parts.slice(0, i + 1).join("/");
        if (!this.reported.has(shown)) {
          this.reported.add(shown);
          this.findings.push(outsideLinkFinding(shown));
        }
        return undefined;
      }
      if (r === undefined) return undefined;
      cur = r;
    }
    return cur;
  }

  /** Follows p while it is a symlink: the real path, "outside", or undefined (absent, dangling, a loop). */
  private follow(p: string[], depth: number): string[] | "outside" | undefined {
    if (depth > 40) return undefined;
    const key = p.join("/");
    const e = this.tree.get(key);
    if (e === undefined) return undefined;
    if (e.mode !== "120000") return p;
    const target = this.linkTargets.get(key);
    if (target === undefined) return undefined;
    if (target.startsWith("/")) return "outside";
    const out = p.slice(0, -1);
    for (const seg of target.split("/")) {
      if (seg === "" || seg === ".") continue;
      if (seg === "..") {
        if (out.length === 0) return "outside";
        out.pop();
      } else out.push(seg);
    }
    if (!this.inside(out)) return "outside";
    // Each component of the target may itself be a link.
    let cur: string[] = [];
    for (const seg of out) {
      const r = this.follow([...cur, seg], depth + 1);
      if (r === undefined || r === "outside") return r;
      cur = r;
    }
    return cur;
  }

  private inside(p: string[]): boolean {
    if (p.length < this.root.length) return false;
    return this.root.every((s, i) => p[i] === s);
  }

  resolveEntry(rel: string): Entry | undefined {
    const p = this.resolve(rel);
    if (p === undefined) return undefined;
    if (p.length === 0) return { mode: "040000", type: "tree", oid: "" };
    return this.tree.get(p.join("/"));
  }

  isFile(rel: string): boolean {
    const e = this.resolveEntry(rel);
    return e !== undefined && e.type === "blob";
  }

  isDir(rel: string): boolean {
    const e = this.resolveEntry(rel);
    return e !== undefined && e.type === "tree";
  }

  /** Every entry name of a folder, in byte order. */
  listNames(rel: string): string[] {
    const p = this.resolve(rel);
    if (p === undefined) return [];
    const e = p.length === 0 ? undefined : this.tree.get(p.join("/"));
    if (p.length > 0 && e?.type !== "tree") return [];
    return [...(this.children.get(p.join("/")) ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  listDirs(rel: string): string[] {
    const p = this.resolve(rel);
    if (p === undefined) return [];
    const e = p.length === 0 ? undefined : this.tree.get(p.join("/"));
    if (p.length > 0 && e?.type !== "tree") return [];
    const out: string[] = [];
    for (const name of this.children.get(p.join("/")) ?? []) {
      const child = this.tree.get([...p, name].join("/"))!;
      if (child.type === "tree") out.push(name);
      else if (child.mode === "120000" && this.isDir(`${rel}/${name}`)) out.push(name);
    }
    return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** A content id for bytes read from disk, in git's blob id form, so disk and git files share cache keys. */
export function blobId(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
