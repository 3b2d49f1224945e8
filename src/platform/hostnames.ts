/**
 * Host names and the patterns that match them, as cloudflared, Cloudflare DNS and the gateways read
 * them: a pattern is an exact name or `*.` followed by a suffix, which matches any name below the
 * suffix, at any depth (cloudflared's matchHost), never the suffix itself. Names compare without
 * case and without a trailing dot.
 */

/** The name as lookups see it: lower case, no trailing dot. */
export function hostKey(name: string): string {
  return name.replace(/\.$/, "").toLowerCase();
}

export function isWildcard(pattern: string): boolean {
  return pattern.startsWith("*.");
}

/** Does the pattern (exact or `*.suffix`) match the host? Both are compared as hostKey. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = hostKey(pattern);
  const h = hostKey(host);
  if (!isWildcard(p)) return p === h;
  return h.endsWith(p.slice(1)) && h.length > p.length - 1;
}

/** name is a subdomain of domain (the apex itself is not: a wildcard does not cover it). */
export function isStrictlyUnder(name: string, domain: string): boolean {
  return hostKey(name).endsWith(`.${hostKey(domain)}`);
}

/** The wildcard name of a domain. */
export function wildcardOf(domain: string): string {
  return `*.${domain.replace(/\.$/, "")}`;
}

/**
 * The order in which first-match rules must be listed so that each name reaches its own rule:
 * exact names first, then wildcards from the most specific (most labels) to the broadest; ties by
 * name (code points), so the order never depends on where a name was declared.
 */
export function compareBySpecificity(a: string, b: string): number {
  const ka = hostKey(a);
  const kb = hostKey(b);
  const wa = isWildcard(ka);
  const wb = isWildcard(kb);
  if (wa !== wb) return wa ? 1 : -1;
  if (wa) {
    const la = ka.split(".").length;
    const lb = kb.split(".").length;
    if (la !== lb) return lb - la;
  }
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
