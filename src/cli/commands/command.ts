import type { Io } from "../io.js";

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code. Throws UsageError for a bad command line. */
  run(argv: string[], io: Io): number | Promise<number>;
  /**
   * The exit code of a failure (a bad command line, a system error, a bug), when the command's
   * options give it another meaning than 2: under `plan --detailed-exitcode`, 2 means "changes".
   */
  failureExit?(argv: readonly string[]): number;
}
