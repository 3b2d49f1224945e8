import type { Io } from "../io.js";

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code. Throws UsageError for a bad command line. */
  run(argv: string[], io: Io): number | Promise<number>;
}
