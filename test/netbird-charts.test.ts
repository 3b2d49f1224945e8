/**
 * The NetBird operator objects the apps' own charts declare (issue 12): read with the template
 * subset on every cluster, with the values the catalog chart hands each app's chart; their names
 * are mesh names with the template's file:line; homescale renders no second copy. The first corpus
 * (HomeScale's own charts: netbird-crs' router per cluster, argocd's argocd-server), a fixture
 * platform that uses the subset's range, with, variables and .Release
 * (test/fixtures/netbird-charts), Helm's own rendering of the same templates, and the git reader.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parseAllDocuments } from "yaml";
import { checkFolder } from "../src/cli/load-repo.js";
import { readFolder } from "../src/load/read-folder.js";
import { readRevision } from "../src/load/read-git.js";
import type { NetbirdMesh } from "../src/platform/mesh/netbird.js";
import { commitAll, gitInit } from "./git-helpers.js";
import { helmBinary, pool } from "./helm-binary.js";
import { checkJson, copyTree, CORPUS_REPO, editFile, readTree, ROOT, run, tempDir } from "./helpers.js";
import { execFileSync } from "node:child_process";

const FIXTURE = path.join(ROOT, "test", "fixtures", "netbird-charts");

type Obj = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string }; spec?: Record<string, unknown> };

async function build(repo: string): Promise<Map<string, string>> {
  const out = path.join(tempDir("homescale-netbird-charts-"), "out");
  const r = await run(["build", "--repo", repo, "--out", out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return readTree(out);
}

const objectsOf = (text: string | undefined): Obj[] => (text === undefined ? [] : parseAllDocuments(text).map((d) => d.toJS() as Obj));
const netbird = (tree: Map<string, string>, cluster: string): Obj[] => objectsOf(tree.get(`clusters/${cluster}/network.yaml`)).filter((o) => o.apiVersion?.startsWith("netbird.io/"));

interface TraceDoc {
  verdict: string;
  reason?: string;
  explanation?: string;
  hops: { kind: string; name: string; file?: string; line?: number }[];
}

async function traceJson(repo: string, ...args: string[]): Promise<TraceDoc> {
  const r = await run(["trace", ...args, "--repo", repo, "--format", "json"]);
  assert.ok(r.stdout.startsWith("{"), r.stderr);
  return JSON.parse(r.stdout) as TraceDoc;
}
const hops = (d: TraceDoc) => d.hops.map((h) => `${h.kind} ${h.name}${h.file ? ` @${h.file}:${h.line ?? "?"}` : ""}`);

const corpusTree = build(CORPUS_REPO);

test("corpus: network.yaml holds no second NetworkRouter where netbird-crs renders one, and no NetworkResource for a Service argocd", async () => {
  const tree = await corpusTree;
  for (const cluster of ["mgmt", "boa1-prod", "boa1-gw"]) {
    const objects = netbird(tree, cluster);
    assert.deepEqual(objects.filter((o) => o.kind === "NetworkRouter"), [], `${cluster}: netbird-crs renders the router`);
    assert.deepEqual(
      objects.filter((o) => o.kind === "NetworkResource" && ((o.spec?.serviceRef as { name?: string } | undefined)?.name === "argocd" || o.metadata?.name === "argocd")),
      [],
      `${cluster}: argo-cd's chart makes no Service argocd; the app's own chart declares argocd-server`,
    );
    // Every app that NetBird must reach declares its own NetworkResources: homescale renders none.
    assert.deepEqual(objects, [], cluster);
  }
  // The charts' routers are the clusters' routers, one each, where the templates say.
  const { index } = checkFolder(CORPUS_REPO, process.cwd());
  const mesh = index.mesh as NetbirdMesh;
  for (const cluster of ["mgmt", "boa1-prod", "boa1-gw"]) {
    assert.deepEqual(
      mesh.routers(cluster).map((r) => `${r.app} ${r.namespace}/${r.name} ${r.zone} ${r.decl.file}`),
      [`netbird-crs netbird/${cluster} ${cluster}.int.homescale.cloud apps/netbird-crs/templates/networkrouter.yaml`],
    );
    assert.equal(mesh.rendersRouter(cluster), false);
  }
});

test("corpus: trace argocd-server.argocd.mgmt.int.homescale.cloud --from team-infra-plat (seed 000's example) is reachable, each hop at its file:line", async () => {
  const d = await traceJson(CORPUS_REPO, "argocd-server.argocd.mgmt.int.homescale.cloud", "--from", "team-infra-plat");
  assert.equal(d.verdict, "reachable", JSON.stringify(d));
  assert.deepEqual(hops(d), [
    "source team-infra-plat",
    "policy app-argocd @apps/argocd/app.yaml:11",
    "mesh-group app-argocd @apps/argocd/app.yaml:11",
    "router mgmt @apps/netbird-crs/templates/networkrouter.yaml:4",
    "service argocd-server.argocd.mgmt.int.homescale.cloud @apps/argocd/templates/networkresource.yaml:4",
    "application argocd @apps/argocd/app.yaml:7",
  ]);
  const lines = (f: string) => fs.readFileSync(path.join(CORPUS_REPO, f), "utf8").split("\n");
  assert.match(lines("apps/netbird-crs/templates/networkrouter.yaml")[4 - 1]!, /^ {2}name: '\{\{ required "cluster.name is required" \.Values\.cluster\.name \}\}'$/);
  assert.match(lines("apps/argocd/templates/networkresource.yaml")[4 - 1]!, /^ {2}name: argocd-\{\{/);
  // The guessed name of old is no name at all; the Services the charts name are.
  const old = await traceJson(CORPUS_REPO, "argocd.argocd.mgmt.int.homescale.cloud", "--from", "team-infra-plat");
  assert.equal(old.reason, "unknown name");
  const ha = await traceJson(CORPUS_REPO, "z2m.home-assistant.boa1-prod.int.homescale.cloud:443", "--from", "owners");
  assert.equal(ha.verdict, "reachable");
  assert.equal(ha.hops.at(-2)!.file, "apps/home-assistant/templates/networkresource.yaml");
  assert.equal(ha.hops.at(-2)!.line, 18);
  // metrics-aggr's NetworkResources join app-metrics: metrics' policy opens them, as on the real mesh.
  const prom = await traceJson(CORPUS_REPO, "prometheus.metrics.boa1-prod.int.homescale.cloud:9090", "--from", "team-sec-plat");
  assert.deepEqual(
    prom.hops.map((h) => `${h.kind} ${h.name}`),
    ["source team-sec-plat", "policy app-metrics", "mesh-group app-metrics", "router boa1-prod", "service prometheus.metrics.boa1-prod.int.homescale.cloud:9090", "application metrics-aggr"],
  );
  // Where a chart renders nothing (metrics' grafana is boa1-prod's only), there is no name.
  assert.equal((await traceJson(CORPUS_REPO, "grafana.metrics.mgmt.int.homescale.cloud", "--from", "owners")).reason, "unknown name");
});

test("corpus: access lists the Services the charts declare, at their names", async () => {
  const r = await run(["access", "--repo", CORPUS_REPO, "--format", "json"]);
  const rules = (JSON.parse(r.stdout) as { rules: { app: string; source: string; names: string[]; clusters: string[] }[] }).rules;
  const argocd = rules.find((x) => x.app === "argocd" && x.source === "team-infra-plat")!;
  assert.deepEqual(argocd.names, ["argocd-server.argocd.boa1-gw.int.homescale.cloud", "argocd-server.argocd.boa1-prod.int.homescale.cloud", "argocd-server.argocd.mgmt.int.homescale.cloud"]);
  const ha = rules.find((x) => x.app === "home-assistant")!;
  assert.deepEqual(ha.names, ["ha.home-assistant.boa1-prod.int.homescale.cloud", "z2m.home-assistant.boa1-prod.int.homescale.cloud", "homebridge.home-assistant.boa1-prod.int.homescale.cloud"]);
  const metrics = rules.find((x) => x.app === "metrics" && x.source === "team-infra-plat")!;
  assert.deepEqual(metrics.clusters, ["boa1-prod"]);
  assert.deepEqual(
    [...metrics.names].sort(),
    ["alertmanager", "grafana", "loki", "prometheus"].map((s) => `${s}.metrics.boa1-prod.int.homescale.cloud`),
  );
});

test("fixture: a chart's templated NetworkResources are the app's mesh names; homescale renders none for it, and no router where a chart's runs", async () => {
  const r = await checkJson(FIXTURE);
  assert.deepEqual(r.diagnostics, []);
  const tree = await build(FIXTURE);
  // The operator runs on prod only: nothing of it on mgmt (its CRDs are not there).
  assert.deepEqual(netbird(tree, "mgmt"), []);
  const prod = netbird(tree, "prod");
  assert.deepEqual(
    prod.map((o) => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name} -> ${JSON.stringify(o.spec?.networkRouterRef)} ${JSON.stringify(o.spec?.serviceRef)}`),
    [
      // api has no chart of its own: homescale's, through the router mesh-routers' chart renders.
      'NetworkResource api/api -> {"name":"prod-net","namespace":"netbird"} {"name":"api-http"}',
      // ledger's chart declares its Service (ledger, the release name), so homescale may name it.
      'NetworkResource ledger/ledger -> {"name":"prod-net","namespace":"netbird"} {"name":"ledger"}',
    ],
  );

  const d = await traceJson(FIXTURE, "storefront-checkout.shop.prod.mesh.example.org:443", "--from", "team-infra-plat");
  assert.equal(d.verdict, "reachable", JSON.stringify(d));
  assert.deepEqual(hops(d), [
    "source team-infra-plat",
    "policy app-shop @apps/shop/app.yaml:8",
    "mesh-group app-shop @apps/shop/app.yaml:8",
    "router prod-net @apps/mesh-routers/templates/networkrouter.yaml:5",
    "service storefront-checkout.shop.prod.mesh.example.org:443 @apps/shop/templates/networkresource.yaml:7",
    "application shop @apps/shop/app.yaml:16",
  ]);
  // The with block adds prod's cluster group (the override's value); the resource is in it.
  assert.match(d.hops[4]!.name, /storefront-checkout/);
  const api = await traceJson(FIXTURE, "api-http.api.prod.mesh.example.org:8080", "--from", "app:shop");
  assert.equal(api.verdict, "reachable", JSON.stringify(api));
  assert.equal(api.hops[3]!.file, "apps/mesh-routers/templates/networkrouter.yaml");
  // mgmt: shop is not deployed; api is, but no operator runs there to announce its name.
  assert.equal((await traceJson(FIXTURE, "storefront-web.shop.mgmt.mesh.example.org", "--from", "team-infra-plat")).reason, "unknown name");
  const off = await traceJson(FIXTURE, "storefront-web.shop.mgmt.int.example.org", "--from", "team-infra-plat");
  assert.equal(off.reason, "app not deployed on that cluster");
  const noOperator = await traceJson(FIXTURE, "api-http.api.mgmt.int.example.org:8080", "--from", "team-infra-plat");
  assert.equal(noOperator.reason, "no route for that name");
  assert.match(noOperator.explanation!, /the NetBird operator \(app netbird\) does not run on mgmt/);

  const access = JSON.parse((await run(["access", "shop", "--repo", FIXTURE, "--format", "json"])).stdout) as { rules: { names: string[] }[] };
  assert.deepEqual(access.rules[0]!.names, ["storefront-web.shop.prod.mesh.example.org", "storefront-checkout.shop.prod.mesh.example.org"]);
});

test("fixture: without the chart's router, homescale renders its own; without shop's chart resources, its own NetworkResource", async () => {
  const repo = copyTree(FIXTURE);
  fs.rmSync(path.join(repo, "apps/mesh-routers/templates"), { recursive: true });
  fs.rmSync(path.join(repo, "apps/shop/templates/networkresource.yaml"));
  const prod = netbird(await build(repo), "prod");
  assert.deepEqual(
    prod.map((o) => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`),
    ["NetworkRouter netbird/prod", "NetworkResource api/api", "NetworkResource ledger/ledger", "NetworkResource shop/shop"],
  );
  assert.deepEqual((prod[3]!.spec!.networkRouterRef as object), { name: "prod", namespace: "netbird" });
  // storefront is shop's release name, and nothing declares a Service of that name: HS181.
  const r = await checkJson(repo);
  assert.deepEqual(r.diagnostics.map((x) => `${x.code} ${x.file}:${x.line}`), ["HS181 apps/shop/app.yaml:5"]);
});

/**
 * The subset against Helm itself: each app's NetBird templates rendered by `helm template` with the
 * values homescale's build gives the app's Application, for every cluster where the app runs, are
 * the objects homescale reads from them.
 */
for (const [label, repo] of [
  ["the corpus", CORPUS_REPO],
  ["the fixture", FIXTURE],
] as const) {
  test(`${label}: the NetBird objects homescale reads from the charts are what helm template renders from them`, async () => {
    const helm = helmBinary();
    const tree = await build(repo);
    const { index } = checkFolder(repo, process.cwd());
    const mesh = index.mesh as NetbirdMesh;
    const objects = mesh.chartObjects();
    const work = tempDir("homescale-netbird-helm-");
    const jobs: { app: string; cluster: string; release: string; namespace: string; values: unknown }[] = [];
    for (const c of index.model.platform.clusters) {
      const apps = objectsOf(tree.get(`clusters/${c.name}/applications.yaml`)).filter((o) => o.kind === "Application");
      for (const a of apps) {
        const source = (a.spec as { source: { path: string; helm: { releaseName: string; valuesObject?: unknown } } }).source;
        const app = path.basename(source.path);
        if (!fs.existsSync(path.join(repo, "apps", app, "templates")) || !mesh.chartObjects().declaresResources.has(app) && !objects.declaresRouters.has(app)) continue;
        jobs.push({ app, cluster: c.name, release: source.helm.releaseName, namespace: (a.spec as { destination: { namespace: string } }).destination.namespace, values: source.helm.valuesObject ?? {} });
      }
    }
    assert.deepEqual(
      jobs.map((j) => `${j.app} ${j.cluster}`),
      label === "the corpus"
        ? ["argocd boa1-gw", "metrics boa1-gw", "netbird-crs boa1-gw", "argocd boa1-prod", "home-assistant boa1-prod", "homecraft boa1-prod", "metrics boa1-prod", "metrics-aggr boa1-prod", "netbird-crs boa1-prod", "argocd mgmt", "metrics mgmt", "netbird-crs mgmt", "omni mgmt"]
        : ["mesh-routers prod", "shop prod"],
    );
    const rendered = await pool(jobs, 2, async (j) => {
      // The templates that name netbird.io, in a chart of their own (the app's dependencies are not in the repository).
      const chart = path.join(work, `${j.app}-${j.cluster}`);
      fs.mkdirSync(path.join(chart, "templates"), { recursive: true });
      fs.writeFileSync(path.join(chart, "Chart.yaml"), `apiVersion: v2\nname: ${j.app}\nversion: 0.1.0\n`);
      const values = path.join(repo, "apps", j.app, "values.yaml");
      if (fs.existsSync(values)) fs.copyFileSync(values, path.join(chart, "values.yaml"));
      for (const f of fs.readdirSync(path.join(repo, "apps", j.app, "templates"))) {
        const text = fs.readFileSync(path.join(repo, "apps", j.app, "templates", f), "utf8");
        if (/netbird\.io\//.test(text)) fs.writeFileSync(path.join(chart, "templates", f), text);
      }
      fs.writeFileSync(path.join(chart, "given.json"), JSON.stringify(j.values));
      const out = execFileSync(helm, ["template", j.release, chart, "--namespace", j.namespace, "-f", path.join(chart, "given.json")], {
        encoding: "utf8",
        env: { ...process.env, HELM_CACHE_HOME: "/nonexistent", HELM_CONFIG_HOME: "/nonexistent", HELM_DATA_HOME: "/nonexistent" },
      });
      return objectsOf(out).filter((o) => o?.kind === "NetworkResource" || o?.kind === "NetworkRouter");
    });
    const shown = (kind: string, namespace: string, name: string, spec: unknown) => `${kind} ${namespace}/${name} ${JSON.stringify(spec)}`;
    jobs.forEach((j, i) => {
      const helmSays = rendered[i]!.map((o) => {
        const s = o.spec ?? {};
        const spec = o.kind === "NetworkRouter" ? { zone: (s.dnsZoneRef as { name: string }).name } : { service: (s.serviceRef as { name: string }).name, router: s.networkRouterRef, groups: (s.groups as { name: string }[]).map((g) => g.name) };
        return shown(o.kind!, o.metadata?.namespace ?? j.namespace, o.metadata!.name!, spec);
      });
      const mine = (x: { placement: { app: { name: string }; cluster: { name: string } } }) => x.placement.app.name === j.app && x.placement.cluster.name === j.cluster;
      const homescaleSays = [
        ...objects.routers.filter(mine).map((r) => shown("NetworkRouter", r.namespace, r.name, { zone: r.zone })),
        ...objects.resources.filter(mine).map((r) => shown("NetworkResource", r.namespace, r.name, { service: r.service, router: r.router, groups: r.groups })),
      ];
      assert.deepEqual([...homescaleSays].sort(), [...helmSays].sort(), `${j.app} on ${j.cluster}`);
    });
  });
}

test("the git reader reads the chart templates too: plan between two revisions sees a changed template", async () => {
  const repo = copyTree(FIXTURE);
  const base = gitInit(repo);
  const folder = readFolder(repo);
  const revision = readRevision(repo, "HEAD");
  const templates = (files: Map<string, Uint8Array>) => [...files.keys()].filter((f) => /\/(templates\/|values\.yaml$)/.test(f) && f.startsWith("apps/") && f !== "apps/values.yaml").sort();
  assert.deepEqual(templates(revision.files), templates(folder.files));
  assert.ok(templates(revision.files).includes("apps/shop/templates/networkresource.yaml"));
  // The chart's router takes another name: homescale's NetworkResources name it.
  editFile(path.join(repo, "apps/mesh-routers/templates/networkrouter.yaml"), '"%s-net"', '"%s-mesh"');
  commitAll(repo, "rename the router");
  const r = await run(["plan", "--base", base, "--head", "HEAD", "--repo", repo, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const changes = (JSON.parse(r.stdout) as { changes: { action: string; kind: string; name: string; cluster?: string; fields?: { path: string; after: unknown }[] }[] }).changes;
  assert.deepEqual(
    changes.filter((c) => c.kind === "NetworkResource").map((c) => `${c.action} ${c.kind} ${c.name} ${c.cluster}`),
    ["change NetworkResource api prod", "change NetworkResource ledger prod"],
  );
  for (const c of changes.filter((x) => x.kind === "NetworkResource")) assert.deepEqual(c.fields, [{ path: "/spec/networkRouterRef/name", before: "prod-net", after: "prod-mesh" }]);
});
