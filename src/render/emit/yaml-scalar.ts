/**
 * How one scalar is written so that every reader takes it for what it is. Our YAML is read by Go
 * (Argo CD, Helm, kubectl: YAML 1.1 rules, plus strconv's number syntax) and by YAML 1.2 tools, so a
 * string is left plain only when neither family could read it as anything else; the rules err on the
 * side of quoting, because a needless quote costs nothing and a missing one turns `no` into false,
 * `0777` into 511 and a date into a timestamp.
 */

/** Words that YAML 1.1 or 1.2 read as a boolean or null, in any case (readers differ on which cases). */
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|~|<<|=)$/i;

/**
 * Number-like text. Deliberately wider than any one spec: Go's resolver strips every `_` and hands
 * what is left to strconv (so `1__` is an int, and `0x1F`, `0o17`, `0b1`, `0777` too); YAML 1.1
 * reads `1:30` as sexagesimal and `1.` or `.` as floats; YAML 1.2 reads `1e3`.
 */
const NUMBERISH = [
  /^[-+]?[0-9_.:]+(?:[eE][-+]?[0-9_]*)?$/,
  /^[-+]?[0-9_.]*[eE][-+]?[0-9]+$/, // YAML 1.1's float needs no digit before the exponent: `e0`
  /^[-+]?0[xob]/i,
  /^[-+]?\.?(?:inf|infinity|nan)$/i,
];

/** YAML 1.1 timestamps (2024-01-01, 2001-12-14t21:59:43.10-05:00...): Go turns them into time.Time. */
const DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;

/** A first character that starts some other YAML construct, or a document marker. */
const INDICATOR_START = /^(?:[-?:,[\]{}#&*!|>'"%@`]|\.\.\.)/;

/**
 * Characters a plain or single-quoted scalar may hold: printable, not a line break in either
 * version (YAML 1.1 also breaks lines at NEL U+0085, LS U+2028 and PS U+2029), not the byte-order
 * mark, no tab (legal, but invisible and stripped at the ends), no lone surrogate.
 */
const SAFE_CHARS = /^[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u;

/** True when s may be written without quotes. */
export function isPlainSafe(s: string): boolean {
  if (s === "" || !SAFE_CHARS.test(s)) return false;
  if (s.trim() !== s) return false;
  if (RESERVED.test(s) || DATE_LIKE.test(s) || INDICATOR_START.test(s)) return false;
  if (NUMBERISH.some((re) => re.test(s))) return false;
  // ": " and a trailing ":" would start a mapping; " #" a comment.
  return !(s.includes(": ") || s.endsWith(":") || s.includes(" #"));
}

/**
 * Written forms by string. A build writes the same keys and values once per cluster (twenty times
 * on a 20-cluster platform), and deciding the form is most of the writer's work; the function is
 * pure, so a bounded memo changes nothing but speed.
 */
const written = new Map<string, string>();
const MEMO_LIMIT = 200_000;

/** A string on one line: plain when safe, else single-quoted, else double-quoted with escapes. */
export function flowString(s: string): string {
  const known = written.get(s);
  if (known !== undefined) return known;
  assertWellFormed(s);
  const out = isPlainSafe(s) ? s : SAFE_CHARS.test(s) ? `'${s.replaceAll("'", "''")}'` : doubleQuoted(s);
  if (written.size >= MEMO_LIMIT) written.clear();
  written.set(s, out);
  return out;
}

/**
 * flowString for a string likely met once (a frame's part: a template's result for one cluster):
 * read from the memo when there, never added to it, where it would only push out the strings that
 * do repeat.
 */
export function flowStringOnce(s: string): string {
  const known = written.get(s);
  if (known !== undefined) return known;
  assertWellFormed(s);
  return isPlainSafe(s) ? s : SAFE_CHARS.test(s) ? `'${s.replaceAll("'", "''")}'` : doubleQuoted(s);
}

/** Double-quoted, escaping only what must be: `"`, `\` and everything outside SAFE_CHARS. */
export function doubleQuoted(s: string): string {
  assertWellFormed(s);
  let out = '"';
  for (const ch of s) {
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (SAFE_CHARS.test(ch)) out += ch;
    // Every remaining character is in the BMP, so \uXXXX covers it.
    else out += `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return `${out}"`;
}

/**
 * A number as both versions and Go read it back to the same value. String() already gives a form
 * every reader accepts (`42`, `0.5`, `1e+21`, `1.5e-7`); the special values need YAML's spelling,
 * and -0 a float form, since `-0` is an integer and loses its sign in Go.
 */
export function numberText(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (n === Infinity) return ".inf";
  if (n === -Infinity) return "-.inf";
  if (Object.is(n, -0)) return "-0.0";
  return String(n);
}

export interface LiteralBlock {
  /** `|`, `|-` or `|+`, with an indentation indicator when the content starts with a space. */
  header: string;
  /** The content lines, without indentation; "" for an empty line. */
  lines: string[];
}

/**
 * A multi-line string as a literal block scalar, or undefined when a block cannot hold it exactly
 * (a carriage return or control character, a line of only blanks, no visible content at all):
 * those are written double-quoted instead.
 *
 * `indentStep` is how far the content sits right of the parent node's indentation; it becomes the
 * indentation indicator when one is needed.
 */
export function literalBlock(s: string, indentStep: number): LiteralBlock | undefined {
  if (!s.includes("\n")) return undefined;
  const body = s.replace(/\n+$/, "");
  const trailing = s.length - body.length;
  const lines = body.split("\n");
  if (lines.every((l) => l === "")) return undefined;
  for (const l of lines) {
    // Blank-only lines and tabs at a line's start are where readers disagree about what is
    // indentation and what is content.
    if (l !== "" && (l.trim() === "" || l.startsWith("\t"))) return undefined;
    if (!SAFE_CHARS.test(l.replaceAll("\t", " "))) return undefined;
  }
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  // The reader guesses the indentation from the first non-empty line; a leading space would be
  // taken as indentation, so say it explicitly.
  const first = lines.find((l) => l !== "")!;
  const indicator = first.startsWith(" ") ? String(indentStep) : "";
  for (let i = 1; i < trailing; i++) lines.push("");
  return { header: `|${indicator}${chomp}`, lines };
}

/**
 * A lone UTF-16 surrogate has no UTF-8 form: Go's reader rejects its escape and the whole file with
 * it. Text decoded from UTF-8 never holds one, so meeting one is a bug upstream; fail loudly rather
 * than write a file Argo CD cannot read.
 */
function assertWellFormed(s: string): void {
  if (/\p{Cs}/u.test(s)) throw new TypeError(`cannot write a string with a lone UTF-16 surrogate as YAML: ${JSON.stringify(s)}`);
}
