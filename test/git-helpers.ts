/** Real git repositories in temp folders (changesets' gitdir habit). */
import { execFileSync } from "node:child_process";

/** A fixed identity and date, so commits made in tests are the same on every machine. */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: "test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
} as const;

export function sh(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_IDENTITY } });
}

export function gitInit(dir: string): string {
  sh(dir, "init", "-q", "-b", "main");
  sh(dir, "add", "-A");
  sh(dir, "commit", "-qm", "initial");
  return sh(dir, "rev-parse", "HEAD").trim();
}

export function commitAll(dir: string, message: string): string {
  sh(dir, "add", "-A");
  sh(dir, "commit", "-qm", message);
  return sh(dir, "rev-parse", "HEAD").trim();
}
