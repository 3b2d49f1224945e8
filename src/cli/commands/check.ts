import { countBySeverity } from "../../diag/diagnostic.js";
import { summarize, type PlatformSummary } from "../../graph/summary.js";
import { parseCommandArgs } from "../args.js";
import { formatGithub } from "../format/github.js";
import type { Paint } from "../format/paint.js";
import { formatTextDiagnostics, plural, summaryLine } from "../format/text.js";
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
    const summary = withSummary ? summarize(result.model) : undefined;
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

function formatSummary(s: PlatformSummary, paint: Paint): string {
  let out = "";
  for (const c of s.clusters) {
    out += `${paint.bold(c.name)} (${c.role}${c.region ? `, region ${c.region}` : ""}): ${c.apps.length} apps\n`;
    let wave: number | undefined;
    for (const a of c.apps) {
      if (a.wave !== wave) {
        wave = a.wave;
        out += `  wave ${String(a.wave).padStart(3)}: `;
        out += c.apps.filter((x) => x.wave === a.wave).map((x) => x.name).join(", ") + "\n";
      }
    }
  }
  out += `${paint.bold("policies")}: ${s.policies.length}\n`;
  for (const p of s.policies) {
    out += `  ${p.name}: ${p.sources.join(", ")} -> app-${p.app} ${p.protocol}${p.ports.length ? `/${p.ports.join(",")}` : ""}\n`;
  }
  out += `${paint.bold("public names")}: ${s.publicNames.length}\n`;
  for (const n of s.publicNames) out += `  ${n.fqdn} -> ${n.target} (${n.app} on ${n.cluster}, via ${n.via})\n`;
  return out + "\n";
}
