import path from "node:path";
import { changedSince, GitError, isGitRepo } from "../../git/git.js";
import { buildMatrix } from "../../render/targets/ci/build-matrix.js";
import { omniSyncList } from "../../render/targets/omni/sync.js";
import { parseCommandArgs } from "../args.js";
import { formatTextDiagnostics } from "../../report/diagnostics-text.js";
import { EXIT, paintFor, UsageError, type Io } from "../io.js";
import { checkFolder } from "../load-repo.js";
import type { Command } from "./command.js";

export const ciCommand: Command = {
  name: "ci",
  summary: "ci matrix: the image and chart build matrix for GitHub Actions; ci clusters: the clusters whose Omni template to sync",
  usage: "homescale ci matrix|clusters [--repo DIR] [--changed-since REV] [--format json|text]",
  run(argv: string[], io: Io): number {
    const args = parseCommandArgs(argv, { "changed-since": { type: "string" } }, ["json", "text"], io.cwd);
    const sub = args.positionals[0];
    if ((sub !== "matrix" && sub !== "clusters") || args.positionals.length !== 1) throw new UsageError("the ci command has two subcommands: ci matrix, ci clusters");
    const repo = path.resolve(io.cwd, args.global.repo);
    const result = checkFolder(repo, io.cwd);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      if (args.global.format === "json") io.stdout(JSON.stringify({ diagnostics: result.diagnostics, ...(sub === "matrix" ? { include: [] } : { clusters: [], machineClasses: [] }) }, null, 2) + "\n");
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
    if (sub === "clusters") {
      const list = omniSyncList(result.model, changed);
      if (args.global.format === "text") {
        for (const c of list.clusters) io.stdout(`${c.cluster} ${c.template}${changed ? ` (changed: ${c.because.join(", ")})` : ""}\n`);
        for (const m of list.machineClasses) io.stdout(`machine-class ${m.name} ${m.file}\n`);
      } else {
        io.stdout(JSON.stringify({ diagnostics: result.diagnostics, ...list }, null, 2) + "\n");
      }
      return EXIT.ok;
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
