/** What a command may touch: streams and the environment, passed in so tests can drive the CLI in-process. */
import { colors, plain, type Paint } from "./format/paint.js";

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

export const processIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});

export function paintFor(io: Io, noColor: boolean): Paint {
  if (noColor || io.env.NO_COLOR !== undefined || !io.isTTY) return plain;
  return colors;
}

/** A bad command line: exit 2 with a message, never a stack trace. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;
