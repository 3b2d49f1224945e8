/** Command-line parsing: the global options of DESIGN.md plus each command's own, strictly. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./io.js";

export type Format = "text" | "json" | "markdown" | "github";

export interface GlobalOptions {
  repo: string;
  format: Format;
  noColor: boolean;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

const globalOptions: Options = {
  repo: { type: "string" },
  format: { type: "string" },
  "no-color": { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

export interface Parsed {
  global: GlobalOptions;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  help: boolean;
}

export function parseCommandArgs(argv: string[], own: Options, formats: readonly Format[], cwd: string): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...globalOptions, ...own }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const format = (v.format as string | undefined) ?? "text";
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`--format ${format} is not available here; use ${formats.join(", ")}`);
  }
  return {
    global: { repo: (v.repo as string | undefined) ?? cwd, format: format as Format, noColor: v["no-color"] === true },
    values: v,
    positionals: parsed.positionals,
    help: v.help === true,
  };
}
