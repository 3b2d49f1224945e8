import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { checkSnapshot } from "../src/check/check.js";
import { readFolder } from "../src/load/read-folder.js";
import { buildModel } from "../src/model/build-model.js";
import { appGroup } from "../src/model/names.js";
import type { Model } from "../src/model/types.js";
import { indexPlatform } from "../src/platform/index.js";
import { renderNetworkObjects as networkObjectsOf } from "../src/render/targets/netbird-operator/objects.js";
import { renderCloudflare as cloudflareOf } from "../src/render/targets/cloudflare-tf/cloudflare.js";
import { renderNetbird as netbirdOf } from "../src/render/targets/netbird-tf/netbird.js";
import { platformArtifacts, renderContext } from "../src/render/outputs.js";
import { lit, referencesIn, TF_NAME, tfName, writeTfJson, type TfBody, type TfJson } from "../src/render/emit/tf-json.js";
import { CORPUS, CORPUS_REPO, tempDir, writeRepo } from "./helpers.js";

// The targets take the platform index; these tests start from models.
const renderNetbird = (m: Model): TfJson => netbirdOf(indexPlatform(m))!;
const renderCloudflare = (m: Model): TfJson => cloudflareOf(indexPlatform(m));
const renderNetworkObjects = (m: Model, cluster: string) => {
  const index = indexPlatform(m);
  return networkObjectsOf(index, index.cluster(cluster)!);
};
const renderTerraform = (m: Model) =>
  platformArtifacts(renderContext(m))
    .filter((a) => a.path.startsWith("terraform/"))
    .map((a) => ({ path: a.path, text: a.content as string }));

const TUNNEL = "cloudflare_zero_trust_tunnel_cloudflared";
const TUNNEL_CONFIG = "cloudflare_zero_trust_tunnel_cloudflared_config";

function modelOf(dir: string): Model {
  return buildModel(readFolder(dir)).model;
}

function res(doc: TfJson, type: string): Record<string, TfBody> {
  return doc.resource?.[type] ?? {};
}

function data(doc: TfJson, type: string): Record<string, TfBody> {
  return doc.data?.[type] ?? {};
}

/** `${netbird_group.k.id}` -> the block it names. */
function resolveRef(docs: TfJson[], r: string): TfBody | undefined {
  const m = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(r);
  if (!m) return undefined;
  for (const d of docs) {
    const b = (m[1] ? d.data : d.resource)?.[m[2]!]?.[m[3]!];
    if (b) return b;
  }
  return undefined;
}

/** Our Terraform JSON, mapped back to the shape of expected/terraform-resources.json. */
function expectedShape(model: Model, nb: TfJson, cf: TfJson) {
  const keywordOfGroup = new Map<string, string>();
  for (const s of model.platform.sources.values()) keywordOfGroup.set(s.group, s.keyword);
  for (const a of model.apps) keywordOfGroup.set(appGroup(a.name), `app:${a.name}`);
  const groupName = (r: string) => {
    const b = resolveRef([nb], r);
    assert.ok(b, `dangling reference ${r}`);
    return String(b.name);
  };
  const groupNames = Object.values(res(nb, "netbird_group")).map((g) => String(g.name));
  const tunnels = res(cf, TUNNEL);
  const prefix = model.platform.cloudflare.tunnelPrefix;
  return {
    netbird: {
      appGroups: groupNames.filter((n) => n.startsWith("app-")).sort(),
      clusterGroups: groupNames.filter((n) => n.startsWith("cluster-")).sort(),
      dnsZones: Object.values(res(nb, "netbird_dns_zone"))
        .map((z) => {
          assert.equal(z.name, z.domain, "zone name == domain (the operator looks zones up by name)");
          return String(z.name);
        })
        .sort(),
      policies: Object.values(res(nb, "netbird_policy"))
        .map((p) => {
          const rules = p.rule as TfBody[];
          assert.equal(rules.length, 1, "one rule per policy");
          const rule = rules[0]!;
          const dests = rule.destinations as string[];
          assert.equal(dests.length, 1);
          return {
            name: String(p.name),
            protocol: rule.protocol,
            ports: rule.ports,
            sources: (rule.sources as string[]).map((s) => keywordOfGroup.get(groupName(s)) ?? `?${groupName(s)}`),
            destination: groupName(dests[0]!),
          };
        })
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    },
    cloudflare: {
      tunnels: Object.entries(tunnels)
        .map(([key, t]) => {
          const name = String(t.name);
          assert.ok(name.startsWith(prefix));
          return { name, cluster: name.slice(prefix.length), ingress: (res(cf, TUNNEL_CONFIG)[key]!.config as TfBody).ingress };
        })
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
      dnsRecords: Object.values(res(cf, "cloudflare_dns_record"))
        .map((r) => ({
          name: r.name,
          type: r.type,
          proxied: r.proxied,
          content: String(r.content).replace(/^\$\{cloudflare_zero_trust_tunnel_cloudflared\.([A-Za-z0-9_-]+)\.id\}/, (_, k: string) => `<tunnel ${String(tunnels[k]!.name)}>`),
        }))
        .sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1)),
    },
  };
}

/** Every reference in the documents names a declared block; group references name a block with `name`. */
function assertReferencesResolve(docs: TfJson[]): number {
  const variables = new Set(docs.flatMap((d) => Object.keys(d.variable ?? {})));
  let n = 0;
  for (const d of docs) {
    for (const r of referencesIn({ resource: d.resource, data: d.data, output: d.output, variable: d.variable })) {
      n++;
      const v = /^var\.([A-Za-z0-9_-]+)/.exec(r);
      if (v) {
        assert.ok(variables.has(v[1]!), `undeclared variable in \${${r}}`);
        continue;
      }
      if (/^alltrue\(/.test(r)) continue; // a validation condition over its own variable
      const b = resolveRef(docs, `\${${r}}`);
      assert.ok(b, `\${${r}} names no declared block`);
      if (/^(data\.)?netbird_group\./.test(r)) assert.equal(typeof b.name, "string", `\${${r}} points at a group without name`);
    }
  }
  return n;
}

function assertValidNames(doc: TfJson): void {
  for (const section of [doc.resource, doc.data]) {
    for (const [type, blocks] of Object.entries(section ?? {})) {
      assert.match(type, /^[a-z][a-z0-9_]*$/);
      for (const name of Object.keys(blocks)) assert.match(name, TF_NAME, `${type}.${name}`);
    }
  }
  for (const name of [...Object.keys(doc.variable ?? {}), ...Object.keys(doc.output ?? {})]) assert.match(name, TF_NAME, name);
}

test("terraform for the corpus matches expected/terraform-resources.json", () => {
  const model = modelOf(CORPUS_REPO);
  const nb = renderNetbird(model);
  const cf = renderCloudflare(model);
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected", "terraform-resources.json"), "utf8")) as unknown;
  assert.deepEqual(expectedShape(model, nb, cf), expected);
});

test("corpus terraform: providers, data groups for outside groups, references, names", () => {
  const model = modelOf(CORPUS_REPO);
  const nb = renderNetbird(model);
  const cf = renderCloudflare(model);
  // One module, one required_providers block (Terraform rejects a second): build puts it, naming
  // every provider, in the first file written, netbird.tf.json.
  const files = new Map(renderTerraform(model).map((f) => [f.path, JSON.parse(f.text) as TfJson]));
  assert.deepEqual(files.get("terraform/netbird.tf.json")!.terraform?.required_providers, {
    netbird: { source: "netbirdio/netbird", version: "~> 0.0.10" },
    cloudflare: { source: "cloudflare/cloudflare", version: "~> 5.1" },
  });
  assert.equal(files.get("terraform/cloudflare.tf.json")!.terraform, undefined);
  // Groups that exist outside Terraform are data blocks, and only those referenced.
  assert.deepEqual(Object.values(data(nb, "netbird_group")).map((g) => g.name).sort(), ["All", "Owners", "github-actions", "team-infra-plat", "team-sec-plat"]);
  for (const g of Object.values(res(nb, "netbird_group"))) assert.deepEqual(Object.keys(g), ["name"], "managed groups leave peers to setup keys");
  assert.ok(assertReferencesResolve([nb, cf]) > 20);
  assertValidNames(nb);
  assertValidNames(cf);
  // The CI key: one-off, ephemeral, no usage_limit, in github-actions (a data group by default).
  assert.deepEqual(res(nb, "netbird_setup_key")["homescale-ci"], {
    name: "homescale-ci",
    type: "one-off",
    ephemeral: true,
    auto_groups: ["${data.netbird_group.github-actions.id}"],
  });
  assert.equal(nb.output?.["homescale-ci-key"]?.sensitive, true);
  // No zones configured: no guessing, a variable keyed by public name.
  assert.equal(Object.keys(data(cf, "cloudflare_zone")).length, 0);
  assert.equal(res(cf, "cloudflare_dns_record").maxmorris_io!.zone_id, '${var.cloudflare_zone_ids["maxmorris.io"]}');
  assert.equal(cf.variable?.cloudflare_zone_ids?.type, "map(string)");
  assert.match(String(cf.variable?.cloudflare_zone_ids?.description), /does not guess/);
  assert.equal(res(cf, TUNNEL)["homescale-boa1-prod"]!.config_src, "cloudflare");
  assert.equal(res(cf, TUNNEL)["homescale-boa1-prod"]!.account_id, "${var.cloudflare_account_id}");
  for (const r of Object.values(res(cf, "cloudflare_dns_record"))) assert.equal(r.ttl, 1);
  // No netbird-proxy app and no routed subnets in the corpus.
  for (const t of ["netbird_network", "netbird_network_router", "netbird_network_resource", "netbird_reverse_proxy_service"]) assert.deepEqual(res(nb, t), {}, t);
});

test("terraform output is byte-identical across runs", () => {
  const a = modelOf(CORPUS_REPO);
  const b = modelOf(CORPUS_REPO);
  assert.equal(writeTfJson(renderNetbird(a)), writeTfJson(renderNetbird(b)));
  assert.equal(writeTfJson(renderCloudflare(a)), writeTfJson(renderCloudflare(b)));
  const text = writeTfJson(renderNetbird(a));
  assert.ok(text.endsWith("}\n") && !text.includes("\r"));
  assert.ok(text.startsWith('{\n  "data": {\n'), "keys sorted, 2-space indent");
  assert.equal(JSON.stringify(renderNetworkObjects(a, "boa1-prod")), JSON.stringify(renderNetworkObjects(b, "boa1-prod")));
});

test("tf-json helpers: names, literals, sorted writer", () => {
  assert.equal(tfName("boa1-prod.int.homescale.cloud"), "boa1-prod_int_homescale_cloud");
  assert.equal(tfName("1password"), "_1password");
  assert.equal(tfName("a b/c"), "a_b_c");
  assert.equal(tfName("__proto__"), "__proto__");
  assert.equal(lit("x ${y} %{ if }"), "x $${y} %%{ if }");
  assert.deepEqual(referencesIn(["$${not.a.ref}", "${a.b.id}"]), ["a.b.id"]);
  assert.equal(writeTfJson({ variable: { b: { type: "string" }, a: { type: "string" } } }), '{\n  "variable": {\n    "a": {\n      "type": "string"\n    },\n    "b": {\n      "type": "string"\n    }\n  }\n}\n');
  const proto = writeTfJson({ data: { netbird_group: JSON.parse('{"__proto__": {"name": "x"}}') as Record<string, TfBody> } });
  assert.match(proto, /"__proto__"/);
});

const SMALL: Record<string, string> = {
  "homescale.yaml": `apiVersion: homescale.dev/v1alpha1
kind: Platform
domains:
  internal: int.example.net
  external: ext.b.co.uk
clusters:
  prod: {region: r1, role: workload}
  r1-gw:
    region: r1
    role: gateway
    routedSubnets: [10.1.245.0/24, 10.1.246.0/24]
    subnetSources: [team-infra-plat]
netbird:
  dnsZoneGroups: [All, app-shop]
  reverseProxy: {cluster: eu1.proxy.netbird.io}
  ciSetupKey: {name: ci, expirySeconds: 3600}
cloudflare:
  accountId: acc-123
  zones: [b.co.uk, a.b.co.uk]
`,
  "apps/netbird/app.yaml": "path: apps/netbird\nnamespace: netbird-system\ndefaultDeploy: true\n",
  "apps/cloudflared/app.yaml": "path: apps/cloudflared\nnamespace: cloudflared\nclusters:\n  prod: {deploy: true}\n",
  "apps/shop/app.yaml": `path: apps/shop
namespace: shop
releaseName: shop-web
netbird:
  policy:
    rules:
      - {sources: [all, "app:grafana"], protocol: tcp, ports: ["443"], description: "shop \${x}"}
exposePublic: {cluster: prod, fqdn: shop.a.b.co.uk, port: 8080}
clusters:
  prod: {deploy: true}
`,
  "apps/blog/app.yaml": `path: apps/blog
namespace: web
service: blog-svc
exposePublic: {cluster: prod, fqdn: blog.b.co.uk, port: 80}
clusters:
  prod: {deploy: true}
`,
  "apps/grafana/app.yaml": `path: apps/grafana
namespace: metrics
exposePublic: {cluster: prod, fqdn: grafana.ext.b.co.uk, port: 3000, via: netbird-proxy, alias: dash.a.b.co.uk}
clusters:
  prod: {deploy: true}
`,
  "apps/broken/app.yaml": "path: [not, a, string]\n",
};

test("small repo: nested zones, gateway subnets, reverse proxy, CI key", () => {
  const dir = writeRepo(SMALL);
  const checked = checkSnapshot(readFolder(dir));
  assert.deepEqual(
    checked.diagnostics.filter((d) => d.severity === "error" && d.file !== "apps/broken/app.yaml").map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`),
    [],
  );
  const model = checked.model;
  const nb = renderNetbird(model);
  const cf = renderCloudflare(model);
  assertReferencesResolve([nb, cf]);
  assertValidNames(nb);
  assertValidNames(cf);

  // A broken app.yaml keeps its group (its removal would break other apps' policies), but has no policy.
  assert.deepEqual(res(nb, "netbird_group")["app-broken"], { name: "app-broken" });
  assert.deepEqual(Object.keys(res(nb, "netbird_policy")).sort(), ["app-shop", "subnets-r1-gw"]);
  const shop = res(nb, "netbird_policy")["app-shop"]!;
  assert.equal(shop.description, "shop $${x}", "repository text is a literal, not a template");
  assert.deepEqual((shop.rule as TfBody[])[0]!.sources, ["${data.netbird_group.All.id}", "${netbird_group.app-grafana.id}"]);

  // Zones: distribution groups by name, managed ones as resources.
  assert.deepEqual(res(nb, "netbird_dns_zone")["prod_int_example_net"]!.distribution_groups, ["${data.netbird_group.All.id}", "${netbird_group.app-shop.id}"]);

  // Gateway: a Terraform network (not the operator's), router on the cluster group, a resource per subnet.
  assert.deepEqual(res(nb, "netbird_network")["r1-gw-subnets"], { name: "r1-gw-subnets", description: "homescale: subnets routed by gateway cluster r1-gw" });
  assert.deepEqual(res(nb, "netbird_network_router")["r1-gw-subnets"], {
    network_id: "${netbird_network.r1-gw-subnets.id}",
    peer_groups: ["${netbird_group.cluster-r1-gw.id}"],
    masquerade: true,
    metric: 9999,
    enabled: true,
  });
  const subnetRes = res(nb, "netbird_network_resource");
  assert.equal(subnetRes["r1-gw-10-1-245-0-24"]!.address, "10.1.245.0/24");
  assert.deepEqual(subnetRes["r1-gw-10-1-246-0-24"]!.groups, ["${netbird_group.subnets-r1-gw.id}"]);
  const subnetPolicy = (res(nb, "netbird_policy")["subnets-r1-gw"]!.rule as TfBody[])[0]!;
  assert.deepEqual(subnetPolicy.destinations, ["${netbird_group.subnets-r1-gw.id}"]);
  assert.equal(subnetPolicy.protocol, "all");
  assert.equal(subnetPolicy.ports, undefined);
  assert.deepEqual(res(nb, "netbird_setup_key")["r1-gw-router"], {
    name: "r1-gw-router",
    type: "reusable",
    ephemeral: true,
    auto_groups: ["${netbird_group.cluster-r1-gw.id}"],
  });
  assert.deepEqual(res(nb, "netbird_setup_key").ci, {
    name: "ci",
    type: "one-off",
    ephemeral: true,
    expiry_seconds: 3600,
    auto_groups: ["${data.netbird_group.github-actions.id}"],
  });

  // Reverse proxy: a domain resource for the internal name in the operator's network, one service per public name.
  const internal = "grafana.metrics.prod.int.example.net";
  assert.deepEqual(data(nb, "netbird_network").prod, { name: "prod" });
  assert.deepEqual(subnetRes[tfName(internal)], {
    network_id: "${data.netbird_network.prod.id}",
    name: internal,
    description: "homescale: reverse-proxy target of app grafana on prod",
    address: internal,
    groups: ["${netbird_group.app-grafana.id}"],
    enabled: true,
  });
  const services = res(nb, "netbird_reverse_proxy_service");
  assert.deepEqual(Object.keys(services).sort(), ["dash_a_b_co_uk", "grafana_ext_b_co_uk"]);
  assert.deepEqual(services.grafana_ext_b_co_uk, {
    name: "grafana.ext.b.co.uk",
    domain: "grafana.ext.b.co.uk",
    enabled: true,
    targets: [{ target_id: `\${netbird_network_resource.${tfName(internal)}.id}`, target_type: "domain", host: internal, port: 3000, protocol: "http" }],
    auth: {},
  });
  assert.deepEqual(
    Object.values(res(nb, "netbird_reverse_proxy_domain")).map((d) => [d.domain, d.target_cluster]).sort(),
    [
      ["dash.a.b.co.uk", "eu1.proxy.netbird.io"],
      ["ext.b.co.uk", "eu1.proxy.netbird.io"],
    ],
  );
  assert.equal(nb.variable, undefined, "the proxy cluster is configured");

  // Cloudflare: the zone of a name is the longest configured suffix.
  assert.deepEqual(data(cf, "cloudflare_zone"), {
    a_b_co_uk: { filter: { name: "a.b.co.uk", account: { id: "acc-123" } } },
    b_co_uk: { filter: { name: "b.co.uk", account: { id: "acc-123" } } },
  });
  const records = res(cf, "cloudflare_dns_record");
  const zoneOfRecord = Object.fromEntries(Object.values(records).map((r) => [String(r.name), r.zone_id]));
  assert.deepEqual(zoneOfRecord, {
    "shop.a.b.co.uk": "${data.cloudflare_zone.a_b_co_uk.id}",
    "blog.b.co.uk": "${data.cloudflare_zone.b_co_uk.id}",
    "*.ext.b.co.uk": "${data.cloudflare_zone.b_co_uk.id}",
    "dash.a.b.co.uk": "${data.cloudflare_zone.a_b_co_uk.id}",
  });
  assert.deepEqual(records.wildcard_ext_b_co_uk, {
    zone_id: "${data.cloudflare_zone.b_co_uk.id}",
    name: "*.ext.b.co.uk",
    type: "CNAME",
    content: "eu1.proxy.netbird.io",
    proxied: false,
    ttl: 1,
    comment: "homescale: NetBird reverse proxy",
  });
  assert.equal(records.dash_a_b_co_uk!.content, "eu1.proxy.netbird.io");
  assert.equal(records.dash_a_b_co_uk!.proxied, false);
  assert.equal(records.shop_a_b_co_uk!.proxied, true);
  assert.equal(cf.variable, undefined, "account and zones are configured");
  assert.deepEqual((res(cf, TUNNEL_CONFIG)["homescale-prod"]!.config as TfBody).ingress, [
    { hostname: "blog.b.co.uk", service: "http://blog-svc.web.svc.cluster.local:80" },
    { hostname: "shop.a.b.co.uk", service: "http://shop-web.shop.svc.cluster.local:8080" },
    { service: "http_status:404" },
  ]);
  assert.deepEqual(res(cf, TUNNEL)["homescale-prod"], { account_id: "acc-123", name: "homescale-prod", config_src: "cloudflare" });

  // Operator objects: the router in the operator app's namespace, resources for policy and proxy apps.
  const objs = renderNetworkObjects(model, "prod");
  assert.deepEqual(
    objs.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`),
    ["NetworkRouter netbird-system/prod", "NetworkResource metrics/grafana", "NetworkResource shop/shop"],
  );
  assert.deepEqual(objs[0]!.spec, { dnsZoneRef: { name: "prod.int.example.net" } });
  assert.deepEqual(objs[2]!.spec, {
    networkRouterRef: { name: "prod", namespace: "netbird-system" },
    serviceRef: { name: "shop-web" },
    groups: [{ name: "app-shop" }],
  });
  assert.equal(objs[0]!.apiVersion, "netbird.io/v1alpha1");
  // On a cluster without the operator app enabled, nothing: the operator's CRDs are not there, and
  // a NetworkRouter would fail the cluster's sync.
  model.apps.find((a) => a.name === "netbird")!.raw.defaultDeploy = false;
  assert.deepEqual(renderNetworkObjects(model, "r1-gw"), []);
});

test("unset proxy cluster, account and a name outside the zones become variables", () => {
  const files = { ...SMALL };
  files["homescale.yaml"] = SMALL["homescale.yaml"]!.replace("  reverseProxy: {cluster: eu1.proxy.netbird.io}\n", "").replace("  accountId: acc-123\n", "");
  files["apps/blog/app.yaml"] = SMALL["apps/blog/app.yaml"]!.replace("blog.b.co.uk", "blog.example.org");
  const model = modelOf(writeRepo(files));
  const nb = renderNetbird(model);
  const cf = renderCloudflare(model);
  assertReferencesResolve([nb, cf]);
  assert.deepEqual(Object.keys(nb.variable ?? {}), ["netbird_proxy_cluster"]);
  assert.equal(res(nb, "netbird_reverse_proxy_domain").ext_b_co_uk!.target_cluster, "${var.netbird_proxy_cluster}");
  assert.equal(res(cf, "cloudflare_dns_record").wildcard_ext_b_co_uk!.content, "${var.netbird_proxy_cluster}");
  assert.deepEqual(Object.keys(cf.variable ?? {}).sort(), ["cloudflare_account_id", "cloudflare_zone_ids"]);
  assert.equal(res(cf, "cloudflare_dns_record").blog_example_org!.zone_id, '${var.cloudflare_zone_ids["blog.example.org"]}');
  assert.equal(res(cf, "cloudflare_dns_record").shop_a_b_co_uk!.zone_id, "${data.cloudflare_zone.a_b_co_uk.id}");
  assert.match(String(cf.variable?.cloudflare_zone_ids?.description), /none of the configured zones/);
});

test("terraform accepts the rendered module (when terraform or tofu is installed)", (t) => {
  const bin = ["terraform", "tofu"].find((b) => spawnSync(b, ["version"], { stdio: "ignore" }).status === 0);
  if (bin === undefined) {
    t.skip("neither terraform nor tofu is on PATH; the JSON is checked structurally above");
    return;
  }
  for (const repo of [writeRepo(SMALL), CORPUS_REPO]) {
    const dir = tempDir("homescale-tf-");
    for (const f of renderTerraform(modelOf(repo))) {
      fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.path), f.text);
    }
    const cwd = path.join(dir, "terraform");
    // init reads and checks the whole configuration before it installs providers.
    const init = spawnSync(bin, ["init", "-backend=false", "-input=false", "-no-color"], { cwd, encoding: "utf8", timeout: 120_000 });
    const out = `${init.stdout}\n${init.stderr}`;
    assert.doesNotMatch(out, /problems with the configuration|Error: (?!Failed to (query|install))/, out);
    if (init.status !== 0) {
      assert.match(out, /Failed to (query available provider packages|install provider)/, out);
      t.skip(`${bin} parsed the configuration, but could not install the providers (no registry access), so validate cannot run`);
      continue;
    }
    const v: SpawnSyncReturns<string> = spawnSync(bin, ["validate", "-no-color"], { cwd, encoding: "utf8", timeout: 120_000 });
    assert.equal(v.status, 0, v.stdout + v.stderr);
  }
});

test("names that collide or start with a digit after sanitizing stay distinct and valid", () => {
  const app = (rules: string) => `path: apps/x\nnamespace: x\ndefaultDeploy: true\n${rules}`;
  const model = modelOf(
    writeRepo({
      "apps/a.b/app.yaml": app(`netbird:\n  policy:\n    rules:\n      - {sources: ["app:a_b", "app:9lives"], protocol: udp}\n`),
      "apps/a_b/app.yaml": app(`netbird:\n  policy:\n    rules:\n      - {sources: ["app:a.b", nosuch, "app:nosuch"], protocol: tcp, ports: ["1"]}\n      - {sources: [nosuch], protocol: tcp}\n`),
      "apps/9lives/app.yaml": app(""),
      "clusters/1st/apps.yaml": "{}\n",
    }),
  );
  const nb = renderNetbird(model);
  const cf = renderCloudflare(model);
  assertValidNames(nb);
  assertValidNames(cf);
  assertReferencesResolve([nb, cf]);
  const groups = res(nb, "netbird_group");
  assert.deepEqual(Object.values(groups).map((g) => g.name).sort(), ["app-9lives", "app-a.b", "app-a_b", "cluster-1st"]);
  assert.equal(new Set(Object.keys(groups)).size, 4);
  const byName = (n: string) => Object.entries(groups).find(([, g]) => g.name === n)![0];
  const pol = res(nb, "netbird_policy");
  // Unknown sources are left out; a rule left with none is dropped (less access, never more).
  assert.deepEqual(Object.entries(pol).map(([k, p]) => `${k}=${String(p.name)}`).sort(), ["app-a_b-0=app-a_b-0", "app-a_b=app-a.b"]);
  assert.deepEqual((pol["app-a_b-0"]!.rule as TfBody[])[0]!.sources, [`\${netbird_group.${byName("app-a.b")}.id}`]);
  assert.deepEqual((pol[tfName("app-a.b")]!.rule as TfBody[])[0]!.destinations, [`\${netbird_group.${byName("app-a.b")}.id}`]);
  assert.ok(res(nb, "netbird_dns_zone")["_1st_int_homescale_cloud"]);
});
