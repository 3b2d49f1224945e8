/**
 * The two wg-quick configs of an edge (breadth.md §5.1). The VPS listens and learns home's endpoint
 * from its handshakes; home sits behind NAT, so it dials the VPS's public address and keeps the NAT
 * mapping open with PersistentKeepalive. The VPS's AllowedIPs for home cover every DNAT target;
 * home's for the VPS cover the VPS's tunnel address, and the client ranges when the client's
 * address must survive (no masquerade): then those routes go to a table of their own, used only for
 * traffic from home's tunnel address, so home's other traffic keeps its own default route.
 */
import type { Edge } from "../../../model/layers.js";
import { parseRange } from "../../../platform/addressing.js";
import type { EdgeRouting } from "../../../platform/routes/edge.js";
import { describeKeyReference, privateKeyPostUp, publicKeyValue } from "./keys.js";

function prefixOf(subnet: string): number {
  const r = parseRange(subnet);
  if (!r) return 32;
  let size = r.last - r.first + 1n;
  let bits = 32;
  while (size > 1n) {
    size >>= 1n;
    bits--;
  }
  return bits;
}

function interfaceLines(edge: Edge, which: "vps" | "home"): string[] {
  const w = edge.wireguard;
  const side = w[which];
  return [
    "[Interface]",
    `Address = ${side.address ?? "(none)"}/${prefixOf(w.subnet)}`,
    ...(which === "vps" ? [`ListenPort = ${w.port}`] : []),
    `# PrivateKey is not written: PostUp reads it from ${describeKeyReference(side.privateKey)}.`,
    `PostUp = ${privateKeyPostUp(side.privateKey)}`,
  ];
}

/** The routing table home's client routes go to (the WireGuard port: one number per edge, and stable). */
export function homeTable(edge: Edge): number {
  return edge.wireguard.port;
}

export function vpsWireguard(er: EdgeRouting): string {
  const { edge } = er;
  const w = edge.wireguard;
  const lines = [
    `# homescale: edge ${edge.name}, the VPS end of the tunnel (wg-quick; ${edge.address}).`,
    ...interfaceLines(edge, "vps"),
    "# The VPS forwards what nftables DNATs home.",
    "PostUp = sysctl -q -w net.ipv4.ip_forward=1",
    "",
    "[Peer]",
    "# home: behind NAT, it dials in; its endpoint is learned from its handshakes.",
    `PublicKey = ${publicKeyValue(edge, "home", w.home)}`,
    `AllowedIPs = ${w.home.allowedIPs.join(", ")}`,
  ];
  return `${lines.join("\n")}\n`;
}

export function homeWireguard(er: EdgeRouting): string {
  const { edge } = er;
  const w = edge.wireguard;
  const clients = !edge.masquerade ? (edge.clientRanges ?? []) : [];
  const home = w.home.address ?? "(none)";
  const lines = [`# homescale: edge ${edge.name}, the home end of the tunnel (wg-quick).`, ...interfaceLines(edge, "home")];
  if (clients.length > 0) {
    const table = homeTable(edge);
    lines.push(
      `# No masquerade on the VPS: replies to clients (${clients.join(", ")}) go back through the tunnel,`,
      `# but only those from ${home}: the AllowedIPs routes go to table ${table}, used for that source alone.`,
      `Table = ${table}`,
      `PostUp = ip rule add from ${home} table ${table}`,
      `PostDown = ip rule del from ${home} table ${table}`,
    );
  }
  lines.push(
    "",
    "[Peer]",
    `# the VPS ${edge.name}`,
    `PublicKey = ${publicKeyValue(edge, "vps", w.vps)}`,
    `Endpoint = ${edge.address}:${w.port}`,
    `AllowedIPs = ${[`${w.vps.address ?? "(none)"}/32`, ...clients].join(", ")}`,
    "# Home is behind NAT: keep its mapping open, so the VPS can always reach it.",
    `PersistentKeepalive = ${w.keepalive}`,
  );
  return `${lines.join("\n")}\n`;
}
