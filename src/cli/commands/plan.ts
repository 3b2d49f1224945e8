import fs from "node:fs";
import path from "node:path";
import { isGitRepo } from "../../git/git.js";
import type { BlobCache } from "../../load/read-git.js";
import { ParseCache } from "../../parse/parse-yaml.js";
import { formatPlanGithub } from "../../report/plan-github.js";
import { formatPlanMarkdown } from "../../report/plan-markdown.js";
import { formatPlanText } from "../../report/plan-text.js";
import { parseCommandArgs } from "../args.js";
import { formatGithub } from "../../report/github.js";
import { formatTextDiagnostics, summaryLine } from "../../report/diagnostics-text.js";
import { EXIT, paintFor, UsageError, type Io } from "../io.js";
import { loadPlanSide, planJson, planSides } from "../plan-run.js";
import type { Command } from "./command.js";

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
    const base = loadPlanSide(repo, baseRev, cache, blobs);
    const head = loadPlanSide(repo, headRev, cache, blobs);
    const format = args.global.format;
    const paint = paintFor(io, args.global.noColor);

    const outcome = planSides(base, head);
    if (!outcome.ok) {
      if (format === "json") io.stdout(JSON.stringify(planJson(outcome), null, 2) + "\n");
      else if (format === "github") io.stdout(outcome.failed.map(([s]) => formatGithub(s.result.diagnostics.filter((d) => d.severity === "error"))).join(""));
      for (const [s, w] of outcome.failed) {
        const errors = s.result.diagnostics.filter((d) => d.severity === "error");
        if (format === "text" || format === "markdown") {
          io.stderr(`${paint.bold(`${w} revision ${s.info.label}`)} has errors:\n`);
          io.stderr(formatTextDiagnostics(errors, (f) => s.result.sources.get(f)?.text, paint));
        }
        io.stderr(`${paint.red("✗")} ${w} revision ${s.info.label}: ${summaryLine(s.result.diagnostics)}; no plan\n`);
      }
      return EXIT.errors;
    }
    const { plan } = outcome;
    if (format === "json") io.stdout(JSON.stringify(plan, null, 2) + "\n");
    else if (format === "markdown") io.stdout(formatPlanMarkdown(plan));
    else if (format === "github") io.stdout(formatPlanGithub(plan, (app) => head.result.model.appByName.get(app)?.file ?? base.result.model.appByName.get(app)?.file));
    else io.stdout(formatPlanText(plan, paint));
    if (args.values["detailed-exitcode"] === true) return plan.summary.changed ? 2 : EXIT.ok;
    return EXIT.ok;
  },
};
