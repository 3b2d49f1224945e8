import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { checkFolder } from "../src/cli/load-repo.js";
import { buildGraph } from "../src/graph/graph.js";
import { trace } from "../src/graph/trace.js";
import { copyTree, EXAMPLE, CORPUS_REPO, run } from "./helpers.js";


interface TraceDoc {
  diagnostics: { code: string; severity: string }[];
  target: string;
  verdict: "reachable" | "unreachable";
  reason?: string;
  explanation?: string;
  hops: { kind: string; name: string; detail: string; file?: string; line?: number }[];
}

async function traceJson(repo: string, ...args: string[]): Promise<TraceDoc & { code: number }> {
  const r = await run(["trace", ...args, "--repo", repo, "--format", "json"]);
  assert.ok(r.stdout.startsWith("{"), `no JSON: ${r.stderr}`);
  return { code: r.code, ...(JSON.parse(r.stdout) as TraceDoc) };
}

const short = (d: TraceDoc) => d.hops.map((h) => `${h.kind} ${h.name}${h.file ? ` @${h.file}:${h.line}` : ""}`);

test("corpus: https://homescale.cloud goes through tunnel homescale-boa1-prod, ingress rule 1, to homepage", async () => {
  const d = await traceJson(CORPUS_REPO, "https://homescale.cloud");
  assert.equal(d.code, 0);
  assert.equal(d.verdict, "reachable");
  assert.equal(d.reason, undefined);
  assert.deepEqual(short(d), [
    "client internet",
    "dns-record homescale.cloud @apps/homepage/app.yaml:12",
    "tunnel homescale-boa1-prod @apps/homepage/app.yaml:11",
    "service homepage.homepage.svc.cluster.local:80 @apps/homepage/app.yaml:13",
    "application homepage @apps/homepage/app.yaml:18",
  ]);
  assert.match(d.hops[1]!.detail, /proxied CNAME/);
  assert.match(d.hops[2]!.detail, /^ingress rule 1 of 3: homescale\.cloud -> http:\/\/homepage\.homepage\.svc\.cluster\.local:80/);
  assert.equal(d.hops[4]!.detail, "Application homepage on boa1-prod (wave 0)");
  // The second name on the same tunnel is rule 2.
  const m = await traceJson(CORPUS_REPO, "maxmorris.io");
  assert.match(m.hops[2]!.detail, /^ingress rule 2 of 3/);
});

test("the lines point at exposePublic in the file", () => {
  const text = fs.readFileSync(path.join(CORPUS_REPO, "apps/homepage/app.yaml"), "utf8").split("\n");
  assert.match(text[11 - 1]!, /cluster: boa1-prod/);
  assert.match(text[12 - 1]!, /fqdn: homescale.cloud/);
  assert.match(text[13 - 1]!, /port: 80/);
  assert.match(text[18 - 1]!, /deploy: true/);
});

test("text and markdown output", async () => {
  const t = await run(["trace", "https://homescale.cloud", "--repo", CORPUS_REPO]);
  assert.equal(t.code, 0);
  assert.match(t.stdout, /tunnel homescale-boa1-prod: ingress rule 1 of 3/);
  assert.match(t.stdout, /apps\/homepage\/app\.yaml:12/);
  assert.match(t.stdout, /\nreachable\n$/);
  const md = await run(["trace", "https://homescale.cloud", "--repo", CORPUS_REPO, "--format", "markdown"]);
  assert.match(md.stdout, /^\*\*https:\/\/homescale\.cloud\*\*: reachable/);
  assert.match(md.stdout, /\| 3 \| tunnel \| `homescale-boa1-prod` \|/);
});

test("example: www.homescale.cloud and status.homescale.cloud", async () => {
  const d = await traceJson(EXAMPLE, "http://www.homescale.cloud/some/path");
  assert.equal(d.verdict, "reachable");
  assert.equal(d.hops[2]!.name, "homescale-boa1-prod");
  assert.match(d.hops[2]!.detail, /^ingress rule 2 of 3/);
  const s = await traceJson(EXAMPLE, "status.homescale.cloud");
  assert.equal(s.hops[3]!.name, "status.status.svc.cluster.local:8080");
});

test("internal name: source -> policy -> group -> the cluster's router -> service -> Application", async () => {
  // The corpus' charts declare its router (netbird-crs) and argocd's NetworkResource (argocd-server).
  const d = await traceJson(CORPUS_REPO, "argocd-server.argocd.mgmt.int.homescale.cloud:443", "--from", "team-infra-plat");
  assert.equal(d.code, 0);
  assert.equal(d.verdict, "reachable");
  assert.deepEqual(short(d), [
    "source team-infra-plat",
    "policy app-argocd @apps/argocd/app.yaml:11",
    "mesh-group app-argocd @apps/argocd/app.yaml:11",
    "router mgmt @apps/netbird-crs/templates/networkrouter.yaml:4",
    "service argocd-server.argocd.mgmt.int.homescale.cloud:443 @apps/argocd/templates/networkresource.yaml:4",
    "application argocd @apps/argocd/app.yaml:7",
  ]);
  // homescale's own NetworkResource, where no chart declares one: the cluster's router, the app's namespace.
  const own = await traceJson(EXAMPLE, "grafana.grafana.boa1-prod.int.homescale.cloud:80", "--from", "team-infra-plat");
  assert.deepEqual(own.hops.slice(3).map((h) => `${h.kind} ${h.name} @${h.file}:${h.line}`), [
    "router boa1-prod @homescale.yaml:13",
    "service grafana.grafana.boa1-prod.int.homescale.cloud:80 @apps/grafana/app.yaml:4",
    "application grafana @apps/grafana/app.yaml:11",
  ]);
  // `all` admits every peer; the UDP rule is chosen for udp:// (homecraft's chart names Service mc).
  const u = await traceJson(CORPUS_REPO, "udp://mc.homecraft.boa1-prod.int.homescale.cloud:25565", "--from", "app:metrics");
  assert.equal(u.verdict, "reachable");
  assert.equal(u.hops[1]!.name, "app-homecraft-1");
});

test("every unreachable reason", async () => {
  const cases: [string[], string, number][] = [
    [["ha.home-assistant.boa1-prod.int.homescale.cloud", "--from", "team-infra-plat"], "no policy for that source", 1],
    [["cilium.kube-system.mgmt.int.homescale.cloud", "--from", "all"], "no policy for that source", 1],
    [["argocd-server.argocd.mgmt.int.homescale.cloud", "--from", "internet"], "no policy for that source", 1],
    [["argocd-server.argocd.mgmt.int.homescale.cloud:8080", "--from", "team-sec-plat"], "wrong port or protocol", 2],
    [["udp://argocd-server.argocd.mgmt.int.homescale.cloud:443", "--from", "team-sec-plat"], "wrong port or protocol", 2],
    [["http://homescale.cloud:8080"], "wrong port or protocol", 2],
    [["ha.home-assistant.mgmt.int.homescale.cloud", "--from", "owners"], "app not deployed on that cluster", 4],
    [["nope.example.com"], "unknown name", 0],
    [["argocd-server.argocd.lab.int.homescale.cloud", "--from", "owners"], "unknown name", 1],
    // A guess of old: argo-cd's chart makes no Service argocd, and argocd's own chart declares argocd-server.
    [["argocd.argocd.mgmt.int.homescale.cloud", "--from", "team-infra-plat"], "unknown name", 1],
  ];
  for (const [args, reason, hops] of cases) {
    const d = await traceJson(CORPUS_REPO, ...args);
    assert.equal(d.code, 0, args.join(" "));
    assert.equal(d.verdict, "unreachable", args.join(" "));
    assert.equal(d.reason, reason, args.join(" "));
    assert.equal(d.hops.length, hops, `${args.join(" ")}: ${JSON.stringify(d.hops)}`);
  }
});

test("broken exposures still trace (exit 1): app not deployed, no tunnel connector", async () => {
  const repo = copyTree(CORPUS_REPO);
  const cf = path.join(repo, "apps/cloudflared/app.yaml");
  fs.writeFileSync(cf, fs.readFileSync(cf, "utf8").replace(/deploy: true/, "deploy: false"));
  const d = await traceJson(repo, "homescale.cloud");
  assert.equal(d.code, 1);
  assert.ok(d.diagnostics.some((x) => x.code === "HS055"));
  assert.equal(d.reason, "no tunnel connector");
  assert.deepEqual(d.hops.map((h) => h.kind), ["client", "dns-record", "tunnel"]);

  const hp = path.join(repo, "apps/homepage/app.yaml");
  fs.writeFileSync(hp, fs.readFileSync(hp, "utf8").replace(/deploy: true/, "deploy: false"));
  const n = await traceJson(repo, "https://homescale.cloud");
  assert.equal(n.code, 1);
  assert.equal(n.reason, "app not deployed on that cluster");
  assert.equal(n.hops.at(-1)!.file, "apps/homepage/app.yaml");
  assert.equal(n.hops.at(-1)!.line, 18);
});

test("NetBird reverse proxy: wildcard CNAME, proxy service, internal name, alias", async () => {
  const repo = copyTree(EXAMPLE);
  const f = path.join(repo, "apps/status/app.yaml");
  fs.writeFileSync(
    f,
    fs.readFileSync(f, "utf8").replace("fqdn: status.homescale.cloud", "fqdn: status.ext.homescale.cloud\n  via: netbird-proxy\n  alias: status.example.org"),
  );
  const d = await traceJson(repo, "https://status.ext.homescale.cloud");
  assert.equal(d.verdict, "reachable", JSON.stringify(d));
  assert.deepEqual(
    d.hops.map((h) => `${h.kind} ${h.name}`),
    [
      "client internet",
      "dns-record *.ext.homescale.cloud",
      "reverse-proxy status.ext.homescale.cloud",
      "service status.status.boa1-prod.int.homescale.cloud:8080",
      "application status",
    ],
  );
  const a = await traceJson(repo, "status.example.org");
  assert.equal(a.hops[1]!.name, "status.example.org");
  assert.match(a.hops[1]!.detail, /CNAME status\.example\.org/);
});

test("usage errors: internal name without --from, unknown source (exit 2)", async () => {
  const r = await run(["trace", "argocd-server.argocd.mgmt.int.homescale.cloud", "--repo", CORPUS_REPO]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--from SOURCE/);
  const s = await run(["trace", "homescale.cloud", "--from", "team-infra", "--repo", CORPUS_REPO]);
  assert.equal(s.code, 2);
  assert.match(s.stderr, /did you mean team-infra-plat\?/);
  const none = await run(["trace", "--repo", CORPUS_REPO]);
  assert.equal(none.code, 2);
});

test("timing (printed, not asserted): graph build and trace after loading", () => {
  const loaded = checkFolder(CORPUS_REPO, process.cwd());
  let t0 = performance.now();
  const g = buildGraph(loaded.index, loaded.sources);
  const build = performance.now() - t0;
  t0 = performance.now();
  for (const target of ["https://homescale.cloud", "maxmorris.io", "nope.example.com"]) trace(g, target);
  trace(g, "argocd-server.argocd.mgmt.int.homescale.cloud:443", "team-infra-plat");
  const answer = performance.now() - t0;
  console.log(`# graph build ${build.toFixed(2)} ms, 4 traces ${answer.toFixed(2)} ms`);
});

test("seed 003: a name through the tunnel, a gateway, its route and auth; a LAN name through the LAN resolver and a LoadBalancer address", async () => {
  const HOME_OPS = path.join(path.dirname(EXAMPLE), "home-ops");
  const pub = await traceJson(HOME_OPS, "https://sonarr.example.org");
  assert.equal(pub.verdict, "reachable");
  assert.deepEqual(
    pub.hops.map((h) => h.kind),
    ["client", "dns-record", "tunnel", "gateway", "route", "auth", "service", "application"],
  );
  assert.match(pub.hops[2]!.detail, /-> https:\/\/envoy-external\.envoy-gateway-system\.svc\.cluster\.local:443 \(origin server name sonarr\.example\.org;/);
  assert.match(pub.hops[5]!.detail, /ext-auth authentik \(authentik-outpost-external\.default:9000\/outpost\.goauthentik\.io\/auth\/envoy\)/);
  for (const h of pub.hops.slice(1)) assert.ok(h.file && h.line, `${h.kind} has its line`);

  const lan = await traceJson(HOME_OPS, "sonarr.home.example.org", "--from", "lan");
  assert.equal(lan.verdict, "reachable");
  assert.deepEqual(
    lan.hops.map((h) => h.kind),
    ["client", "lan-dns", "load-balancer", "gateway", "route", "service", "application"],
  );
  assert.match(lan.hops[2]!.detail, /Cilium L2 announcement .* on \^eno\[0-9\]\+\$/);
  assert.equal(lan.hops[2]!.name, "192.168.5.12");

  // From the internet, the LAN name is unreachable, and the reason says where it is served.
  const out = await traceJson(HOME_OPS, "https://sonarr.home.example.org");
  assert.equal(out.verdict, "unreachable");
  assert.equal(out.reason, "served on the LAN only");
  assert.match(out.explanation ?? "", /trace it --from lan/);
  // A public name from the LAN goes out through the internet's DNS.
  const hairpin = await traceJson(HOME_OPS, "https://echo.example.org", "--from", "lan");
  assert.deepEqual(hairpin.hops.map((h) => h.kind), ["client", "dns-record", "tunnel", "gateway", "route", "service", "application"]);
});
