/**
 * VPS edges (seed 004, breadth.md §5 and §9.5): an edge lands on a cluster and a gateway that
 * exist, where the gateway has the LoadBalancer address HAProxy sends to; its tunnel addresses lie
 * in its subnet; every DNAT target is inside the home peer's AllowedIPs; listen ports are unique
 * and none is the WireGuard or management port; `to` ports are unique; PROXY protocol is on at
 * both ends or neither (and a gateway that requires it gets nothing without it); masquerade with
 * PROXY hides the client; its names lie in a configured zone; exposures via edge name an edge that
 * lands where they do. The WireGuard subnet is held against every other range by the addressing rule.
 */
import type { Declaration } from "../../diag/declaration.js";
import { closest } from "../../diag/suggest.js";
import { DEFAULT_LAN_GATEWAY, DEFAULT_PUBLIC_GATEWAY, type Edge } from "../../model/layers.js";
import { zoneOf } from "../../model/exposure.js";
import { contains, parseIp, parseRange } from "../../platform/addressing.js";
import { edgeRecordName } from "../../platform/routes/edge.js";
import type { Rule, RuleContext } from "../rule.js";

const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const at = (e: Edge, ...path: (string | number)[]): Declaration => ({ file: e.decl.file, path: [...e.decl.path, ...path] });

export const edgesRule: Rule = {
  name: "edges",
  codes: ["HS140", "HS141", "HS142", "HS143", "HS144", "HS145", "HS146", "HS147", "HS148", "HS149", "HS150", "HS151", "HS152", "HS153", "HS154", "HS155", "HS156", "HS157"],
  run(ctx) {
    const edges = ctx.model.platform.edges ?? [];
    for (const e of edges) checkEdge(ctx, e);
    checkExposures(ctx, edges);
    checkProxyReceivers(ctx);
  },
};

function checkEdge(ctx: RuleContext, e: Edge): void {
  const { model, report } = ctx;
  if (!LABEL.test(e.name)) {
    report("HS156", `edge name ${JSON.stringify(e.name)} is not a DNS-1123 label: it names the folder edges/<edge>/ and the A record`, { ...e.decl, key: true }, "use lowercase letters, digits and '-', e.g. vps1");
  }
  // The edge is IPv4: nftables' nat table, the A record and the tunnel's addresses.
  if (parseIp(e.address)?.family !== 4) report("HS157", `edge ${e.name}: the address ${e.address} is not IPv4; the edge's A record and its nftables rules are IPv4`, at(e, "address"), "give the VPS's public IPv4 address");
  const subnet = parseRange(e.wireguard.subnet);
  if (subnet && subnet.family !== 4) report("HS157", `edge ${e.name}: the WireGuard subnet ${e.wireguard.subnet} is not IPv4`, at(e, "wireguard", "subnet"), "use an IPv4 subnet such as 10.10.10.0/24");

  const cluster = model.platform.clusterByName.get(e.cluster);
  if (!cluster) {
    const g = closest(e.cluster, model.platform.clusters.map((c) => c.name));
    report("HS141", `edge ${e.name} lands on cluster ${e.cluster}, which does not exist`, at(e, "cluster"), g !== undefined ? `did you mean ${g}?` : `clusters: ${model.platform.clusters.map((c) => c.name).join(", ")}`);
  } else {
    const gw = cluster.gateways.find((g) => g.key === e.gateway);
    // At the edge's gateway key, or (left to its default) the edge's own entry.
    const gwDecl = at(e, "gateway");
    if (!gw) {
      const keys = cluster.gateways.map((g) => g.key);
      const guess = closest(e.gateway, keys);
      report("HS142", `edge ${e.name} sends its traffic to gateway ${e.gateway} of ${e.cluster}, but ${e.cluster} has ${keys.length === 0 ? "no gateways" : `only ${keys.join(", ")}`}`, gwDecl, guess !== undefined ? `did you mean ${guess}?` : `add clusters.${e.cluster}.gateways.${e.gateway} to homescale.yaml`);
    } else {
      if (gw.lan) report("HS142", `edge ${e.name} sends public traffic to gateway ${gw.key} of ${e.cluster}, which serves the LAN only (lan: true)`, gwDecl, "name a gateway without lan: true");
      if (gw.address === undefined) report("HS143", `edge ${e.name}: gateway ${gw.key} of ${e.cluster} has no address, and HAProxy at home sends the edge's traffic to it`, gw.decl, `set clusters.${e.cluster}.gateways.${gw.key}.address (a LoadBalancer address of the pool)`);
      // PROXY on at both ends or neither: a mismatch breaks every connection (breadth.md §5.3).
      if (e.proxyProtocolSet && e.proxyProtocol !== gw.proxyProtocol) {
        report(
          "HS149",
          `edge ${e.name} ${e.proxyProtocol ? "sends" : "does not send"} the PROXY protocol, but gateway ${gw.key} of ${e.cluster} ${gw.proxyProtocol ? "requires it" : "does not accept it"}: every connection would fail`,
          at(e, "proxyProtocol"),
          `set proxyProtocol: ${e.proxyProtocol} on clusters.${e.cluster}.gateways.${gw.key} too, or leave it out here (the edge follows its gateway)`,
        );
      }
    }
  }

  const w = e.wireguard;
  const ends: { which: "vps" | "home"; address: string | undefined }[] = [
    { which: "vps", address: w.vps.address },
    { which: "home", address: w.home.address },
  ];
  for (const end of ends) {
    // A default address comes from the subnet and lies in it: only one that is written can be wrong.
    const decl = at(e, "wireguard", end.which, "address");
    if (end.address === undefined) {
      report("HS146", `edge ${e.name}: the WireGuard subnet ${w.subnet} has no address for the ${end.which} end`, at(e, "wireguard", "subnet"), "use a subnet of at least 4 addresses (/30), e.g. 10.10.10.0/24");
      continue;
    }
    const a = parseRange(end.address);
    if (subnet && a && !contains(subnet, a)) report("HS146", `edge ${e.name}: the ${end.which} tunnel address ${end.address} is outside the WireGuard subnet ${w.subnet}`, decl, `use an address inside ${w.subnet}`);
    else if (subnet && a && (a.first === subnet.first || a.first === subnet.last)) report("HS146", `edge ${e.name}: ${end.address} is the ${a.first === subnet.first ? "network" : "broadcast"} address of ${w.subnet}`, decl, "use a host address of the subnet");
  }
  if (w.vps.address !== undefined && w.vps.address === w.home.address) report("HS146", `edge ${e.name}: the VPS and home have the same tunnel address ${w.home.address}`, at(e, "wireguard", "home", "address"), "give each end its own address");

  // Every DNAT target (home's tunnel address) is inside what the VPS sends home (breadth.md §9.5).
  const home = w.home.address !== undefined ? parseRange(w.home.address) : undefined;
  const allowed = w.home.allowedIPs.map((x) => parseRange(x)).filter((r) => r !== undefined);
  if (home && !allowed.some((r) => contains(r, home))) {
    report(
      "HS145",
      `edge ${e.name}: the DNAT target ${w.home.address} is outside the home peer's AllowedIPs (${w.home.allowedIPs.join(", ")}): WireGuard on the VPS would drop what nftables sends home`,
      at(e, "wireguard", "home", "allowedIPs"),
      `add ${w.home.address}/32 to edges.${e.name}.wireguard.home.allowedIPs`,
    );
  }

  // Keys: references only; a public key not set is a placeholder in the other side's config.
  const unset = (["vps", "home"] as const).filter((end) => w[end].publicKey === undefined);
  if (unset.length > 0) {
    report(
      "HS153",
      `edge ${e.name}: the WireGuard public key of ${unset.map((end) => (end === "vps" ? "the VPS" : "home")).join(" and ")} is not set, so the other end's wg0.conf holds a placeholder that wg rejects`,
      at(e, "wireguard"),
      `set ${unset.map((end) => `edges.${e.name}.wireguard.${end}.publicKey`).join(" and ")} (wg pubkey < that host's private key)`,
    );
  }
  if (w.vps.publicKey !== undefined && w.vps.publicKey === w.home.publicKey) {
    report("HS154", `edge ${e.name}: the VPS and home have the same public key; each end needs its own key pair`, at(e, "wireguard", "home", "publicKey"), "generate a key pair on each host (wg genkey | wg pubkey)");
  }

  // Ports: listen unique and never the VPS's own (WireGuard, management); `to` unique.
  const listens = new Map<number, number>();
  const tos = new Map<number, number>();
  e.ports.forEach((p, i) => {
    const first = listens.get(p.listen);
    if (first !== undefined) report("HS147", `edge ${e.name}: listen port ${p.listen} is forwarded twice (ports[${first}] and ports[${i}])`, at(e, "ports", i, "listen"), "each port the VPS listens on goes to one place");
    else listens.set(p.listen, i);
    if (p.listen === w.port) report("HS147", `edge ${e.name}: listen port ${p.listen} is the WireGuard port`, at(e, "ports", i, "listen"), "forward another port, or move wireguard.port");
    if (e.management && p.listen === e.management.port) report("HS147", `edge ${e.name}: listen port ${p.listen} is the management port, which the VPS answers itself`, at(e, "ports", i, "listen"), "give the management port another number");
    const t = tos.get(p.to);
    if (t !== undefined) report("HS148", `edge ${e.name}: port ${p.to} at home receives ports[${t}] and ports[${i}]: HAProxy has one frontend per port`, at(e, "ports", i, "to"), "give each forwarded port its own port at home");
    else tos.set(p.to, i);
  });
  if (e.management && e.management.port === w.port) report("HS147", `edge ${e.name}: the management port ${e.management.port} is the WireGuard port`, at(e, "management", "port"), "use another port");

  // Whose address the gateway sees.
  if (e.masquerade && e.proxyProtocol) {
    report(
      "HS150",
      `edge ${e.name} masquerades and sends the PROXY protocol: the gateway sees every client as ${w.vps.address ?? "the VPS"} (the VPS's tunnel address), not the client`,
      at(e, "masquerade"),
      `to keep the client's address, set masquerade: false with clientRanges on edges.${e.name}`,
    );
  } else if (!e.masquerade && !e.proxyProtocol) {
    report("HS150", `edge ${e.name} keeps the client's address as far as HAProxy, but without the PROXY protocol the gateway sees HAProxy's address`, at(e, "masquerade"), `set proxyProtocol: true on the gateway ${e.gateway} of ${e.cluster}`);
  }
  if (!e.masquerade && (e.clientRanges ?? []).length === 0) {
    report("HS151", `edge ${e.name} does not masquerade, but names no clientRanges: home would answer the clients by its own default route, not through the tunnel`, at(e, "masquerade"), "add clientRanges (0.0.0.0/0 for every client), or masquerade");
  }
  if (e.masquerade && e.clientRanges !== undefined) report("HS155", `edge ${e.name}: clientRanges do nothing while the VPS masquerades (home sees only ${w.vps.address ?? "the VPS"})`, at(e, "clientRanges"), "remove clientRanges, or set masquerade: false");

  // The A record's name: in a configured zone.
  const zones = model.platform.cloudflare.zones;
  if (e.record !== undefined && zones.length > 0 && zoneOf(e.record, zones) === undefined) {
    report("HS152", `edge ${e.name}: its A record ${e.record} is in none of the configured zones (${zones.join(", ")})`, at(e, "record"), "add its zone to cloudflare.zones in homescale.yaml");
  }
}

function checkExposures(ctx: RuleContext, edges: readonly Edge[]): void {
  const { model, index, report } = ctx;
  const zones = model.platform.cloudflare.zones;
  for (const x of index.routing.exposures) {
    if (x.via !== "edge") continue;
    const name = x.expose.edge;
    const edge = name !== undefined ? edges.find((e) => e.name === name) : edges.length === 1 ? edges[0] : undefined;
    if (!edge) {
      if (name !== undefined) {
        const g = closest(name, edges.map((e) => e.name));
        report("HS140", `${x.app.name} publishes through edge ${name}, which is not in homescale.yaml edges (${edges.map((e) => e.name).join(", ") || "none"})`, x.at.edge, g !== undefined ? `did you mean ${g}?` : "add it under edges in homescale.yaml");
      } else {
        report("HS140", `${x.app.name} publishes via edge, but names no edge and homescale.yaml has ${edges.length === 0 ? "none" : `${edges.length} (${edges.map((e) => e.name).join(", ")})`}`, x.at.via, edges.length === 0 ? "add the edge under edges in homescale.yaml" : "say which with edge: <name>");
      }
      continue;
    }
    if (edge.cluster !== x.cluster) {
      report("HS144", `${x.app.name} is published on ${x.cluster} through edge ${edge.name}, whose tunnel lands on ${edge.cluster}`, x.at.cluster, `publish it on ${edge.cluster}, or through an edge of ${x.cluster}`);
    } else if (x.expose.gateway !== undefined && x.expose.gateway !== edge.gateway) {
      report("HS144", `${x.app.name} names gateway ${x.expose.gateway}, but edge ${edge.name} sends its traffic to gateway ${edge.gateway}`, x.at.gateway, `leave gateway out (the edge's is ${edge.gateway}), or point the edge at ${x.expose.gateway}`);
    }
    // The names of an edge live in a zone: its A record is named in one (HS057 covers names outside configured zones).
    if (zones.length === 0) {
      for (const [fqdn, decl] of [[x.expose.fqdn, x.at.fqdn], ...(x.expose.alias !== undefined ? [[x.expose.alias, x.at.alias] as const] : [])] as const) {
        report("HS152", `${fqdn} goes through edge ${edge.name}, but no Cloudflare zone is configured: the edge's A record and its CNAMEs are written into a zone`, decl, "list the zone under cloudflare.zones in homescale.yaml");
      }
    }
  }
  for (const er of index.routing.edges) {
    if (er.names.length > 0 && er.record === undefined && zones.length > 0 && edgeRecordName(model, er.edge, er.names[0]!.name) === undefined) {
      report("HS152", `edge ${er.edge.name} has no A record name: its first name ${er.names[0]!.name} is in no configured zone`, er.edge.decl, `set edges.${er.edge.name}.record to a name in one of ${zones.join(", ")}`);
    }
  }
}

/** A gateway that requires PROXY gets nothing without it: cloudflared and LAN clients never send it. */
function checkProxyReceivers(ctx: RuleContext): void {
  const { model, index, report } = ctx;
  const find = (cluster: string, key: string) => model.platform.clusterByName.get(cluster)?.gateways.find((g) => g.key === key);
  for (const x of index.routing.exposures) {
    if (x.via !== "gateway") continue;
    const g = find(x.cluster, x.expose.gateway ?? DEFAULT_PUBLIC_GATEWAY);
    if (g?.proxyProtocol) {
      report("HS149", `${x.expose.fqdn} reaches gateway ${g.key} of ${x.cluster} through the Cloudflare tunnel, which sends no PROXY header, but the gateway requires one (proxyProtocol: true)`, x.expose.gateway !== undefined ? x.at.gateway : x.at.via, "publish it via edge, or through a gateway without proxyProtocol");
    }
  }
  for (const x of index.routing.lanExposures) {
    const g = find(x.cluster, x.expose.gateway ?? DEFAULT_LAN_GATEWAY);
    if (g?.proxyProtocol) {
      report("HS149", `LAN clients of ${x.expose.fqdn} connect to gateway ${g.key} of ${x.cluster} directly, without a PROXY header, but the gateway requires one (proxyProtocol: true)`, x.expose.gateway !== undefined ? x.at.gateway : x.at.fqdn, "serve LAN names through a gateway without proxyProtocol");
    }
  }
}
