/**
 * The few address facts the Talos layer needs: parse an address or a subnet (as Go's net package
 * reads them: a subnet's host bits are masked away), whether a subnet holds an address, the
 * services subnet's CoreDNS address (its base + 10). Local to the Talos layer; a platform-wide
 * addressing module could take them over.
 */

export interface Address {
  family: 4 | 6;
  value: bigint;
}

export interface Subnet {
  family: 4 | 6;
  /** The network address (host bits masked). */
  base: bigint;
  bits: number;
}

const WIDTH = { 4: 32, 6: 128 } as const;

export function parseAddress(s: string): Address | undefined {
  if (s.includes(":")) {
    const v = parseV6(s);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const parts = s.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255)) return undefined;
  return { family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const group = (h: string): string[] => (h === "" ? [] : h.split(":"));
  const head = group(halves[0]!);
  const tail = halves.length === 2 ? group(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function parseSubnet(s: string): Subnet | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const a = parseAddress(s.slice(0, slash));
  const bits = Number(s.slice(slash + 1));
  if (!a || !/^[0-9]+$/.test(s.slice(slash + 1)) || bits > WIDTH[a.family]) return undefined;
  const host = (1n << BigInt(WIDTH[a.family] - bits)) - 1n;
  return { family: a.family, base: a.value & ~host, bits };
}

export function subnetContains(n: Subnet, a: Address): boolean {
  if (n.family !== a.family) return false;
  const host = (1n << BigInt(WIDTH[n.family] - n.bits)) - 1n;
  return (a.value & ~host) === n.base;
}

export function formatAddress(a: Address): string {
  if (a.family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((a.value >> shift) & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((a.value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // The longest run of zero groups (two or more) becomes "::", as Go prints it.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

/** The address n after a subnet's network address: CoreDNS takes the services subnet's base + 10. */
export function addressInSubnet(n: Subnet, offset: number): string {
  return formatAddress({ family: n.family, value: n.base + BigInt(offset) });
}

/** The address of CoreDNS (kube-dns) for a services subnet, or undefined when it does not parse. */
export function coreDnsAddress(services: string): string | undefined {
  const n = parseSubnet(services);
  return n === undefined ? undefined : addressInSubnet(n, 10);
}

/** An address with the prefix length of its subnet: 192.168.50.200 in 192.168.50.0/24 is 192.168.50.200/24. */
export function withPrefix(address: string, subnet: string): string | undefined {
  const n = parseSubnet(subnet);
  return n === undefined ? undefined : `${address}/${n.bits}`;
}

/** One address, written as Go prints it (to compare two spellings of an IPv6 address). */
export function canonicalAddress(s: string): string | undefined {
  const a = parseAddress(s);
  return a === undefined ? undefined : formatAddress(a);
}
