/** What a command may touch: streams and the environment, passed in so tests can drive the CLI in-process. */
import { colors, plain, type Paint } from "../report/paint.js";

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  /**
   * Why stdout could not be written (a full disk, `> /dev/full`), once every write so far has
   * been tried; undefined when it could. Absent for streams that cannot fail (tests' strings).
   */
  outputFailure?(): Promise<NodeJS.ErrnoException | undefined>;
}

export const processIo = (): Io => ({
  stdout: (s) => void (open(process.stdout) && process.stdout.write(s)),
  stderr: (s) => void (open(process.stderr) && process.stderr.write(s)),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  outputFailure: async () => {
    // A failed write is reported on the next tick (Node's streams): let it arrive first.
    await new Promise((resolve) => setImmediate(resolve));
    return failures.get(process.stdout);
  },
});

/**
 * Streams whose reader went away (`homescale plan | head`): what is left to print goes nowhere,
 * and the command still finishes and exits with its own code, instead of dying on EPIPE with a
 * stack trace. Any other failure to write (ENOSPC, EIO) closes the stream the same way and is
 * kept, so that the command can say so and exit 2: output that did not arrive is a failure.
 */
const closed = new WeakSet<NodeJS.WriteStream>();
const watched = new WeakSet<NodeJS.WriteStream>();
const failures = new WeakMap<NodeJS.WriteStream, NodeJS.ErrnoException>();

function open(stream: NodeJS.WriteStream): boolean {
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on("error", (e: NodeJS.ErrnoException) => {
      closed.add(stream);
      if (e.code !== "EPIPE" && !failures.has(stream)) failures.set(stream, e);
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

/** A command that cannot go on for a reason outside homescale (another build holds --out): exit 2 with the message. */
export class CommandFailure extends Error {}

export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;
