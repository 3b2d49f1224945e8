import { buildGraph } from "../../graph/graph.js";
import { trace, TraceInputError, type TraceResult } from "../../graph/trace.js";
import { parseCommandArgs } from "../args.js";
import { formatTraceMarkdown, formatTraceText } from "../../report/trace.js";
import { formatTextDiagnostics } from "../../report/diagnostics-text.js";
import { EXIT, paintFor, UsageError, type Io } from "../io.js";
import { checkFolder } from "../load-repo.js";
import type { Command } from "./command.js";

/**
 * homescale trace TARGET [--from SOURCE]. An answered trace exits 0 whatever the verdict (the
 * verdict is in the output: "unreachable" is an answer, not a failure); 1 when the repository has
 * errors (the trace is still printed, after the diagnostics, so a broken exposure can be traced);
 * 2 for a bad TARGET or SOURCE, or an internal name without --from.
 */
export const traceCommand: Command = {
  name: "trace",
  summary: "the path to a URL, hostname or internal name, hop by hop, each hop at the line that makes it",
  usage: "homescale trace TARGET [--from SOURCE] [--repo DIR] [--format text|json|markdown] [--no-color]",
  run(argv: string[], io: Io): number {
    const args = parseCommandArgs(argv, { from: { type: "string" } }, ["text", "json", "markdown"], io.cwd);
    if (args.positionals.length === 0) throw new UsageError("trace needs a TARGET: a URL, a hostname or an internal name");
    if (args.positionals.length > 1) throw new UsageError(`unexpected argument ${args.positionals[1]}`);
    const target = args.positionals[0]!;
    const from = args.values.from as string | undefined;
    const result = checkFolder(args.global.repo, io.cwd);
    const { diagnostics } = result;
    const graph = buildGraph(result.index, result.sources);
    let answer: TraceResult;
    try {
      answer = trace(graph, target, from);
    } catch (e) {
      if (e instanceof TraceInputError) throw new UsageError(e.message);
      throw e;
    }
    const errors = diagnostics.filter((d) => d.severity === "error");
    const code = errors.length > 0 ? EXIT.errors : EXIT.ok;
    if (args.global.format === "json") {
      io.stdout(JSON.stringify({ diagnostics, ...answer }, null, 2) + "\n");
      return code;
    }
    const paint = paintFor(io, args.global.noColor);
    if (errors.length > 0) io.stderr(formatTextDiagnostics(errors, (f) => result.sources.get(f)?.text, paint));
    if (args.global.format === "markdown") {
      io.stdout(formatTraceMarkdown(answer));
      return code;
    }
    io.stdout(formatTraceText(answer, paint));
    return code;
  },
};
