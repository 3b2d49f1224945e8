/**
 * What the declarations say an edge does, from the model (homescale.yaml and the apps): its names
 * and their apps, the ports that pass and those that must not, the gateway that answers, and whose
 * address that gateway should see. The lab holds the generated files, run for real, to this.
 */
import type { PlatformIndex } from "../platform/index.js";

export interface EdgeExpectation {
  edge: string;
  cluster: string;
  address: string;
  gateway: { kind: "envoy" | "nginx"; name: string; namespace: string; className: string; serviceName: string; serviceNamespace: string };
  labelDomain: string;
  names: { name: string; app: string }[];
  forwarded: { listen: number; to: number; backend: number }[];
  management?: { port: number; from?: string[] };
  /** Ports a client must find dropped: 22, 80, 443, 8080 and the `to` ports, unless the edge forwards or answers them. */
  drops: number[];
  /** Whose address the gateway sees: the client's (PROXY, no masquerade), the VPS's tunnel address (PROXY, masquerade), or HAProxy's (no PROXY). */
  sees: "client" | "vps" | "haproxy";
  vpsTunnel: string;
  proxyProtocol: boolean;
  masquerade: boolean;
}

export function edgeExpectations(index: PlatformIndex): EdgeExpectation[] {
  const out: EdgeExpectation[] = [];
  for (const er of index.routing.edges) {
    const { edge: e, gateway: g } = er;
    if (!g) continue;
    const forwarded = er.ports.map((p) => ({ listen: p.listen, to: p.to, backend: p.backend }));
    const taken = new Set([...forwarded.map((p) => p.listen), ...(e.management ? [e.management.port] : [])]);
    const drops = [...new Set([22, 80, 443, 8080, ...forwarded.map((p) => p.to)])].filter((p) => !taken.has(p)).sort((a, b) => a - b);
    const x: EdgeExpectation = {
      edge: e.name,
      cluster: e.cluster,
      address: e.address,
      gateway: { kind: g.kind, name: g.name, namespace: g.namespace, className: g.className, serviceName: g.serviceName, serviceNamespace: g.serviceNamespace },
      labelDomain: index.model.platform.labelDomain,
      names: er.names.map((n) => ({ name: n.name, app: n.app })),
      forwarded,
      drops,
      sees: !e.proxyProtocol ? "haproxy" : e.masquerade ? "vps" : "client",
      vpsTunnel: e.wireguard.vps.address ?? "",
      proxyProtocol: e.proxyProtocol,
      masquerade: e.masquerade,
    };
    if (e.management) x.management = e.management.from ? { port: e.management.port, from: e.management.from } : { port: e.management.port };
    out.push(x);
  }
  return out;
}
