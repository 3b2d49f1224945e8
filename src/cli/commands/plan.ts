import fs from "node:fs";
import path from "node:path";
import { checkSnapshot, type CheckResult } from "../../check/check.js";
import type { Diagnostic } from "../../diag/diagnostic.js";
import { GitError, isGitRepo } from "../../git/git.js";
import { readFolder, RepoNotFoundError } from "../../load/read-folder.js";
import { readRevision, type BlobCache } from "../../load/read-git.js";
import type { Snapshot } from "../../load/snapshot.js";
import { ParseCache } from "../../parse/parse-yaml.js";
import { formatPlanGithub } from "../../report/plan-github.js";
import { formatPlanMarkdown } from "../../report/plan-markdown.js";
import { formatPlanText } from "../../report/plan-text.js";
import { planModels, type RevisionInfo } from "../../plan/plan.js";
import { parseCommandArgs } from "../args.js";
import { formatGithub } from "../../report/github.js";
import { formatTextDiagnostics, summaryLine } from "../../report/diagnostics-text.js";
import { EXIT, paintFor, UsageError, type Io } from "../io.js";
import type { Command } from "./command.js";

interface Side {
  info: RevisionInfo;
  result: CheckResult;
}

function load(repo: string, rev: string | undefined, cache: ParseCache, blobs: BlobCache): Side {
  let snap: Snapshot;
  let info: RevisionInfo;
  try {
    if (rev === undefined) {
      snap = readFolder(repo);
      info = { label: "working tree" };
    } else {
      const r = readRevision(repo, rev, blobs);
      snap = r;
      info = { label: rev === r.commit ? r.commit.slice(0, 12) : `${rev} (${r.commit.slice(0, 12)})`, commit: r.commit };
    }
  } catch (e) {
    if (e instanceof GitError || e instanceof RepoNotFoundError) throw new UsageError(e.message);
    throw e;
  }
  return { info, result: checkSnapshot(snap, { cache }) };
}

export const planCommand: Command = {
  name: "plan",
  summary: "one semantic diff between two git revisions (head defaults to the working tree)",
  usage: "homescale plan --base REV [--head REV] [--repo DIR] [--detailed-exitcode] [--format text|json|markdown|github] [--no-color]",
  // terraform's codes under --detailed-exitcode: 2 means "changes", so every failure is 1 there.
  failureExit: (argv) => (argv.includes("--detailed-exitcode") ? EXIT.errors : EXIT.usage),
  run(argv: string[], io: Io): number {
    const args = parseCommandArgs(
      argv,
      { base: { type: "string" }, head: { type: "string" }, "detailed-exitcode": { type: "boolean" } },
      ["text", "json", "markdown", "github"],
      io.cwd,
    );
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const baseRev = args.values.base as string | undefined;
    const headRev = args.values.head as string | undefined;
    if (baseRev === undefined || baseRev === "") throw new UsageError("plan needs --base REV");
    const repo = path.resolve(io.cwd, args.global.repo);
    if (!fs.existsSync(repo) || !fs.statSync(repo).isDirectory()) throw new UsageError(`cannot open repository folder ${args.global.repo}`);
    if (!isGitRepo(repo)) throw new UsageError(`${args.global.repo} is not a git repository; plan compares git revisions`);

    // Shared by both revisions: the files a change leaves alone are read from git and parsed once.
    const cache = new ParseCache();
    const blobs: BlobCache = new Map();
    const base = load(repo, baseRev, cache, blobs);
    const head = load(repo, headRev, cache, blobs);
    const format = args.global.format;
    const paint = paintFor(io, args.global.noColor);

    const tagged = (side: Side, which: "base" | "head"): (Diagnostic & { revision: string })[] =>
      side.result.diagnostics.map((d) => ({ ...d, revision: `${which} ${side.info.label}` }));
    const baseErrors = base.result.diagnostics.some((d) => d.severity === "error");
    const headErrors = head.result.diagnostics.some((d) => d.severity === "error");
    if (baseErrors || headErrors) {
      const sides: [Side, "base" | "head"][] = [];
      if (baseErrors) sides.push([base, "base"]);
      if (headErrors) sides.push([head, "head"]);
      if (format === "json") {
        const diagnostics = sides.flatMap(([s, w]) => tagged(s, w));
        io.stdout(JSON.stringify({ diagnostics, changes: [], access: { added: [], removed: [] }, exposure: { added: [], removed: [] } }, null, 2) + "\n");
      } else if (format === "github") {
        io.stdout(sides.map(([s]) => formatGithub(s.result.diagnostics.filter((d) => d.severity === "error"))).join(""));
      }
      for (const [s, w] of sides) {
        const errors = s.result.diagnostics.filter((d) => d.severity === "error");
        if (format === "text" || format === "markdown") {
          io.stderr(`${paint.bold(`${w} revision ${s.info.label}`)} has errors:\n`);
          io.stderr(formatTextDiagnostics(errors, (f) => s.result.sources.get(f)?.text, paint));
        }
        io.stderr(`${paint.red("✗")} ${w} revision ${s.info.label}: ${summaryLine(s.result.diagnostics)}; no plan\n`);
      }
      return EXIT.errors;
    }

    const plan = planModels(
      { model: base.result.model, index: base.result.index, sources: base.result.sources, info: base.info },
      { model: head.result.model, index: head.result.index, sources: head.result.sources, info: head.info },
      tagged(head, "head"),
    );
    if (format === "json") io.stdout(JSON.stringify(plan, null, 2) + "\n");
    else if (format === "markdown") io.stdout(formatPlanMarkdown(plan));
    else if (format === "github") io.stdout(formatPlanGithub(plan, (app) => head.result.model.appByName.get(app)?.file ?? base.result.model.appByName.get(app)?.file));
    else io.stdout(formatPlanText(plan, paint));
    if (args.values["detailed-exitcode"] === true) return plan.summary.changed ? 2 : EXIT.ok;
    return EXIT.ok;
  },
};
