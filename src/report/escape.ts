/**
 * Text taken from the input (keys, values, whole source lines) is shown escaped: a control
 * character or a bidirectional override in an app.yaml must not reach the terminal, where an
 * escape sequence could recolor, hide or rewrite what the user reads ("trojan source").
 */

/** C0 controls but tab, DEL, C1 controls, and the Unicode bidi embeddings, overrides and isolates. */
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

/** \x1b, \u202e: how one unsafe character is shown. */
function escapeChar(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
}

/** The text with every unsafe character written as an escape; tabs stay (a frame turns them into spaces). */
export function escapeControls(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, escapeChar) : s;
}

/**
 * A source line made safe to print, and where a 1-based column of the original lands in it, so the
 * caret under a code frame still points at the same character after escapes widened the line.
 */
export function escapeLine(line: string): { shown: string; column(col: number): number } {
  if (!UNSAFE.test(line)) return { shown: line, column: (c) => c };
  let shown = "";
  const at: number[] = [];
  for (let i = 0; i < line.length; i++) {
    at.push(shown.length + 1);
    const c = line[i]!;
    shown += UNSAFE.test(c) ? escapeChar(c) : c;
  }
  at.push(shown.length + 1);
  return { shown, column: (c) => at[Math.min(Math.max(c, 1), at.length) - 1]! };
}

/** Text of several lines, each escaped: the line breaks stay. */
export function escapeLines(s: string): string {
  return s.includes("\n") ? s.split("\n").map(escapeControls).join("\n") : escapeControls(s);
}
