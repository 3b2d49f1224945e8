import path from "node:path";
import { changedSince, GitError, isGitRepo } from "../../git/git.js";
import { buildMatrix } from "../../render/targets/ci/build-matrix.js";
import { parseCommandArgs } from "../args.js";
import { formatTextDiagnostics } from "../../report/diagnostics-text.js";
import { EXIT, paintFor, UsageError, type Io } from "../io.js";
import { checkFolder } from "../load-repo.js";
import type { Command } from "./command.js";

export const ciCommand: Command = {
  name: "ci",
  summary: "ci matrix: the image and chart build matrix for GitHub Actions",
  usage: "homescale ci matrix [--repo DIR] [--changed-since REV] [--format json|text]",
  run(argv: string[], io: Io): number {
    const args = parseCommandArgs(argv, { "changed-since": { type: "string" } }, ["json", "text"], io.cwd);
    if (args.positionals[0] !== "matrix" || args.positionals.length !== 1) throw new UsageError("the ci command has one subcommand: ci matrix");
    const repo = path.resolve(io.cwd, args.global.repo);
    const result = checkFolder(repo, io.cwd);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      if (args.global.format === "json") io.stdout(JSON.stringify({ diagnostics: result.diagnostics, include: [] }, null, 2) + "\n");
      else io.stderr(formatTextDiagnostics(errors, (f) => result.sources.get(f)?.text, paintFor(io, args.global.noColor)));
      return EXIT.errors;
    }
    const since = args.values["changed-since"] as string | undefined;
    let changed: Set<string> | undefined;
    if (since !== undefined) {
      if (!isGitRepo(repo)) throw new UsageError(`--changed-since needs a git repository; ${args.global.repo} is not one`);
      try {
        changed = changedSince(repo, since);
      } catch (e) {
        if (e instanceof GitError) throw new UsageError(e.message);
        throw e;
      }
    }
    const matrix = buildMatrix(result.model, changed ? { changed } : {});
    if (args.global.format === "text") {
      for (const e of matrix.include) io.stdout(`${e.kind.padEnd(5)} ${e.app}${e.image ? ` -> ${e.image}` : ""}\n`);
    } else {
      io.stdout(JSON.stringify({ diagnostics: result.diagnostics, ...matrix }, null, 2) + "\n");
    }
    return EXIT.ok;
  },
};
