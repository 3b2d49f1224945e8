/**
 * CIDR subnets as Go's net.ParseCIDR reads them (NetBird and the Terraform provider are Go): IPv4
 * octets 0-255 without leading zeros and a prefix up to 32, or an IPv6 address and a prefix up to 128.
 */

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
const IPV4 = `(?:${OCTET}\\.){3}${OCTET}`;
const H = "[0-9a-fA-F]{1,4}";
const IPV6 = [
  `(?:${H}:){7}${H}`,
  `(?:${H}:){1,7}:`,
  `(?:${H}:){1,6}:${H}`,
  `(?:${H}:){1,5}(?::${H}){1,2}`,
  `(?:${H}:){1,4}(?::${H}){1,3}`,
  `(?:${H}:){1,3}(?::${H}){1,4}`,
  `(?:${H}:){1,2}(?::${H}){1,5}`,
  `${H}:(?::${H}){1,6}`,
  `:(?:(?::${H}){1,7}|:)`,
].join("|");

/** One address, IPv4 or IPv6, as Go's net.ParseIP reads it. */
export const IP_PATTERN = `^(?:${IPV4}|${IPV6})$`;

/** LoadBalancer addresses: a CIDR, or a range `first-last` of two addresses of one family. */
export const ADDRESS_RANGE_PATTERN = `^(?:${IPV4}/(?:3[0-2]|[12]?[0-9])|(?:${IPV6})/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])|${IPV4}-${IPV4}|(?:${IPV6})-(?:${IPV6}))$`;

export const CIDR_PATTERN = `^(?:${IPV4}/(?:3[0-2]|[12]?[0-9])|(?:${IPV6})/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9]))$`;

/** What is wrong with a subnet that failed the pattern. */
export function explainCidr(s: string): string {
  const slash = s.indexOf("/");
  const address = slash < 0 ? s : s.slice(0, slash);
  const prefix = slash < 0 ? undefined : s.slice(slash + 1);
  const v6 = address.includes(":");
  if (prefix === undefined) return `add the prefix length, as in ${address}/${v6 ? 64 : 24}`;
  if (!/^[0-9]+$/.test(prefix)) return "the prefix length after '/' is a number";
  if (v6) {
    if (!new RegExp(`^(?:${IPV6})$`).test(address)) return `${address} is not an IPv6 address (eight groups of up to four hex digits; '::' once)`;
    return `an IPv6 prefix is at most 128, not ${prefix}`;
  }
  const octets = address.split(".");
  if (octets.length !== 4 || octets.some((o) => !/^[0-9]+$/.test(o))) return `${address} is not an IPv4 address (four numbers separated by dots)`;
  const big = octets.find((o) => Number(o) > 255);
  if (big !== undefined) return `each part of an IPv4 address is at most 255, not ${big}`;
  const zero = octets.find((o) => o.length > 1 && o.startsWith("0"));
  if (zero !== undefined) return `write ${zero} without leading zeros (Go reads none)`;
  return `an IPv4 prefix is at most 32, not ${prefix}`;
}

/** What is wrong with an address that failed the pattern. */
export function explainIp(s: string): string {
  if (s.includes("/")) return `an address, without a prefix length: ${s.slice(0, s.indexOf("/"))}`;
  return explainCidr(`${s}/${s.includes(":") ? 64 : 32}`).replace(/^an IPv4 prefix.*$/, `${s} is not an IPv4 address`);
}

/** What is wrong with a LoadBalancer range that failed the pattern. */
export function explainRange(s: string): string {
  if (!s.includes("-")) return explainCidr(s);
  const [a = "", b = ""] = s.split("-");
  return `a range is two addresses, first-last: ${[a, b].map((x) => (new RegExp(IP_PATTERN).test(x) ? "" : `${x || "(empty)"} is not an address`)).filter(Boolean).join("; ") || "both of one family"}`;
}
