/**
 * Every address, range and subnet the platform declares, in one list, for the rules that hold them
 * to each other: a cluster's nodes, pods and services never overlap; its LoadBalancer pool lies on
 * the nodes' LAN and outside the pods and services; each gateway's address is in the pool and on
 * the LAN, and no two share one; a WireGuard subnet or Tailscale's 100.64.0.0/10 overlaps nothing.
 * Addresses are numbers (bigint), IPv4 and IPv6 apart: a range is [first, last] of one family.
 */
import type { Declaration } from "../diag/declaration.js";
import type { Model } from "../model/types.js";

export type Family = 4 | 6;

export interface Range {
  family: Family;
  first: bigint;
  last: bigint;
}

/** Parses an IPv4 or IPv6 address; undefined when it is neither (the schema has said so already). */
export function parseIp(s: string): { family: Family; value: bigint } | undefined {
  if (s.includes(":")) return parseIpv6(s);
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return { family: 4, value: v };
}

function parseIpv6(s: string): { family: Family; value: bigint } | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  let v = 0n;
  for (const g of [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return { family: 6, value: v };
}

const BITS: Record<Family, bigint> = { 4: 32n, 6: 128n };

/** A CIDR, a range `first-last`, or one address as a range. */
export function parseRange(s: string): Range | undefined {
  const dash = s.indexOf("-");
  if (dash > 0) {
    const a = parseIp(s.slice(0, dash));
    const b = parseIp(s.slice(dash + 1));
    if (!a || !b || a.family !== b.family || b.value < a.value) return undefined;
    return { family: a.family, first: a.value, last: b.value };
  }
  const slash = s.indexOf("/");
  const ip = parseIp(slash < 0 ? s : s.slice(0, slash));
  if (!ip) return undefined;
  const bits = BITS[ip.family];
  const prefix = slash < 0 ? bits : BigInt(Number(s.slice(slash + 1)));
  if (prefix < 0n || prefix > bits) return undefined;
  const host = (1n << (bits - prefix)) - 1n;
  const first = ip.value & ~host & ((1n << bits) - 1n);
  return { family: ip.family, first, last: first | host };
}

export function overlaps(a: Range, b: Range): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function contains(outer: Range, inner: Range): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** An address as text again (IPv4 dotted, IPv6 in full groups). */
export function formatIp(family: Family, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
  const groups: string[] = [];
  for (let i = 7n; i >= 0n; i--) groups.push(((v >> (i * 16n)) & 0xffffn).toString(16));
  return groups.join(":");
}

/** CoreDNS answers at the service subnet's base + 10 (kubeadm's and Talos's convention). */
export function clusterDnsAddress(services: string): string | undefined {
  const r = parseRange(services);
  return r ? formatIp(r.family, r.first + 10n) : undefined;
}

/** Tailscale's CGNAT range: every tailnet address is in it. */
export const TAILSCALE_RANGE = "100.64.0.0/10";

export type AddressRole = "nodes" | "pods" | "services" | "pool" | "gateway" | "wireguard" | "tailscale";

/** One address, range or subnet the platform declares, with its meaning and its place. */
export interface Declared {
  role: AddressRole;
  /** As written. */
  text: string;
  range: Range;
  /** The cluster it belongs to (not for an edge's WireGuard subnet or the tailnet). */
  cluster?: string;
  /** What it is, for messages: "the pods of boa1-prod", "gateway external of boa1-prod". */
  what: string;
  decl: Declaration;
}

/** Everything the platform declares, in homescale.yaml's order; unparsable values are left to the schema's diagnostics. */
export function declaredAddresses(model: Model): Declared[] {
  const out: Declared[] = [];
  const add = (role: AddressRole, text: string | undefined, what: string, decl: Declaration, cluster?: string): void => {
    if (text === undefined) return;
    const range = parseRange(text);
    if (!range) return;
    const d: Declared = { role, text, range, what, decl };
    if (cluster !== undefined) d.cluster = cluster;
    out.push(d);
  };
  for (const c of model.platform.clusters) {
    const at = (...p: (string | number)[]): Declaration => ({ file: c.file, path: [...c.path, ...p] });
    add("nodes", c.network?.nodes, `the nodes' LAN of ${c.name}`, at("network", "nodes"), c.name);
    add("pods", c.network?.pods, `the pods of ${c.name}`, at("network", "pods"), c.name);
    add("services", c.network?.services, `the services of ${c.name}`, at("network", "services"), c.name);
    c.loadBalancer?.addresses.forEach((a, i) => add("pool", a, `the LoadBalancer pool of ${c.name}`, at("loadBalancer", "addresses", i), c.name));
    for (const g of c.gateways) add("gateway", g.address, `gateway ${g.key} of ${c.name}`, { file: g.decl.file, path: [...g.decl.path, "address"] }, c.name);
  }
  for (const e of model.platform.edges ?? []) add("wireguard", e.wireguard.subnet, `the WireGuard subnet of edge ${e.name}`, { file: e.decl.file, path: [...e.decl.path, "wireguard", "subnet"] });
  return out;
}
