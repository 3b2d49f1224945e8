/**
 * The plan page's plans: the working tree (the workspace's latest check) against a base revision
 * read from git with the readers `plan` uses. A base is read and checked once per commit; a plan
 * is kept until the tree or the refs change. Git is only read.
 */
import type { CheckResult } from "../check/check.js";
import { git, isGitRepo, resolveRevision, GitError } from "../git/git.js";
import type { BlobCache } from "../load/read-git.js";
import { ParseCache } from "../parse/parse-yaml.js";
import { loadPlanSide, planSides, type PlanOutcome, type PlanSideResult } from "../cli/plan-run.js";
import { UsageError } from "../cli/io.js";

export interface Revisions {
  git: boolean;
  /** The base the page starts with: --base, else HEAD. */
  base: string;
  refs: { name: string; commit: string }[];
  commits: { commit: string; subject: string }[];
}

/** A revision the user asked for that git does not know (the page shows the message). */
export class RevisionError extends Error {}

const KEEP = 4;

export class Planner {
  private readonly bases = new Map<string, PlanSideResult>();
  private readonly plans = new Map<string, PlanOutcome>();
  private readonly blobs: BlobCache = new Map();
  private readonly cache = new ParseCache();
  readonly isGit: boolean;

  constructor(
    readonly repo: string,
    readonly defaultBase: string | undefined,
  ) {
    this.isGit = isGitRepo(repo);
  }

  revisions(): Revisions {
    const out: Revisions = { git: this.isGit, base: this.defaultBase ?? "HEAD", refs: [], commits: [] };
    if (!this.isGit) return out;
    try {
      for (const line of git(this.repo, ["for-each-ref", "--format=%(refname:short)%00%(objectname)", "refs/heads", "refs/tags", "refs/remotes"]).split("\n")) {
        const [name, commit] = line.split("\0");
        if (name && commit) out.refs.push({ name, commit });
      }
      for (const line of git(this.repo, ["log", "-n", "20", "--format=%H%x00%s"]).split("\n")) {
        const [commit, subject] = line.split("\0");
        if (commit && subject !== undefined) out.commits.push({ commit, subject });
      }
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      // a repository without commits yet: nothing to list
    }
    return out;
  }

  /** The plan of the working tree (head, checked at `generation`) against `rev`. */
  plan(rev: string, head: CheckResult, generation: number): PlanOutcome {
    if (!this.isGit) throw new RevisionError(`${this.repo} is not a git repository; a plan compares a git revision with the working tree`);
    if (rev.trim() === "" || rev.startsWith("-")) throw new RevisionError(`${JSON.stringify(rev)} is not a revision`);
    let commit: string;
    try {
      commit = resolveRevision(this.repo, rev);
    } catch (e) {
      if (e instanceof GitError) throw new RevisionError(e.message);
      throw e;
    }
    const key = `${rev}\0${commit}\0${generation}`;
    const known = this.plans.get(key);
    if (known) return known;
    const baseKey = `${rev}\0${commit}`;
    let base = this.bases.get(baseKey);
    if (!base) {
      try {
        base = loadPlanSide(this.repo, rev, this.cache, this.blobs);
      } catch (e) {
        if (e instanceof UsageError) throw new RevisionError(e.message);
        throw e;
      }
      remember(this.bases, baseKey, base);
    }
    const outcome = planSides(base, { info: { label: "working tree" }, result: head });
    remember(this.plans, key, outcome);
    return outcome;
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  while (map.size > KEEP) map.delete(map.keys().next().value!);
}
