/** The git side of the shell: the `git` CLI, never a library that could disagree with it. */
import { spawnSync } from "node:child_process";

export class GitError extends Error {}

export function git(repo: string, args: string[], input?: string): string {
  const r = spawnSync("git", ["-C", repo, ...args], {
    encoding: "utf8",
    input,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
  });
  if (r.error) throw new GitError(`git is not available: ${r.error.message}`);
  if (r.status !== 0) throw new GitError(r.stderr.trim().split("\n")[0] || `git ${args[0]} failed`);
  return r.stdout;
}

export function isGitRepo(repo: string): boolean {
  try {
    return git(repo, ["rev-parse", "--is-inside-work-tree"]).trim() === "true";
  } catch {
    return false;
  }
}

/** Full commit id of a revision, or a GitError that names it (and says when the clone is shallow). */
export function resolveRevision(repo: string, rev: string): string {
  try {
    return git(repo, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]).trim();
  } catch {
    if (isShallow(repo)) {
      throw new GitError(
        `revision ${rev} is not in this clone, which is shallow (made with --depth): it holds only the latest commits; ` +
          "fetch the history first (git fetch --unshallow, or fetch-depth: 0 for actions/checkout)",
      );
    }
    throw new GitError(`revision ${rev} does not exist in this repository`);
  }
}

/** A clone made with --depth lacks the commits before its cut: a revision may exist upstream and not here. */
function isShallow(repo: string): boolean {
  try {
    return git(repo, ["rev-parse", "--is-shallow-repository"]).trim() === "true";
  } catch {
    return false;
  }
}

/** Paths (relative to the repository root) changed since a revision: committed, staged, unstaged and untracked. */
export function changedSince(repo: string, rev: string): Set<string> {
  const commit = resolveRevision(repo, rev);
  const prefix = git(repo, ["rev-parse", "--show-prefix"]).trim();
  const out = new Set<string>();
  const add = (list: string): void => {
    for (const line of list.split("\n")) {
      if (line === "") continue;
      if (prefix !== "" && !line.startsWith(prefix)) continue;
      out.add(line.slice(prefix.length));
    }
  };
  add(git(repo, ["diff", "--name-only", "--no-renames", commit, "--", "."]));
  add(git(repo, ["ls-files", "--others", "--exclude-standard", "--full-name", "--", "."]));
  return out;
}
