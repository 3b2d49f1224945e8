/**
 * The repository as the dashboard sees it: the latest check of the working tree, and what the
 * pages derive from it (the graph, the topology, the access matrix), each made when first asked
 * and dropped when the tree changes. A reload that fails (the folder is gone, a bug) keeps the
 * failure as a message for the page; nothing here writes to the repository.
 */
import path from "node:path";
import { checkSnapshot, type CheckResult } from "../check/check.js";
import { accessRules, type AccessRule } from "../graph/access.js";
import { buildGraph, type PlatformGraph } from "../graph/graph.js";
import type { Declaration } from "../diag/declaration.js";
import type { SourceText } from "../diag/locate.js";
import { readFolder, RepoNotFoundError } from "../load/read-folder.js";
import { ParseCache } from "../parse/parse-yaml.js";
import { parsePrecise, type PreciseDoc } from "../parse/precise.js";
import { topologyModel, type TopologyModel } from "./topology.js";

export interface Loaded {
  result: CheckResult;
  generation: number;
  graph(): PlatformGraph;
  topology(): TopologyModel;
  /** The access matrix, lines not yet located (0): finding a line parses its file precisely. */
  rules(): AccessRule[];
  /** The rules with their lines, as `access` gives them. */
  located(rules: readonly AccessRule[]): AccessRule[];
}

export class Workspace {
  /** Bumped on every reload and every change of git's refs: the page refetches when it moves. */
  generation = 0;
  private current: Loaded | undefined;
  private failure: string | undefined;
  /** Files a change leaves alone are parsed once (the same cache plan shares between revisions). */
  private readonly cache = new ParseCache();
  /** Precise parses (for lines) by file text: an unchanged file is not parsed again after a change elsewhere. */
  private precise = new Map<string, PreciseDoc>();

  constructor(readonly repo: string) {}

  /** Reads and checks the working tree again. */
  reload(): void {
    this.generation++;
    const generation = this.generation;
    try {
      const result = checkSnapshot(readFolder(this.repo), { cache: this.cache });
      const sources = this.sharedPrecise(result.sources);
      let graph: PlatformGraph | undefined;
      let topology: TopologyModel | undefined;
      let rules: AccessRule[] | undefined;
      let decls: Map<string, Declaration> | undefined;
      const loaded: Loaded = {
        result,
        generation,
        graph: () => (graph ??= buildGraph(result.index, sources)),
        topology: () => (topology ??= topologyModel(loaded.graph())),
        rules: () => (rules ??= accessRules(result.index)),
        located: (list) => {
          // Where each (policy, source) is written, as accessRules finds it: its first mention.
          if (!decls) {
            decls = new Map();
            for (const p of result.index.mesh.policies()) for (const src of p.sources) if (!decls.has(`${p.name}\0${src.source}`)) decls.set(`${p.name}\0${src.source}`, src.decl);
          }
          const locator = loaded.graph().locator;
          return list.map((r) => {
            const d = decls!.get(`${r.policy}\0${r.source}`);
            return { ...r, line: (d && locator.line(d)) ?? 0 };
          });
        },
      };
      this.current = loaded;
      this.failure = undefined;
    } catch (e) {
      // The last good state stays on the page, under the message.
      this.failure = failureMessage(e, this.repo);
    }
  }

  /** The texts with their precise parses shared across reloads (made when a line is first asked). */
  private sharedPrecise(sources: ReadonlyMap<string, SourceText>): Map<string, SourceText> {
    const before = this.precise;
    const now = new Map<string, PreciseDoc>();
    this.precise = now;
    const out = new Map<string, SourceText>();
    for (const [file, src] of sources) {
      const text = src.text;
      const known = before.get(text);
      if (known) now.set(text, known);
      out.set(file, {
        text,
        get precise(): PreciseDoc {
          let p = now.get(text);
          if (!p) now.set(text, (p = src.precise ?? parsePrecise(text)));
          return p;
        },
      });
    }
    return out;
  }

  /** Git's refs moved: nothing of the tree changed, but a plan against a branch may have. */
  refsChanged(): void {
    this.generation++;
    if (this.current) this.current = { ...this.current, generation: this.generation };
  }

  /** The latest good check (if any), and why the latest reload failed (if it did). */
  get(): { loaded?: Loaded; failure?: string; generation: number } {
    const out: { loaded?: Loaded; failure?: string; generation: number } = { generation: this.generation };
    if (this.current) out.loaded = this.current;
    if (this.failure !== undefined) out.failure = this.failure;
    else if (!this.current) out.failure = "not loaded yet";
    return out;
  }
}

/** A message for a person: what went wrong, never a stack trace. */
export function failureMessage(e: unknown, repo: string): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === "string" && typeof err.syscall === "string") {
    const where = typeof err.path === "string" ? path.relative(repo, err.path) || "." : repo;
    return `cannot read ${where}: ${err.code}`;
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof RepoNotFoundError) return msg;
  return `internal error: ${msg} (a bug in homescale; please report it)`;
}
