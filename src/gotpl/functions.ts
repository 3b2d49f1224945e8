/**
 * The functions of the subset beyond comparisons and string helpers: printf (Go's fmt for %s, %d,
 * %v, %q and %%), sha256sum, and the value `.Files.Get` returns. Go strings are bytes: a file read
 * with `.Files.Get` (a favicon, a bundle) stays bytes through printf, so sha256sum hashes exactly
 * what Helm hashes; only printing it into a template's output decodes it as UTF-8.
 */
import { createHash } from "node:crypto";

/** A Go string that holds bytes read from a file, not text. */
export class GoBytes {
  constructor(readonly bytes: Uint8Array) {}
}

const utf8 = new TextEncoder();
const decoder = new TextDecoder("utf-8");

export function bytesOf(v: string | GoBytes): Uint8Array {
  return typeof v === "string" ? utf8.encode(v) : v.bytes;
}

export function textOf(v: GoBytes): string {
  return decoder.decode(v.bytes);
}

/** sha256sum: the hex digest of the string's bytes. */
export function sha256sum(v: string | GoBytes): string {
  return createHash("sha256").update(bytesOf(v)).digest("hex");
}

/**
 * printf with the verbs Helm's values use. `str` prints one argument as Go's %v does. A verb the
 * subset does not know, or a count of arguments that does not match the verbs, is an error: Go
 * would print `%!x(...)` into the output, which no one wants in a rendered object.
 */
export function printf(format: string, args: readonly unknown[], str: (v: unknown) => string, fail: (why: string) => never): string | GoBytes {
  const parts: (string | GoBytes)[] = [];
  let next = 0;
  let text = "";
  const arg = (): unknown => {
    if (next >= args.length) fail(`printf: the format ${JSON.stringify(format)} needs more arguments than the ${args.length} given`);
    return args[next++];
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%") {
      text += c;
      continue;
    }
    const verb = format[++i];
    if (verb === "%") {
      text += "%";
      continue;
    }
    const v = arg();
    if (verb === "s" || verb === "v") {
      if (v instanceof GoBytes) {
        parts.push(text, v);
        text = "";
      } else text += str(v);
    } else if (verb === "d") {
      if (typeof v !== "number" || !Number.isInteger(v)) fail(`printf: %d needs an integer, got ${JSON.stringify(v)}`);
      text += String(v);
    } else if (verb === "q") {
      text += JSON.stringify(v instanceof GoBytes ? textOf(v) : str(v));
    } else {
      fail(`printf: the verb %${verb ?? ""} is outside the supported subset (%s, %d, %v, %q, %%)`);
    }
  }
  if (next < args.length) fail(`printf: ${args.length - next} argument(s) more than the format ${JSON.stringify(format)} uses`);
  parts.push(text);
  if (parts.every((p) => typeof p === "string")) return parts.join("");
  const chunks = parts.map(bytesOf);
  const out = new Uint8Array(chunks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of chunks) {
    out.set(b, at);
    at += b.length;
  }
  return new GoBytes(out);
}
