/**
 * mesh: tailscale, against the second corpus (HomeScale after its NetBird -> Tailscale cutover):
 * the tailnet policy homescale writes must be, semantically, the one the upstream module computes
 * (expected/tailscale-acl.json, evaluated by terraform from the module's own expressions); the
 * module's required_providers moves to tailscale.tf.json; trace and access walk the operator's
 * Services that the apps' charts declare, at their tailnet names and external-dns names.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { gitInit } from "./git-helpers.js";
import { copyTree, HEAD_CORPUS, HEAD_CORPUS_REPO, readTree, run, tempDir, writeRepo } from "./helpers.js";

interface TfJson {
  terraform?: { required_providers: Record<string, { source: string }> };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { sensitive?: boolean; value: string }>;
}

async function build(repo: string): Promise<Map<string, string>> {
  const out = path.join(tempDir("homescale-tailscale-"), "out");
  const r = await run(["build", "--repo", repo, "--out", out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return readTree(out);
}

const aclOf = (tree: Map<string, string>): unknown => JSON.parse((JSON.parse(tree.get("terraform/tailscale.tf.json")!) as TfJson).resource!.tailscale_acl!.this!.acl as string);

/** The corpus with a homescale.yaml addition (a private copy: the corpus itself is never changed). */
function corpusWith(settings: string): string {
  const repo = copyTree(HEAD_CORPUS_REPO);
  fs.appendFileSync(path.join(repo, "homescale.yaml"), settings);
  return repo;
}

const headTree = build(HEAD_CORPUS_REPO);

test("the tailnet policy equals the upstream module's (expected/tailscale-acl.json): tag owners, grants in order, auto-approvers", async () => {
  const want = JSON.parse(fs.readFileSync(path.join(HEAD_CORPUS, "expected", "tailscale-acl.json"), "utf8"));
  const acl = aclOf(await headTree);
  assert.deepEqual(acl, want);
  assert.equal(Object.keys((acl as { tagOwners: object }).tagOwners).length, 34);
});

test("Terraform: tailscale.tf.json holds the module's one required_providers block, naming every provider; no netbird.tf.json", async () => {
  const tree = await headTree;
  assert.ok(!tree.has("terraform/netbird.tf.json"));
  const ts = JSON.parse(tree.get("terraform/tailscale.tf.json")!) as TfJson;
  const cf = JSON.parse(tree.get("terraform/cloudflare.tf.json")!) as TfJson;
  assert.equal(cf.terraform, undefined);
  assert.deepEqual(Object.fromEntries(Object.entries(ts.terraform!.required_providers).map(([k, v]) => [k, v.source])), { cloudflare: "cloudflare/cloudflare", tailscale: "tailscale/tailscale" });
  // Every resource type of the module comes from a provider the block names.
  const types = [...Object.keys(ts.resource!), ...Object.keys(cf.resource ?? {})];
  for (const t of types) assert.ok(Object.keys(ts.terraform!.required_providers).includes(t.split("_")[0]!), t);
  assert.equal(ts.resource!.tailscale_acl!.this!.overwrite_existing_content, true);
  // The operator's OAuth client: its secret is Terraform state, handed out as a sensitive output.
  assert.deepEqual(ts.resource!.tailscale_oauth_client!.operator!.tags, ["tag:k8s"]);
  assert.deepEqual(ts.resource!.tailscale_oauth_client!.operator!.depends_on, ["tailscale_acl.this"]);
  assert.equal(ts.output!["operator-oauth-client-secret"]!.sensitive, true);
  assert.doesNotMatch(tree.get("terraform/tailscale.tf.json")!, /tskey-/);
});

test("keywords map to tailnet identifiers and fixed grants are settings: homescale.yaml changes the policy", async () => {
  const repo = corpusWith(
    [
      "tailscale:",
      "  identityDomain: example.org",
      "  operatorTag: tag:operator",
      "  sources:",
      "    admins: group:platform@example.org",
      "    everyone: '*'",
      "  tagOwners:",
      "    tag:k8s: [tag:operator]",
      "    tag:github-actions: [autogroup:admin]",
      "  grants:",
      "    - {src: [admins, app:omni], dst: [tag:k8s-api], ip: ['tcp:443']}",
      "",
    ].join("\n"),
  );
  // homecraft's rule names "*" as itself; write it as a keyword instead.
  const hc = path.join(repo, "apps", "homecraft", "app.yaml");
  fs.writeFileSync(hc, fs.readFileSync(hc, "utf8").replace('sources: ["*"]', "sources: [everyone]"));
  const r = await run(["check", "--repo", repo, "--format", "json"]);
  const errors = (JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string; file: string; line: number }[] }).diagnostics.filter((d) => d.severity === "error");
  // tag:k8s-api is no longer owned (tagOwners replaced the defaults): the policy would be refused.
  assert.deepEqual(
    errors.map((d) => `${d.code} ${d.file}`),
    ["HS169 apps/tailscale/templates/service-apiserver-proxy.yaml", "HS169 homescale.yaml"],
  );
  fs.appendFileSync(path.join(repo, "homescale.yaml"), "");
  const fixed = fs.readFileSync(path.join(repo, "homescale.yaml"), "utf8").replace("    tag:github-actions: [autogroup:admin]", "    tag:github-actions: [autogroup:admin]\n    tag:k8s-api: [tag:operator]");
  fs.writeFileSync(path.join(repo, "homescale.yaml"), fixed);
  const acl = aclOf(await build(repo)) as { tagOwners: Record<string, string[]>; grants: { src: string[]; dst: string[]; ip: string[] }[]; autoApprovers: unknown };
  assert.deepEqual(acl.tagOwners["tag:operator"], ["autogroup:admin", "tag:operator"]);
  assert.deepEqual(acl.tagOwners["tag:app-argocd"], ["tag:operator"]);
  assert.deepEqual(acl.tagOwners["tag:k8s"], ["tag:operator"]);
  assert.deepEqual(acl.autoApprovers, { services: { "tag:operator": ["tag:operator"] } });
  const homecraft = acl.grants.find((g) => g.dst[0] === "tag:app-homecraft")!;
  assert.deepEqual(homecraft.src, ["*"]);
  // The configured grants replace the two defaults.
  assert.deepEqual(acl.grants.at(-1), { src: ["group:platform@example.org", "tag:app-omni"], dst: ["tag:k8s-api"], ip: ["tcp:443"] });
  assert.equal(acl.grants.filter((g) => g.dst.includes("autogroup:self")).length, 0);
});

interface TraceDoc {
  verdict: string;
  reason?: string;
  hops: { kind: string; name: string; file?: string; line?: number }[];
}

async function traceJson(repo: string, ...args: string[]): Promise<TraceDoc> {
  const r = await run(["trace", ...args, "--repo", repo, "--format", "json"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return JSON.parse(r.stdout) as TraceDoc;
}
const hops = (d: TraceDoc) => d.hops.map((h) => `${h.kind} ${h.name}${h.file ? ` @${h.file}:${h.line ?? "?"}` : ""}`);

const tailnetRepo = corpusWith("tailscale: {tailnet: tail7c652c}\n");

test("trace over Tailscale: a grant, the ProxyGroup, the Service at <hostname>.<tailnet>.ts.net, the Application", async () => {
  const d = await traceJson(tailnetRepo, "argocd-mgmt.tail7c652c.ts.net:443", "--from", "team-infra-plat");
  assert.equal(d.verdict, "reachable");
  assert.deepEqual(hops(d), [
    "source team-infra-plat",
    "policy app-argocd @apps/argocd/app.yaml:11",
    "mesh-group tag:app-argocd @apps/argocd/app.yaml:11",
    "router ingress @apps/tailscale/templates/proxygroup-ingress.yaml:4",
    "service argocd-mgmt.tail7c652c.ts.net:443 @apps/argocd/app.yaml:66",
    "application argocd @apps/argocd/app.yaml:7",
  ]);
  // The chart template's Service, at the line that names it; enabled by the bootstrap values.
  const ha = await traceJson(tailnetRepo, "ha-boa1-prod.tail7c652c.ts.net", "--from", "group:owners@homescale.cloud");
  assert.equal(ha.verdict, "reachable");
  assert.deepEqual(hops(ha).slice(-2), ["service ha-boa1-prod.tail7c652c.ts.net @apps/home-assistant/templates/service.yaml:4", "application home-assistant @clusters/boa1-prod/apps.yaml:31"]);
  assert.match(fs.readFileSync(path.join(HEAD_CORPUS_REPO, "clusters/boa1-prod/apps.yaml"), "utf8").split("\n")[30]!, /^ {14}deploy: true$/);
  assert.match(fs.readFileSync(path.join(HEAD_CORPUS_REPO, "apps/home-assistant/templates/service.yaml"), "utf8").split("\n")[3]!, /name: ha$/);
});

test("trace over Tailscale: who the policy does not admit, a wrong port, and a name external-dns publishes", async () => {
  const ci = await traceJson(tailnetRepo, "argocd-mgmt.tail7c652c.ts.net:443", "--from", "github-actions");
  assert.equal(ci.verdict, "unreachable");
  assert.equal(ci.reason, "no policy for that source");
  const port = await traceJson(tailnetRepo, "argocd-mgmt.tail7c652c.ts.net:22", "--from", "team-sec-plat");
  assert.equal(port.reason, "wrong port or protocol");
  // metrics' grant opens tag:app-metrics, which metrics-aggr's Services carry too.
  const aggr = await traceJson(tailnetRepo, "prometheus-metrics-boa1-prod-aggr.tail7c652c.ts.net:9090", "--from", "app:metrics");
  assert.equal(aggr.verdict, "reachable");
  assert.equal(aggr.hops.at(-1)!.name, "metrics-aggr");
  const dns = await traceJson(tailnetRepo, "k8s.api.mgmt.int.homescale.cloud:443", "--from", "app:headlamp");
  assert.equal(dns.verdict, "reachable");
  assert.equal(dns.hops.find((h) => h.kind === "policy")!.name, "grant-0");
  const outside = await traceJson(tailnetRepo, "argocd-mgmt.tail7c652c.ts.net", "--from", "internet");
  assert.equal(outside.verdict, "unreachable");
});

test("access over Tailscale: a row per grant and source, with the tailnet names each grant opens", async () => {
  const r = await run(["access", "--repo", tailnetRepo, "--format", "json"]);
  const rules = (JSON.parse(r.stdout) as { rules: { app: string; source: string; protocol: string; ports: string[]; names: string[]; policy: string; clusters: string[] }[] }).rules;
  const argocd = rules.filter((x) => x.app === "argocd");
  assert.deepEqual(argocd.map((x) => x.source), ["group:team-infra-plat@homescale.cloud", "group:team-sec-plat@homescale.cloud"]);
  assert.deepEqual(argocd[0]!.names, ["argocd-boa1-prod.tail7c652c.ts.net", "argocd.boa1-prod.int.homescale.cloud", "argocd-mgmt.tail7c652c.ts.net", "argocd.mgmt.int.homescale.cloud"]);
  const api = rules.filter((x) => x.policy === "grant-0").map((x) => `${x.source} ${x.app} ${x.protocol}/${x.ports.join(",")}`);
  assert.deepEqual(api, ["app:headlamp tailscale tcp/443", "sg-k8s-admin tailscale tcp/443", "team-infra-plat tailscale tcp/443", "team-sec-plat tailscale tcp/443"]);
  const metrics = rules.find((x) => x.app === "metrics")!;
  assert.ok(metrics.names.includes("prometheus-metrics-boa1-prod-aggr.tail7c652c.ts.net"), "metrics-aggr's Service carries tag:app-metrics");
});

test("a NetBird platform renders no tailscale.tf.json and reads no chart template", async () => {
  const repo = writeRepo({
    "homescale.yaml": "apiVersion: homescale.dev/v1alpha1\nkind: Platform\nclusters:\n  mgmt: {}\n",
    "apps/values.yaml": "repoURL: https://example.com/p.git\n",
    "apps/web/app.yaml": "path: apps/web\nnamespace: web\ndefaultDeploy: true\n",
    "apps/web/templates/svc.yaml": "{{ include \"no\" . }}\nkind: Service\nmetadata: {annotations: {tailscale.com/hostname: x}}\n",
  });
  const tree = await build(repo);
  assert.ok(!tree.has("terraform/tailscale.tf.json"));
  assert.ok(tree.has("terraform/netbird.tf.json"));
  const r = await run(["check", "--repo", repo, "--format", "json"]);
  assert.deepEqual((JSON.parse(r.stdout) as { diagnostics: unknown[] }).diagnostics, []);
});

test("plan: a rule's new port is a change of the policy document at its place, and a new access row", async () => {
  const repo = copyTree(HEAD_CORPUS_REPO);
  gitInit(repo);
  const hc = path.join(repo, "apps", "homecraft", "app.yaml");
  fs.writeFileSync(hc, fs.readFileSync(hc, "utf8").replace('ports: ["25565"]', 'ports: ["25565", "25566"]'));
  const r = await run(["plan", "--base", "HEAD", "--repo", repo, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { changes: { kind: string; name: string; detail: string }[]; access: { added: { key: string }[] } };
  const acl = doc.changes.find((c) => c.kind === "tailscale_acl")!;
  assert.match(acl.detail, /updated in-place \(\/acl\/grants\/2\/ip\)/);
  assert.deepEqual(doc.access.added.map((a) => a.key), ["* homecraft tcp/25566"]);
});
