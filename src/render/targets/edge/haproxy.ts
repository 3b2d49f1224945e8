/**
 * HAProxy at home (breadth.md §5.3): a TCP frontend per forwarded port on home's tunnel address,
 * each to the gateway's LoadBalancer address on the port the VPS received, health-checked. With
 * PROXY protocol the gateway learns who connected to the VPS (send-proxy-v2; the health checks
 * send the header too, so the gateway's port accepts them); without it the gateway sees HAProxy.
 */
import type { EdgeRouting } from "../../../platform/routes/edge.js";

export function homeHaproxy(er: EdgeRouting): string {
  const { edge, ports, gateway: g } = er;
  const home = edge.wireguard.home.address ?? "0.0.0.0";
  const address = g?.address ?? "0.0.0.0";
  const proxy = edge.proxyProtocol ? " send-proxy-v2" : "";
  const what = g ? `gateway ${g.key} of ${g.cluster} (${g.kind === "nginx" ? "ingress-nginx" : "Envoy Gateway"} ${g.name}, LoadBalancer ${address})` : "(no gateway)";
  const out = [
    `# homescale: edge ${edge.name}, the home side: TCP from the tunnel (${home}) to ${what},`,
    edge.proxyProtocol ? "# with PROXY v2, which the gateway accepts." : "# without PROXY protocol: the gateway sees HAProxy's address.",
    "# It binds the tunnel address: start it after the tunnel (After=wg-quick@wg0.service).",
    "global",
    "    log stdout format raw local0",
    "    user haproxy",
    "    group haproxy",
    "",
    "defaults",
    "    log global",
    "    mode tcp",
    "    option tcplog",
    "    timeout connect 5s",
    "    timeout client 60s",
    "    timeout server 60s",
  ];
  for (const p of ports) {
    out.push(
      "",
      `frontend fe_${p.to}`,
      `    # the VPS's tcp ${p.listen}, DNATed to ${home}:${p.to}`,
      `    bind ${home}:${p.to}`,
      `    default_backend be_${p.to}`,
      "",
      `backend be_${p.to}`,
      "    option tcp-check",
      "    default-server inter 2s fall 2 rise 2",
      `    server ${g?.name ?? "gateway"} ${address}:${p.backend} check${proxy}`,
    );
  }
  return `${out.join("\n")}\n`;
}
