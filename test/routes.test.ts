/**
 * The Terraform, the topology page and `trace` say the same thing about every public name. The
 * Terraform is read back and run the way Cloudflare and cloudflared run it (a DNS lookup finds an
 * exact record before a wildcard; a tunnel takes its first ingress rule that matches), with matching
 * written here again, independently of platform/hostnames.ts; trace walks the graph; the page is
 * read for each name's record and Service. On the corpus, the example, a generated platform and a
 * platform made of overlapping wildcards.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { generatePlatform } from "../bench/generate.js";
import { checkFolder } from "../src/cli/load-repo.js";
import { buildGraph } from "../src/graph/graph.js";
import { trace } from "../src/graph/trace.js";
import { parseAllDocuments } from "yaml";
import { routeHops } from "../src/platform/routes/route.js";
import { CORPUS_REPO, EXAMPLE, ROOT, run, tempDir, writeRepo } from "./helpers.js";

/** The seed-003 example: names through gateways, with auth, and a LAN name. */
const HOME_OPS = path.join(ROOT, "examples", "home-ops");

type Tf = { resource?: Record<string, Record<string, Record<string, unknown>>> };

const lower = (s: string) => s.replace(/\.$/, "").toLowerCase();

/** cloudflared's matchHost: `*.x` matches any name ending in `.x`. */
function hostMatch(pattern: string, host: string): boolean {
  const p = lower(pattern);
  const h = lower(host);
  return p.startsWith("*.") ? h.endsWith(p.slice(1)) : p === h;
}

/** A DNS lookup: the exact record, else the wildcard of the closest enclosing name. */
function lookup(records: { name: string; content: string }[], host: string): { name: string; content: string } | undefined {
  const exact = records.find((r) => lower(r.name) === lower(host));
  if (exact) return exact;
  const labels = lower(host).split(".");
  for (let i = 1; i < labels.length; i++) {
    const w = records.find((r) => lower(r.name) === `*.${labels.slice(i).join(".")}`);
    if (w) return w;
  }
  return undefined;
}

interface Said {
  via: "tunnel" | "netbird-proxy";
  record: string;
  /** The tunnel's name (tunnel) or the proxy service (netbird-proxy). */
  through: string;
  /** The gateway a tunnel's rule sends the name to, when it goes to one. */
  gateway?: string;
  /** What the request reaches: host:port of the Service or the internal name. */
  reaches: string;
}

const readJson = (file: string): Tf => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Tf) : {});

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec: Record<string, any> };

/** The objects of the cluster files of a build. */
function objects(out: string): Obj[] {
  const dir = path.join(out, "clusters");
  return fs.readdirSync(dir).flatMap((c) => {
    const f = path.join(dir, c, "network.yaml");
    return fs.existsSync(f) ? (parseAllDocuments(fs.readFileSync(f, "utf8")).map((d) => d.toJS()) as Obj[]) : [];
  });
}

/**
 * Where a gateway sends a name: the Gateway whose EnvoyProxy names the Service a tunnel forwards to,
 * the HTTPRoute attached to it that names the host (exact before wildcard), its backend.
 */
function gatewaySays(out: string, service: string, host: string): { gateway: string; reaches: string } | undefined {
  const m = /^https:\/\/([^.]+)\./.exec(service);
  if (!m) return undefined;
  const all = objects(out);
  const proxy = all.find((o) => o.kind === "EnvoyProxy" && o.spec.provider?.kubernetes?.envoyService?.name === m[1]);
  if (!proxy) return undefined;
  const gw = all.find((o) => o.kind === "Gateway" && o.spec.infrastructure?.parametersRef?.name === proxy.metadata.name && o.metadata.namespace === proxy.metadata.namespace)!;
  const routes = all.filter((o) => o.kind === "HTTPRoute" && (o.spec.parentRefs as { name: string }[]).some((p) => p.name === gw.metadata.name));
  const route = routes.find((r) => (r.spec.hostnames ?? []).some((h: string) => lower(h) === lower(host))) ?? routes.find((r) => (r.spec.hostnames ?? []).some((h: string) => hostMatch(h, host)));
  if (!route) return undefined;
  const b = route.spec.rules[0].backendRefs[0] as { name: string; port: number };
  return { gateway: gw.metadata.name, reaches: `${b.name}.${route.metadata.namespace}.svc.cluster.local:${b.port}` };
}

/** What the Terraform (and, past a gateway, its routes) of a build says about a name. */
function terraformSays(out: string, host: string): Said | undefined {
  const cf = readJson(path.join(out, "terraform/cloudflare.tf.json"));
  const nb = readJson(path.join(out, "terraform/netbird.tf.json"));
  const records = Object.values(cf.resource?.cloudflare_dns_record ?? {}).map((r) => ({ name: r.name as string, content: r.content as string }));
  const record = lookup(records, host);
  if (!record) return undefined;
  const tunnelRef = /^\$\{cloudflare_zero_trust_tunnel_cloudflared\.([^.]+)\.id\}\.cfargotunnel\.com$/.exec(record.content);
  if (tunnelRef) {
    const tunnel = cf.resource!.cloudflare_zero_trust_tunnel_cloudflared![tunnelRef[1]!]!;
    const config = cf.resource!.cloudflare_zero_trust_tunnel_cloudflared_config![tunnelRef[1]!]! as { config: { ingress: { hostname?: string; service: string }[] } };
    const rule = config.config.ingress.find((r) => r.hostname === undefined || hostMatch(r.hostname, host))!;
    const said: Said = { via: "tunnel", record: record.name, through: tunnel.name as string, reaches: rule.service.replace(/^http:\/\//, "") };
    const gw = gatewaySays(out, rule.service, host);
    if (gw) Object.assign(said, gw);
    return said;
  }
  const service = Object.values(nb.resource?.netbird_reverse_proxy_service ?? {}).find((s) => lower(s.domain as string) === lower(host)) as
    | { domain: string; targets: { host: string; port: number }[] }
    | undefined;
  if (!service) return undefined;
  return { via: "netbird-proxy", record: record.name, through: service.domain, reaches: `${service.targets[0]!.host}:${service.targets[0]!.port}` };
}

/** What trace says. */
function traceSays(repo: string, host: string): Said | undefined {
  const loaded = checkFolder(repo, process.cwd());
  const t = trace(buildGraph(loaded.index, loaded.sources), `https://${host}`);
  if (t.verdict !== "reachable") return undefined;
  const dns = t.hops.find((h) => h.kind === "dns-record")!;
  const tunnel = t.hops.find((h) => h.kind === "tunnel");
  const proxy = t.hops.find((h) => h.kind === "reverse-proxy");
  const gateway = t.hops.find((h) => h.kind === "gateway");
  const service = t.hops.find((h) => h.kind === "service")!;
  const said: Said = { via: tunnel ? "tunnel" : "netbird-proxy", record: dns.name, through: (tunnel ?? proxy)!.name, reaches: service.name };
  if (gateway) said.gateway = gateway.name;
  return said;
}

/**
 * What docs/topology.md says: the lines it draws for a name, one after the other: the record, the
 * tunnel or the reverse-proxy service, the gateway if any, the Service.
 */
function pageSays(out: string, said: Said): boolean {
  const lines = fs.readFileSync(path.join(out, "docs/topology.md"), "utf8").split("\n");
  const kind = said.via === "tunnel" ? "proxied CNAME" : "DNS-only CNAME";
  const through = said.via === "tunnel" ? `["tunnel ${said.through}"]` : `["NetBird reverse-proxy service ${said.through}"]`;
  const [svc, ns] = said.reaches.split(".");
  const reaches = said.via === "tunnel" ? `["${svc}.${ns}.svc:${said.reaches.split(":").pop()} on ` : `["${said.reaches.replace(/:\d+$/, "")}"]`;
  return lines.some((l, i) => {
    if (!l.startsWith("  internet --> ") || !l.endsWith(`["${said.record} (${kind})"]`) || !lines[i + 1]!.endsWith(through)) return false;
    const rest: string[] = [];
    for (let j = i + 2; j < lines.length && !lines[j]!.startsWith("  internet --> ") && lines[j] !== "```"; j++) rest.push(lines[j]!);
    return (said.gateway === undefined || rest.some((x) => x.endsWith(`["gateway ${said.gateway}"]`))) && rest.at(-1)!.includes(reaches);
  });
}

/** Every name the Terraform publishes, with a name below each wildcard. */
function publishedNames(out: string): string[] {
  const cf = readJson(path.join(out, "terraform/cloudflare.tf.json"));
  const nb = readJson(path.join(out, "terraform/netbird.tf.json"));
  const names = new Set<string>();
  for (const c of Object.values(cf.resource?.cloudflare_zero_trust_tunnel_cloudflared_config ?? {}) as { config: { ingress: { hostname?: string }[] } }[]) {
    for (const r of c.config.ingress) if (r.hostname !== undefined) names.add(r.hostname.replace(/^\*\./, "probe-under-wildcard."));
  }
  for (const s of Object.values(nb.resource?.netbird_reverse_proxy_service ?? {})) names.add(s.domain as string);
  return [...names].sort();
}

async function agree(repo: string): Promise<number> {
  const out = path.join(tempDir("homescale-routes-"), "out");
  const b = await run(["build", "--repo", repo, "--out", out]);
  assert.equal(b.code, 0, b.stderr);
  const names = publishedNames(out);
  // Each name's route (what its module declares) is what the walk finds.
  const loaded = checkFolder(repo, process.cwd());
  const g = buildGraph(loaded.index, loaded.sources);
  for (const r of loaded.index.routing.routes) {
    if (!r.published) continue;
    const walked = trace(g, `https://${r.name.replace(/^\*\./, "probe-under-wildcard.")}`, r.scope === "lan" ? "lan" : undefined).hops.slice(1);
    assert.deepEqual(walked.map((h) => `${h.kind} ${h.name}`), routeHops(r).map((h) => `${h.kind} ${h.name}`), `${repo}: ${r.name} is not routed as declared`);
  }
  // A LAN name: what the LAN resolver is told (the gateway's target annotation) and its route agree with trace.
  for (const r of loaded.index.routing.routes) {
    if (!r.published || r.scope !== "lan") continue;
    const t = trace(g, r.name, "lan");
    const lb = t.hops.find((h) => h.kind === "load-balancer")!.name;
    const gwName = t.hops.find((h) => h.kind === "gateway")!.name;
    const gw = objects(out).find((o) => o.kind === "Gateway" && o.metadata.name === gwName)!;
    assert.equal(gw.spec.infrastructure.annotations["lbipam.cilium.io/ips"] ?? gw.spec.infrastructure.annotations["metallb.io/loadBalancerIPs"], lb, `${r.name}: the LAN address`);
    const route = objects(out).find((o) => o.kind === "HTTPRoute" && (o.spec.hostnames ?? []).includes(r.name))!;
    const b = route.spec.rules[0].backendRefs[0] as { name: string; port: number };
    assert.equal(t.hops.find((h) => h.kind === "service")!.name, `${b.name}.${route.metadata.namespace}.svc.cluster.local:${b.port}`, r.name);
  }
  for (const host of names) {
    const tf = terraformSays(out, host);
    assert.ok(tf, `${repo}: the Terraform does not route ${host}`);
    assert.deepEqual(traceSays(repo, host), tf, `${repo}: trace and the Terraform disagree on ${host}`);
    assert.ok(pageSays(out, tf), `${repo}: docs/topology.md does not draw ${host} as ${JSON.stringify(tf)}`);
  }
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return names.length;
}

const CLOUDFLARED = "path: apps/cloudflared\nnamespace: cloudflared\nclusters:\n  prod:\n    deploy: true\n";
const pub = (name: string, fqdn: string, extra = "") =>
  `path: apps/${name}\nnamespace: ${name}\nclusters:\n  prod:\n    deploy: true\nexposePublic:\n  cluster: prod\n  fqdn: "${fqdn}"\n  port: 80\n${extra}`;

/** Overlapping wildcards on one tunnel, an exact name under each, and NetBird proxy names in and out of the external domain. */
function wildcardPlatform(): string {
  return writeRepo({
    "homescale.yaml": "apiVersion: homescale.dev/v1alpha1\nkind: Platform\nclusters:\n  prod: {role: workload}\n",
    "apps/values.yaml": "repoURL: https://example.com/p.git\n",
    "apps/cloudflared/app.yaml": CLOUDFLARED,
    "apps/wild/app.yaml": pub("wild", "*.example.net"),
    "apps/deep/app.yaml": pub("deep", "*.a.example.net"),
    "apps/grafana/app.yaml": pub("grafana", "grafana.example.net"),
    "apps/inner/app.yaml": pub("inner", "x.a.example.net"),
    "apps/named/app.yaml": pub("named", "wildcard.example.net"),
    "apps/status/app.yaml": pub("status", "status.ext.homescale.cloud", "  via: netbird-proxy\n  alias: status.example.org\n"),
    "apps/shop/app.yaml": pub("shop", "shop.example.org", "  via: netbird-proxy\n"),
  });
}

test("Terraform, docs/topology.md and trace agree on every public name", async () => {
  const generated = tempDir("homescale-routes-gen-");
  generatePlatform(generated, { apps: 300, clusters: 6, seed: 5 });
  let total = 0;
  for (const repo of [CORPUS_REPO, EXAMPLE, generated, wildcardPlatform(), HOME_OPS]) total += await agree(repo);
  assert.ok(total > 15, `only ${total} names were compared`);
});

test("a tunnel's ingress rules: exact names first, then wildcards from the most specific, then the catch-all", async () => {
  const repo = wildcardPlatform();
  const out = path.join(tempDir("homescale-routes-"), "out");
  assert.equal((await run(["build", "--repo", repo, "--out", out])).code, 0);
  const cf = JSON.parse(fs.readFileSync(path.join(out, "terraform/cloudflare.tf.json"), "utf8")) as Tf;
  const config = Object.values(cf.resource!.cloudflare_zero_trust_tunnel_cloudflared_config!)[0] as { config: { ingress: { hostname?: string }[] } };
  assert.deepEqual(
    config.config.ingress.map((r) => r.hostname ?? "(catch-all)"),
    ["grafana.example.net", "wildcard.example.net", "x.a.example.net", "*.a.example.net", "*.example.net", "(catch-all)"],
  );
  // The wildcard record and the exact name `wildcard.example.net` are two resources.
  const records = Object.entries(cf.resource!.cloudflare_dns_record!).map(([k, r]) => `${k} ${r.name as string}`);
  assert.ok(records.includes("wildcard_example_net wildcard.example.net"), records.join("\n"));
  assert.ok(records.includes("wildcard_example_net-2 *.example.net"), records.join("\n"));
  // trace reports the rule that matches, and its app.
  const loaded = checkFolder(repo, process.cwd());
  const g = buildGraph(loaded.index, loaded.sources);
  const reach = (host: string) => {
    const t = trace(g, `https://${host}`);
    return `${t.hops.find((h) => h.kind === "tunnel")?.detail.split(":")[0]} -> ${t.hops.at(-1)!.name}`;
  };
  assert.equal(reach("grafana.example.net"), "ingress rule 1 of 6 -> grafana");
  assert.equal(reach("y.a.example.net"), "ingress rule 4 of 6 -> deep");
  assert.equal(reach("anything.example.net"), "ingress rule 5 of 6 -> wild");
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});

test("HS061: each wildcard that also matches another name of its tunnel, at the wildcard's line", async () => {
  const r = await run(["check", "--repo", wildcardPlatform(), "--format", "json"]);
  const d = (JSON.parse(r.stdout) as { diagnostics: { code: string; file: string; line: number; message: string }[] }).diagnostics.filter((x) => x.code === "HS061");
  assert.deepEqual(
    d.map((x) => `${x.file}:${x.line} ${x.message.split(" ").slice(0, 7).join(" ")}`),
    [
      "apps/deep/app.yaml:8 *.a.example.net on tunnel homescale-prod also matches x.a.example.net",
      "apps/wild/app.yaml:8 *.example.net on tunnel homescale-prod also matches *.a.example.net",
      "apps/wild/app.yaml:8 *.example.net on tunnel homescale-prod also matches grafana.example.net",
      "apps/wild/app.yaml:8 *.example.net on tunnel homescale-prod also matches wildcard.example.net",
      "apps/wild/app.yaml:8 *.example.net on tunnel homescale-prod also matches x.a.example.net",
    ],
  );
  assert.equal(r.code, 0, "a warning, not an error");
});

/**
 * A VPS edge's names, read back from the generated files the way the engines read them: public DNS
 * (a CNAME to the edge's A record), nftables' DNAT for 443, HAProxy's frontend on that port and its
 * backend, and the gateway object that routes the host, all held to what trace walks.
 */
test("edges: the records, nftables, HAProxy and the gateway's route agree with trace on every name via edge", async () => {
  for (const repo of [path.join(ROOT, "examples", "vps-edge"), path.join(ROOT, "test", "fixtures", "edge-envoy")]) {
    await agree(repo); // each route's own hops are what the walk finds
    const out = path.join(tempDir("homescale-routes-edge-"), "out");
    assert.equal((await run(["build", "--repo", repo, "--out", out])).code, 0);
    const cf = readJson(path.join(out, "terraform/cloudflare.tf.json"));
    const records = Object.values(cf.resource?.cloudflare_dns_record ?? {}).map((r) => ({ name: r.name as string, content: r.content as string, type: r.type as string, proxied: r.proxied }));
    const loaded = checkFolder(repo, process.cwd());
    const g = buildGraph(loaded.index, loaded.sources);
    for (const r of loaded.index.routing.routes.filter((x) => x.via === "edge" && x.published)) {
      const host = r.name.replace(/^\*\./, "probe-under-wildcard.");
      const cname = records.find((x) => x.name === lookup(records, host)!.name)!;
      const a = records.find((x) => x.name === cname.content && x.type === "A")!;
      assert.ok(a, `${r.name}: its CNAME ${cname.content} has no A record`);
      assert.equal(cname.proxied, false, `${r.name}: an edge's names are DNS only`);
      const edge = fs.readdirSync(path.join(out, "edges")).find((e) => fs.readFileSync(path.join(out, "edges", e, "home/wg0.conf"), "utf8").includes(`Endpoint = ${a.content}:`))!;
      const nft = fs.readFileSync(path.join(out, "edges", edge, "vps/nftables.conf"), "utf8");
      const home = /^define HOME = (\S+)$/m.exec(nft)![1];
      const to = /tcp dport 443 dnat to \$HOME:(\d+)/.exec(nft)![1];
      const cfg = fs.readFileSync(path.join(out, "edges", edge, "home/haproxy.cfg"), "utf8");
      const server = new RegExp(`frontend fe_${to}[\\s\\S]*?bind ${home}:${to}[\\s\\S]*?backend be_${to}[\\s\\S]*?\\n\\s+server \\S+ (\\S+)`).exec(cfg)![1];
      const t = trace(g, `https://${host}`);
      assert.equal(t.verdict, "reachable", `${r.name}: ${t.explanation}`);
      const hop = (kind: string) => t.hops.find((h) => h.kind === kind)!;
      assert.match(hop("dns-record").detail, new RegExp(`CNAME ${r.name.replace(/[.*]/g, "\\$&")} -> ${cname.content} \\(DNS only\\), A ${cname.content} ${a.content}`));
      assert.match(hop("edge").detail, new RegExp(`^nftables DNAT tcp 443 -> ${home}:${to} `));
      assert.equal(hop("haproxy").name, `${home}:${to}`);
      assert.match(hop("haproxy").detail, new RegExp(`-> backend ${server}`));
      assert.equal(hop("load-balancer").name, server!.replace(/:\d+$/, ""));
      const routed = objects(out).find((o) => (o.kind === "Ingress" ? (o.spec.rules as { host: string }[]).some((x) => x.host === r.name) : o.kind === "HTTPRoute" && (o.spec.hostnames ?? []).includes(r.name)))!;
      assert.equal(hop("route").name, routed.metadata.name, r.name);
    }
  }
  // 203.0.113.10:22 on the example: the address, then nftables' drop.
  const loaded = checkFolder(path.join(ROOT, "examples", "vps-edge"), process.cwd());
  const t = trace(buildGraph(loaded.index, loaded.sources), "203.0.113.10:22");
  assert.equal(t.verdict, "unreachable");
  assert.equal(t.reason, "dropped by the firewall");
  assert.deepEqual(t.hops.map((h) => `${h.kind} ${h.name} ${h.line}`), ["client internet undefined", "edge vps1 26", "edge vps1 35"]);
});
