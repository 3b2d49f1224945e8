import { closest } from "../../diag/suggest.js";
import { accessRules, rulesForSource } from "../../graph/access.js";
import { buildGraph } from "../../graph/graph.js";
import { sourceProblem } from "../../graph/trace.js";
import { parseCommandArgs } from "../args.js";
import { formatAccessMarkdown, formatAccessText } from "../../report/access.js";
import { formatTextDiagnostics } from "../../report/diagnostics-text.js";
import { EXIT, paintFor, UsageError, type Io } from "../io.js";
import { checkFolder } from "../load-repo.js";
import type { Command } from "./command.js";

/**
 * homescale access [APP] [--from SOURCE]: the NetBird access matrix. Exit 0; 1 when the repository
 * has errors (the matrix of what is valid is still printed, after the diagnostics); 2 for an
 * unknown app or source.
 */
export const accessCommand: Command = {
  name: "access",
  summary: "the access matrix: who reaches which app over NetBird, on which ports, at which names",
  usage: "homescale access [APP] [--from SOURCE] [--repo DIR] [--format text|json|markdown] [--no-color]",
  run(argv: string[], io: Io): number {
    const args = parseCommandArgs(argv, { from: { type: "string" } }, ["text", "json", "markdown"], io.cwd);
    if (args.positionals.length > 1) throw new UsageError(`unexpected argument ${args.positionals[1]}`);
    const app = args.positionals[0];
    const from = args.values.from as string | undefined;
    const result = checkFolder(args.global.repo, io.cwd);
    const { model, diagnostics } = result;
    if (app !== undefined && !model.appByName.has(app)) {
      const s = closest(app, model.appByName.keys());
      throw new UsageError(`there is no app ${app}${s ? `; did you mean ${s}?` : ""}`);
    }
    const graph = buildGraph(result.index, result.sources);
    if (from !== undefined) {
      const problem = sourceProblem(graph, from);
      if (problem) throw new UsageError(problem);
    }
    let rules = accessRules(result.index, graph.locator);
    if (app !== undefined) rules = rules.filter((r) => r.app === app);
    if (from !== undefined) rules = rulesForSource(result.index, rules, from);
    const errors = diagnostics.filter((d) => d.severity === "error");
    const code = errors.length > 0 ? EXIT.errors : EXIT.ok;
    switch (args.global.format) {
      case "json":
        io.stdout(JSON.stringify({ diagnostics, rules }, null, 2) + "\n");
        return code;
      case "markdown":
        if (errors.length > 0) io.stderr(formatTextDiagnostics(errors, (f) => result.sources.get(f)?.text, paintFor(io, args.global.noColor)));
        io.stdout(formatAccessMarkdown(rules));
        return code;
      default:
        if (errors.length > 0) io.stderr(formatTextDiagnostics(errors, (f) => result.sources.get(f)?.text, paintFor(io, args.global.noColor)));
        io.stdout(formatAccessText(rules, `no access rules${app !== undefined ? ` for ${app}` : ""}${from !== undefined ? ` from ${from}` : ""}`));
        return code;
    }
  },
};
