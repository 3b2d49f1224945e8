/**
 * YAML 1.1 traps. Input is read as YAML 1.2, but the tools around it (Helm's fromYaml, Go's
 * yaml.v2, Argo CD) read YAML 1.1, where an unquoted `yes`, `on`, `0755` or `1:30` means something
 * else. Only plain (unquoted) scalars can be traps.
 */
import type { Code } from "../diag/codes.js";

export interface Trap {
  code: Code;
  /** What YAML 1.1 reads. */
  reads: string;
}

const BOOL11 = new Set(["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]);
const TRUE11 = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);

/** What YAML 1.1 would make of a plain scalar whose YAML 1.2 meaning differs, or undefined. */
export function yaml11Trap(source: string): Trap | undefined {
  if (BOOL11.has(source)) return { code: "HS008", reads: `the boolean ${TRUE11.has(source) ? "true" : "false"}` };
  // Every number-like trap starts with a digit or a sign: most scalars are decided by one character.
  const c = source.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45)) return undefined;
  // Octal: 1.2 reads 0755 as the decimal 755, 1.1 as 493.
  if (/^[-+]?0[0-7]+$/.test(source)) return { code: "HS009", reads: `the octal number ${parseInt(source, 8)}` };
  if (/^[-+]?0b[01_]+$/.test(source)) return { code: "HS009", reads: "a binary number" };
  // Sexagesimal: 1.1 reads 1:30 as 90.
  if (/^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(source)) return { code: "HS009", reads: "a base-60 number" };
  // Underscores as digit separators: 1.1 reads 1_000 as 1000, 1.2 as a string.
  if (/^[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?$/.test(source)) return { code: "HS009", reads: "a number" };
  // 1e3 is a float in 1.2 but a string in 1.1 (which wants a dot): the reverse trap.
  if (/^[-+]?[0-9]+[eE][-+]?[0-9]+$/.test(source)) return { code: "HS009", reads: "a string (YAML 1.2 reads a number)" };
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$/.test(source)) return { code: "HS010", reads: "a timestamp" };
  return undefined;
}

/**
 * A cheap test on the raw text: could any plain scalar in it be a trap? False positives only cost
 * a precise parse; a false negative would hide a warning, so the pattern is generous.
 */
const CANDIDATE =
  /(?:^|[\s[{,:?-])(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0[0-7]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*:[0-9]|[-+]?[0-9][0-9_]*_|[-+]?[0-9]+[eE][-+]?[0-9]|[0-9]{4}-[0-9]{1,2}-[0-9])(?=$|[\s,\]}:#._0-9]|[-+0-9eE])/m;

export function mayHaveTraps(text: string): boolean {
  return CANDIDATE.test(text);
}

/** The quoted form to suggest: single quotes unless the text holds one. */
export function quoted(source: string): string {
  return source.includes("'") ? JSON.stringify(source) : `'${source}'`;
}
