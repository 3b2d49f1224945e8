/**
 * Failures of the operating system (a full disk, a folder that cannot be written) are reported as
 * what they are, with the path and the errno name: they are not bugs in homescale, and the user can
 * act on them.
 */

/** What each errno means, in the words of strerror(3), for the ones a command can meet. */
const MEANINGS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "file exists",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  ENOENT: "no such file or folder",
  ENOTDIR: "not a folder",
  EISDIR: "is a folder",
  ENOTEMPTY: "folder not empty",
  EBUSY: "resource busy",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
  EXDEV: "cross-device link",
  EIO: "input/output error",
  EFBIG: "file too large",
  ENOMEM: "out of memory",
  EPIPE: "broken pipe",
  EAGAIN: "resource temporarily unavailable",
};

/** An error raised by a system call (it carries an errno name and the call), else undefined. */
export function asSystemError(e: unknown): NodeJS.ErrnoException | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as NodeJS.ErrnoException;
  return typeof err.code === "string" && /^E[A-Z0-9]+$/.test(err.code) && typeof err.syscall === "string" ? err : undefined;
}

/**
 * "cannot rename /out/x to /out/y: no space left on device (ENOSPC)". `target` names what was
 * written when the error does not (a write to stdout carries no path).
 */
export function describeSystemError(err: NodeJS.ErrnoException, target?: string): string {
  const meaning = MEANINGS[err.code!] ?? err.message.replace(/^[A-Z0-9]+: /, "").replace(/,.*$/, "");
  const withDest = (err as { dest?: string }).dest;
  const path = err.path ?? target;
  const where = path !== undefined ? ` ${err.path === undefined && target !== undefined ? "to " : ""}${path}${withDest !== undefined ? ` to ${withDest}` : ""}` : "";
  return `cannot ${err.syscall}${where}: ${meaning} (${err.code})`;
}
