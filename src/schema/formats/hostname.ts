/**
 * DNS hostnames: one validator for every field that holds one (public names and aliases, the
 * internal and external domains, zones, the reverse-proxy address), so they all accept and reject
 * the same names. RFC 1123 labels of letters, digits and '-', at most 63 characters, at most 253 in
 * all, at least two labels, no trailing dot, ASCII only (an internationalized name is written in
 * punycode), and a last label that is not all digits (that would be an IPv4 address). Where a
 * wildcard is allowed it is the whole leftmost label: `*.example.com`.
 */
import { domainToASCII } from "node:url";

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const NAME = `(?:${LABEL}\\.)+(?![0-9]+$)${LABEL}`;

/** A hostname, no wildcard. */
export const HOSTNAME_PATTERN = `^(?=.{1,253}$)${NAME}$`;
/** A hostname whose leftmost label may be `*`. */
export const WILDCARD_HOSTNAME_PATTERN = `^(?=.{1,253}$)(?:\\*\\.)?${NAME}$`;

const hostname = new RegExp(HOSTNAME_PATTERN);
const wildcardHostname = new RegExp(WILDCARD_HOSTNAME_PATTERN);

export function isHostname(s: string, opts: { wildcard?: boolean } = {}): boolean {
  return (opts.wildcard === true ? wildcardHostname : hostname).test(s);
}

/** What is wrong with a name that failed the pattern, in words the user can act on. */
export function explainHostname(s: string, opts: { wildcard?: boolean } = {}): string {
  if (s === "") return "write a hostname such as www.example.com";
  const url = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s);
  if (url || /[/:?#@]/.test(s)) {
    let host: string | undefined;
    try {
      host = new URL(url ? s : `http://${s}`).hostname;
    } catch {
      host = undefined;
    }
    return `write the host name alone, without a scheme, port or path${host ? `: ${host}` : ""}`;
  }
  if (/\s/.test(s)) return "a hostname holds no spaces";
  if (s.includes("_")) return `underscores are not allowed in hostnames; use '-': ${s.replace(/_/g, "-")}`;
  if (/[^\x00-\x7f]/.test(s)) {
    const ascii = domainToASCII(s.replace(/\.$/, ""));
    return ascii !== "" ? `write the internationalized name in punycode: ${ascii}` : "use ASCII letters, digits and '-' (an internationalized name in punycode)";
  }
  if (s.endsWith(".")) return `remove the trailing dot: ${s.replace(/\.+$/, "")}`;
  const labels = s.split(".");
  if (s.includes("*")) {
    if (opts.wildcard !== true) return "a wildcard is not allowed here";
    if (labels.slice(1).some((l) => l.includes("*")) || labels[0] !== "*") return "a wildcard may only be the whole leftmost label, as in *.example.com";
  }
  if (s.length > 253) return `the name is ${s.length} characters; a hostname has at most 253`;
  const long = labels.find((l) => l.length > 63);
  if (long !== undefined) return `the label ${long.slice(0, 20)}… is ${long.length} characters; a label has at most 63`;
  if (labels.some((l) => l === "")) return "a label is empty: two dots in a row, or a dot at the start";
  if (labels.some((l) => l.startsWith("-") || l.endsWith("-"))) return "a label may not start or end with '-'";
  if (labels.length < 2) return "a hostname here has at least two labels, such as example.com";
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return "an IP address is not a hostname; the last label holds a letter";
  return "use letters, digits and '-' in labels separated by dots";
}
