/** Shared test helpers: paths, temp repositories, and running the CLI in-process. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { main } from "../src/cli/main.js";
import type { Cluster, Model } from "../src/model/types.js";
import { indexPlatform, type ClusterView, type PlatformIndex } from "../src/platform/index.js";
import { renderContext } from "../src/render/outputs.js";
import type { RenderContext } from "../src/render/target.js";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const CORPUS = corpusDir();

/**
 * The shared corpus: ../shared next to this checkout, or, for a clone elsewhere (a fresh clone in a
 * temp folder), ../shared next to the local repository it was cloned from. Never copied in.
 */
function corpusDir(): string {
  const at = (repo: string): string => path.resolve(repo, "..", "shared", "corpus", "homescale-public-0a33f83a");
  if (fs.existsSync(at(ROOT))) return at(ROOT);
  try {
    const origin = execFileSync("git", ["-C", ROOT, "config", "--get", "remote.origin.url"], { encoding: "utf8" }).trim();
    if (path.isAbsolute(origin) && fs.existsSync(at(origin))) return at(origin);
  } catch {
    // not a git checkout, or no origin: the first place it is, absent
  }
  return at(ROOT);
}
export const CORPUS_REPO = path.join(CORPUS, "repo");
/** The second corpus: the upstream repository eight weeks later, after the NetBird -> Tailscale cutover. */
export const HEAD_CORPUS = path.join(path.dirname(CORPUS), "homescale-public-84982fd7");
export const HEAD_CORPUS_REPO = path.join(HEAD_CORPUS, "repo");

let migrated: string | undefined;

/**
 * The corpus as it is once moved to homescale: without HomeScale's own app-of-apps
 * (clusters/<name>/apps.yaml), which homescale's bootstrap takes the place of. As it is, check
 * rightly refuses it (HS078: synced, apps.yaml would replace the bootstrap). A private copy, made
 * once per test process; the corpus itself is never changed.
 */
export function migratedCorpus(): string {
  if (migrated === undefined) {
    migrated = copyTree(CORPUS_REPO, tempDir("homescale-corpus-migrated-"));
    for (const c of fs.readdirSync(path.join(migrated, "clusters"))) fs.rmSync(path.join(migrated, "clusters", c, "apps.yaml"), { force: true });
  }
  return migrated;
}
export const EXAMPLE = path.join(ROOT, "examples", "homescale");

export function tempDir(prefix = "homescale-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a repository from a map of relative paths to contents (string or bytes). */
export function writeRepo(files: Record<string, string | Uint8Array>, dir = tempDir()): string {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

/** Replaces `from` in a file; a `from` that is not there fails the test (it would test nothing). */
export function editFile(file: string, from: string | RegExp, to: string): void {
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: nothing matches ${String(from)}`);
  fs.writeFileSync(file, next);
}

/** Copies a folder tree (for tests that mutate a copy of a fixture). */
export function copyTree(from: string, to = tempDir()): string {
  fs.cpSync(from, to, { recursive: true });
  makeWritable(to);
  return to;
}

/** The shared corpus is read-only; copies of it must be writable for tests that mutate them. */
function makeWritable(p: string): void {
  const st = fs.lstatSync(p);
  if (st.isSymbolicLink()) return;
  fs.chmodSync(p, st.isDirectory() ? 0o755 : 0o644);
  if (st.isDirectory()) for (const n of fs.readdirSync(p)) makeWritable(path.join(p, n));
}

/** Every file below a folder, as relative POSIX path -> content. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p).split(path.sep).join("/"), fs.readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(argv: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd,
    env,
    isTTY: false,
  });
  return { code, stdout, stderr };
}

export async function checkJson(repo: string): Promise<{ code: number; diagnostics: { code: string; severity: string; file: string; line: number; column: number; message: string; hint?: string }[] }> {
  const r = await run(["check", "--repo", repo, "--format", "json"]);
  const doc = JSON.parse(r.stdout) as { diagnostics: never[] };
  return { code: r.code, diagnostics: doc.diagnostics };
}

const indexes = new WeakMap<Model, PlatformIndex>();

/** One platform index per model, as the CLI keeps one per check. */
export function indexOf(model: Model): PlatformIndex {
  let i = indexes.get(model);
  if (!i) indexes.set(model, (i = indexPlatform(model)));
  return i;
}

/** A cluster of a model as the per-cluster targets see it. */
export function viewOf(model: Model, cluster: Cluster | string): ClusterView {
  return indexOf(model).cluster(typeof cluster === "string" ? cluster : cluster.name)!;
}

/** A render context over a model (all clusters). */
export function contextOf(model: Model, clusters: readonly string[] = []): RenderContext {
  return renderContext(model, { index: indexOf(model), clusters });
}
