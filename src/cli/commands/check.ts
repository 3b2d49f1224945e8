import { countBySeverity } from "../../diag/diagnostic.js";
import { summarize } from "../../graph/summary.js";
import { formatSummary } from "../../report/summary.js";
import { parseCommandArgs } from "../args.js";
import { formatGithub } from "../../report/github.js";
import type { Paint } from "../../report/paint.js";
import { formatTextDiagnostics, plural, summaryLine } from "../../report/diagnostics-text.js";
import { EXIT, paintFor, UsageError, type Io } from "../io.js";
import { checkFolder } from "../load-repo.js";
import type { Command } from "./command.js";

export const checkCommand: Command = {
  name: "check",
  summary: "validate the repository; print every problem once, at file:line:column",
  usage: "homescale check [--repo DIR] [--format text|json|github] [--summary] [--no-color]",
  run(argv: string[], io: Io): number {
    const args = parseCommandArgs(argv, { summary: { type: "boolean" } }, ["text", "json", "github"], io.cwd);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}; check takes --repo DIR`);
    const result = checkFolder(args.global.repo, io.cwd);
    const { diagnostics } = result;
    const counts = countBySeverity(diagnostics);
    const withSummary = args.values.summary === true;
    const summary = withSummary ? summarize(result.index) : undefined;
    switch (args.global.format) {
      case "json": {
        const doc: Record<string, unknown> = { diagnostics, summary: counts };
        if (summary) doc.platform = summary;
        io.stdout(JSON.stringify(doc, null, 2) + "\n");
        break;
      }
      case "github":
        io.stdout(formatGithub(diagnostics));
        break;
      default: {
        const paint = paintFor(io, args.global.noColor);
        io.stdout(formatTextDiagnostics(diagnostics, (f) => result.sources.get(f)?.text, paint));
        if (diagnostics.length > 0) io.stdout("\n");
        if (summary && counts.errors === 0) io.stdout(formatSummary(summary, paint));
        const status = counts.errors > 0 ? paint.red("✗") : paint.green("✓");
        io.stdout(`${status} ${summaryLine(diagnostics)} in ${plural(result.model.apps.length, "app")} on ${plural(result.model.platform.clusters.length, "cluster")}\n`);
      }
    }
    return counts.errors > 0 ? EXIT.errors : EXIT.ok;
  },
};
