/** What a command may touch: streams and the environment, passed in so tests can drive the CLI in-process. */
import { colors, plain, type Paint } from "../report/paint.js";

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

export const processIo = (): Io => ({
  stdout: (s) => void (open(process.stdout) && process.stdout.write(s)),
  stderr: (s) => void (open(process.stderr) && process.stderr.write(s)),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});

/**
 * Streams whose reader went away (`homescale plan | head`): what is left to print goes nowhere,
 * and the command still finishes and exits with its own code, instead of dying on EPIPE with a
 * stack trace. Any other stream error is thrown as before.
 */
const closed = new WeakSet<NodeJS.WriteStream>();
const watched = new WeakSet<NodeJS.WriteStream>();

function open(stream: NodeJS.WriteStream): boolean {
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      closed.add(stream);
    });
  }
  return !closed.has(stream);
}

export function paintFor(io: Io, noColor: boolean): Paint {
  if (noColor || io.env.NO_COLOR !== undefined || !io.isTTY) return plain;
  return colors;
}

/** A bad command line: exit 2 with a message, never a stack trace. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;
