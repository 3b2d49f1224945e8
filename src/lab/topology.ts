/**
 * The lab's own network, pure: four namespaces (client, vps, home, cluster) and the veth pairs
 * between them, all named with the run's prefix, and the few addresses the generated files do not
 * give. The client namespace is "the internet": it asks the edge, and it is the router (with NAT)
 * that home dials the VPS through. Nothing links a namespace to the host, so nothing the lab sends
 * can leave it; the lab's own addresses come from the benchmarking range 198.18.0.0/15 and the
 * documentation ranges, and are refused when the platform uses them itself.
 */
import { contains, formatIp, overlaps, parseRange } from "../platform/addressing.js";
import type { EdgeFiles } from "./files.js";

export interface Topology {
  prefix: string;
  ns: { client: string; vps: string; home: string; cluster: string };
  links: { client: [string, string]; home: [string, string]; cluster: [string, string] };
  wg: { vps: string; home: string };
  client: string;
  edge: string;
  /** The "internet" router's address towards home, and home's uplink address behind it. */
  router: string;
  uplink: string;
  /** Home's address on the cluster's LAN (what the gateway sees without PROXY). */
  homeLan: string;
  /** The gateway's LoadBalancer addresses HAProxy sends to. */
  lbs: string[];
}

const LAB_RANGES = ["198.18.0.0/23"];
const CLIENT_CANDIDATES = ["198.51.100.2", "192.0.2.2", "203.0.113.200", "198.18.2.2"];

export class TopologyError extends Error {}

export function topology(prefix: string, f: EdgeFiles): Topology {
  const endpoint = f.homeWg.q.peers[0]?.endpoint;
  if (!endpoint) throw new TopologyError("home/wg0.conf has no Endpoint: home would not know where the VPS is");
  const edge = endpoint.replace(/:\d+$/, "");
  const lbs = [...new Set(f.frontends.map((x) => x.server.address))];
  // What the platform's own files use: the lab must not take any of it.
  const used = [edge, ...lbs, ...f.vpsWg.q.addresses, ...f.homeWg.q.addresses].map((a) => parseRange(a)).filter((r) => r !== undefined);
  for (const lab of LAB_RANGES) {
    const r = parseRange(lab)!;
    const hit = used.find((u) => overlaps(u, r));
    if (hit) throw new TopologyError(`the platform uses ${formatIp(4, hit.first)}, inside the lab's own ${lab}`);
  }
  // A client inside the client ranges home routes back (no masquerade), else a documentation address.
  const vpsTunnel = f.vpsWg.q.addresses.map((a) => a.replace(/\/\d+$/, ""));
  const ranges = (f.homeWg.q.peers[0]?.allowedIPs ?? []).filter((a) => !vpsTunnel.some((t) => a === `${t}/32`)).map((a) => parseRange(a)).filter((r) => r !== undefined);
  const free = (a: string) => !used.some((u) => contains(u, parseRange(a)!));
  let client = CLIENT_CANDIDATES.find((c) => free(c) && (ranges.length === 0 || contains(ranges[0]!, parseRange(c)!)));
  if (client === undefined && ranges.length > 0) client = formatIp(4, ranges[0]!.first + 1n);
  if (client === undefined || !free(client)) throw new TopologyError("no free address for the lab's client");
  const p = prefix;
  return {
    prefix,
    ns: { client: `${p}-client`, vps: `${p}-vps`, home: `${p}-home`, cluster: `${p}-cluster` },
    links: { client: [`${p}-c0`, `${p}-wan`], home: [`${p}-c1`, `${p}-up`], cluster: [`${p}-lan`, `${p}-gw`] },
    wg: { vps: `${p}-wgv`, home: `${p}-wgh` },
    client,
    edge,
    router: "198.18.0.1",
    uplink: "198.18.0.2",
    homeLan: "198.18.1.1",
    lbs,
  };
}

/**
 * The ruleset as the VPS loads it: the file build wrote, with its two interface names (the
 * `define WAN` and `define WG` lines, the only lines naming an interface) set to the lab's.
 */
export function labRuleset(text: string, t: Topology): string {
  let wan = 0;
  let wg = 0;
  const out = text.replace(/^define WAN = "[^"]*"$/m, () => (wan++, `define WAN = "${t.links.client[1]}"`)).replace(/^define WG = "[^"]*"$/m, () => (wg++, `define WG = "${t.wg.vps}"`));
  if (wan !== 1 || wg !== 1) throw new TopologyError("nftables.conf has no `define WAN` or `define WG` line to point at the lab's interfaces");
  return out;
}

const jsonString = (s: string) => s.replace(/[^A-Za-z0-9.*_-]/g, "");

/**
 * The gateway stand-in (nginx in the cluster namespace), from the cluster's objects: at each
 * LoadBalancer address, HTTPS on 443 routed by name (SNI and Host) to one backend per app, which
 * answers with its app's name and the client address the gateway saw; HTTP on 80 answered as the
 * gateway does, with its redirect to HTTPS. PROXY protocol on both when the objects say so.
 */
export function standinConfig(dir: string, t: Topology, f: EdgeFiles): string {
  const g = f.gateway;
  const pp = g.proxy ? " proxy_protocol" : "";
  const seen = g.proxy ? "$proxy_protocol_addr" : "$remote_addr";
  const apps = [...new Set(g.routes.map((r) => r.app))].sort();
  const port = (app: string) => 18001 + apps.indexOf(app);
  const lines = [
    "worker_processes 1;",
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/nginx-error.log;`,
    "events { worker_connections 128; }",
    "http {",
    "  access_log off;",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((k) => `  ${k}_temp_path ${dir}/nginx-${k};`),
    ...apps.map((a) => `  server { listen 127.0.0.1:${port(a)}; default_type application/json; return 200 '{"app":"${jsonString(a)}","client":"$http_x_homescale_lab_client","host":"$host"}\\n'; }`),
  ];
  for (const lb of t.lbs) {
    lines.push(
      `  server { listen ${lb}:443 ssl${pp} default_server; ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem; return 404 'no route\\n'; }`,
      `  server { listen ${lb}:80${pp} default_server; return 404 'no route\\n'; }`,
    );
    for (const r of g.routes) {
      const names = r.hosts.map(jsonString).join(" ");
      lines.push(
        `  server { listen ${lb}:443 ssl${pp}; server_name ${names}; ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem; location / { proxy_pass http://127.0.0.1:${port(r.app)}; proxy_set_header X-Homescale-Lab-Client ${seen}; } }`,
        `  server { listen ${lb}:80${pp}; server_name ${names}; add_header X-Homescale-Lab-Client ${seen} always; return ${g.redirect} https://$host$request_uri; }`,
      );
    }
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
