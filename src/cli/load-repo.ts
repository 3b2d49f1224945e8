/** The shell around check: read the folder, run the pure core. */
import path from "node:path";
import { checkSnapshot, type CheckResult } from "../check/check.js";
import { readFolder, RepoNotFoundError } from "../load/read-folder.js";
import type { Snapshot } from "../load/snapshot.js";
import { UsageError } from "./io.js";

export function checkFolder(repo: string, cwd: string): CheckResult {
  return checkSnapshot(readRepoFolder(repo, cwd));
}

/** The repository folder as a snapshot; a missing folder is the user's mistake, not a crash. */
export function readRepoFolder(repo: string, cwd: string): Snapshot {
  try {
    return readFolder(path.resolve(cwd, repo));
  } catch (e) {
    if (e instanceof RepoNotFoundError) throw new UsageError(e.message);
    throw e;
  }
}
