/**
 * The CLI entry: dispatch to a command; map every outcome to DESIGN.md's exit codes.
 * Bad input never shows a stack trace; an internal failure shows one only with HOMESCALE_DEBUG=1.
 */
import { buildCommand } from "./commands/build.js";
import { checkCommand } from "./commands/check.js";
import { ciCommand } from "./commands/ci.js";
import { traceCommand } from "./commands/trace.js";
import { accessCommand } from "./commands/access.js";
import type { Command } from "./commands/command.js";
import { initCommand } from "./commands/init.js";
import { labCommand } from "./commands/lab.js";
import { planCommand } from "./commands/plan.js";
import { schemaCommand } from "./commands/schema.js";
import { serveCommand } from "./commands/serve.js";
import { HOMESCALE_VERSION as VERSION } from "../render/version.js";
import { CommandFailure, EXIT, processIo, UsageError, type Io } from "./io.js";
import { asSystemError, describeSystemError } from "./system-error.js";

export const commands: readonly Command[] = [checkCommand, buildCommand, planCommand, traceCommand, accessCommand, serveCommand, schemaCommand, initCommand, ciCommand, labCommand];


function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `homescale ${VERSION}: one typed compiler for a GitOps platform repository

usage: homescale <command> [--repo DIR] [--format text|json|markdown|github] [--no-color]

commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run homescale <command> --help for a command's options.
`;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "version") {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`homescale: unknown command ${name}\n\n${help()}`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`usage: ${cmd.usage}\n\n${cmd.summary}\n`);
    return EXIT.ok;
  }
  const failed = cmd.failureExit?.(rest) ?? EXIT.usage;
  let code: number;
  try {
    code = await cmd.run(rest, io);
  } catch (e) {
    const sys = asSystemError(e);
    if (e instanceof UsageError) {
      io.stderr(`homescale ${cmd.name}: ${e.message}\nusage: ${cmd.usage}\n`);
    } else if (e instanceof CommandFailure) {
      io.stderr(`homescale ${cmd.name}: ${e.message}\n`);
    } else if (sys) {
      io.stderr(`homescale ${cmd.name}: ${describeSystemError(sys)}\n`);
    } else {
      const err = e as Error;
      io.stderr(`homescale ${cmd.name}: internal error: ${err.message}\nThis is a bug in homescale; please report it with the command you ran.\n`);
    }
    if (io.env.HOMESCALE_DEBUG && e instanceof Error && !(e instanceof UsageError)) io.stderr(`${e.stack ?? ""}\n`);
    return failed;
  }
  const lost = await io.outputFailure?.();
  if (lost) {
    io.stderr(`homescale ${cmd.name}: ${describeSystemError(lost, "stdout")}\n`);
    return failed;
  }
  return code;
}
