/**
 * The VPS's ruleset (breadth.md §5.2), loaded with `nft -f`: input and forward drop by default;
 * established traffic passes; the WireGuard port and the management port are the only ones the VPS
 * itself answers; each forwarded port is a DNAT to home's tunnel address with the forward accept
 * that matches it (DNATed traffic crosses forward, never input). Masquerade is written out either
 * way, as the choice it is: on, home needs no route to the clients but never learns their address.
 */
import type { EdgeRouting } from "../../../platform/routes/edge.js";

export function vpsNftables(er: EdgeRouting): string {
  const { edge, ports } = er;
  const w = edge.wireguard;
  const home = w.home.address ?? "0.0.0.0";
  const m = edge.management;
  const from = m?.from !== undefined ? ` ip saddr { ${m.from.join(", ")} }` : "";
  const input = [
    "ct state established,related accept",
    "ct state invalid drop",
    'iifname "lo" accept',
    "ip protocol icmp accept",
    "meta l4proto ipv6-icmp accept",
    `iifname $WAN udp dport ${w.port} accept comment "wireguard"`,
    ...(m ? [`iifname $WAN${from} tcp dport ${m.port} accept comment "management"`] : []),
  ];
  const forward = [
    "ct state established,related accept",
    ...ports.map((p) => `iifname $WAN oifname $WG ip daddr $HOME tcp dport ${p.to} ct status dnat accept comment "${p.listen} -> ${p.to}"`),
  ];
  const masquerade = edge.masquerade
    ? [
        `# masquerade: on (edges.${edge.name}.masquerade). Home sees every connection from ${w.vps.address ?? "the VPS"} and`,
        "# needs no route back to the clients; their own addresses do not reach home.",
        "oifname $WG masquerade",
      ]
    : [
        `# masquerade: off (edges.${edge.name}.masquerade: false). Home sees the client's own address and`,
        "# answers it through the tunnel (clientRanges in its AllowedIPs).",
      ];
  const chain = (name: string, hook: string, rules: string[], policy: string, priority = "filter"): string =>
    `\tchain ${name} {\n\t\ttype ${hook === "prerouting" || hook === "postrouting" ? "nat" : "filter"} hook ${hook} priority ${priority}; policy ${policy};\n${rules.map((r) => `\t\t${r}\n`).join("")}\t}\n`;
  return [
    "#!/usr/sbin/nft -f",
    `# homescale: edge ${edge.name} (${edge.address}). Only the ports below pass; everything else is dropped.`,
    "# Needs net.ipv4.ip_forward=1 (wg0.conf's PostUp sets it).",
    "flush ruleset",
    "",
    `define WAN = "${edge.interface}"`,
    'define WG = "wg0"',
    `define HOME = ${home}`,
    "",
    `table inet filter {\n${chain("input", "input", input, "drop")}${chain("forward", "forward", forward, "drop")}}`,
    "",
    `table ip nat {\n${chain("prerouting", "prerouting", ports.map((p) => `iifname $WAN tcp dport ${p.listen} dnat to $HOME:${p.to}`), "accept", "dstnat")}${chain("postrouting", "postrouting", masquerade, "accept", "srcnat")}}`,
    "",
  ].join("\n");
}
