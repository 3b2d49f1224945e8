/**
 * The platform's addresses held to each other (platform/addressing.ts): a cluster's nodes, pods
 * and services are disjoint; its LoadBalancer pool lies on the nodes' LAN and outside the pods and
 * services; a gateway's address is in the pool and on the LAN, and no two gateways of a cluster
 * share one; a WireGuard subnet, and Tailscale's 100.64.0.0/10 on a platform that uses Tailscale,
 * overlap nothing.
 */
import { contains, declaredAddresses, overlaps, parseRange, TAILSCALE_RANGE, type Declared } from "../../platform/addressing.js";
import type { Rule } from "../rule.js";

/** Which roles must not overlap within a cluster. */
const DISJOINT: readonly [Declared["role"], Declared["role"]][] = [
  ["nodes", "pods"],
  ["nodes", "services"],
  ["pods", "services"],
  ["pool", "pods"],
  ["pool", "services"],
  ["gateway", "pods"],
  ["gateway", "services"],
];

export const addressingRule: Rule = {
  name: "addressing",
  codes: ["HS100", "HS101", "HS102", "HS103"],
  run({ model, report }) {
    const all = declaredAddresses(model);
    const byCluster = new Map<string, Declared[]>();
    for (const d of all) if (d.cluster !== undefined) byCluster.set(d.cluster, [...(byCluster.get(d.cluster) ?? []), d]);
    for (const list of byCluster.values()) {
      const of = (role: Declared["role"]) => list.filter((d) => d.role === role);
      for (const [a, b] of DISJOINT) {
        for (const x of of(a)) {
          for (const y of of(b)) {
            if (!overlaps(x.range, y.range)) continue;
            const later = x.role === "gateway" || x.role === "pool" ? x : y;
            const other = later === x ? y : x;
            report("HS100", `${later.text} (${later.what}) overlaps ${other.text} (${other.what})`, later.decl, `give ${later.what} addresses outside ${other.text}`);
          }
        }
      }
      const nodes = of("nodes");
      for (const p of of("pool")) {
        if (nodes.length > 0 && !nodes.some((n) => contains(n.range, p.range))) {
          report("HS101", `${p.text} (${p.what}) is not on the nodes' LAN ${nodes.map((n) => n.text).join(", ")}: L2 announcements reach only that segment`, p.decl, `use addresses inside ${nodes[0]!.text}`);
        }
      }
      const pool = of("pool");
      const seen = new Map<bigint, Declared>();
      for (const g of of("gateway")) {
        if (pool.length > 0 && !pool.some((p) => contains(p.range, g.range))) {
          report("HS102", `${g.text} (${g.what}) is not in the LoadBalancer pool (${pool.map((p) => p.text).join(", ")}): no load balancer would give it`, g.decl, "take an address from the pool, or add it to loadBalancer.addresses");
        } else if (nodes.length > 0 && !nodes.some((n) => contains(n.range, g.range))) {
          report("HS102", `${g.text} (${g.what}) is not on the nodes' LAN (${nodes.map((n) => n.text).join(", ")})`, g.decl, `use an address inside ${nodes[0]!.text}`);
        }
        const first = seen.get(g.range.first);
        if (first) report("HS103", `${g.text} is the address of ${first.what} too: two gateways cannot share a LoadBalancer address`, g.decl, "give each gateway its own address");
        else seen.set(g.range.first, g);
      }
    }
    // Subnets that cross the whole platform: a WireGuard subnet, and the tailnet.
    const tailnet = model.platform.mesh === "tailscale" || model.platform.clusters.some((c) => c.talos?.extensions?.includes("tailscale"));
    const global: Declared[] = all.filter((d) => d.role === "wireguard");
    if (tailnet) global.push({ role: "tailscale", text: TAILSCALE_RANGE, range: parseRange(TAILSCALE_RANGE)!, what: "Tailscale's addresses", decl: { file: "homescale.yaml", path: ["mesh"] } });
    for (const w of global) {
      for (const d of all) {
        if (d === w || !overlaps(w.range, d.range)) continue;
        if (d.role === "wireguard" && all.indexOf(d) < all.indexOf(w)) continue; // that pair is reported once
        // The tailnet is reported at what collides with it; a WireGuard subnet at itself.
        const at = w.role === "tailscale" ? d : w;
        const other = at === d ? w : d;
        report("HS100", `${at.text} (${at.what}) overlaps ${other.text} (${other.what})`, at.decl, `move ${at.what} out of ${other.text}`);
      }
    }
  },
};
