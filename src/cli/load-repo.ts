/** The shell around check: read the folder, run the pure core. */
import path from "node:path";
import { checkSnapshot, type CheckResult } from "../check/check.js";
import { readFolder, RepoNotFoundError } from "../load/read-folder.js";
import { UsageError } from "./io.js";

export function checkFolder(repo: string, cwd: string): CheckResult {
  const dir = path.resolve(cwd, repo);
  try {
    return checkSnapshot(readFolder(dir));
  } catch (e) {
    if (e instanceof RepoNotFoundError) throw new UsageError(e.message);
    throw e;
  }
}
