/**
 * The Argo CD renderers against the real thing: for each corpus cluster, our Namespaces and
 * Applications must be, object for object and field for field, what HomeScale's catalog chart
 * rendered with helm (expected/helm-template-<cluster>.yaml). Both sides are compared as parsed
 * values, not text: the chart's quoting and key order are Helm's, ours are the emitter's.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { readFolder } from "../src/load/read-folder.js";
import { buildModel } from "../src/model/build-model.js";
import type { Model } from "../src/model/types.js";
import { renderApplications } from "../src/render/targets/argocd/applications.js";
import { emitYamlStream } from "../src/render/emit/yaml-emit.js";
import { CORPUS, CORPUS_REPO, viewOf, writeRepo } from "./helpers.js";
import { byKindAndName, parseStream, type Obj } from "./k8s-objects.js";

function loadModel(repo: string): Model {
  const { model, findings } = buildModel(readFolder(repo));
  assert.deepEqual(findings.filter((f) => f.severity === "error"), []);
  return model;
}

function render(model: Model, clusterName: string): string {
  const cluster = model.platform.clusterByName.get(clusterName);
  assert.ok(cluster, `no cluster ${clusterName}`);
  return emitYamlStream(renderApplications(model, viewOf(model, cluster)));
}

const corpus = loadModel(CORPUS_REPO);
const COUNTS: Record<string, [number, number]> = { mgmt: [17, 12], "boa1-prod": [23, 16], "boa1-gw": [15, 9] };

for (const [clusterName, [apps, namespaces]] of Object.entries(COUNTS)) {
  test(`${clusterName}: the same Namespaces and Applications as the catalog chart`, () => {
    const helmText = fs.readFileSync(path.join(CORPUS, "expected", `helm-template-${clusterName}.yaml`), "utf8");
    // Argo CD reads the chart's output with Go's YAML 1.1 rules.
    const expected = byKindAndName(parseStream(helmText, "1.1"));
    const text = render(corpus, clusterName);
    for (const version of ["1.1", "1.2"] as const) {
      const ours = byKindAndName(parseStream(text, version));
      assert.deepEqual([...ours.keys()].sort(), [...expected.keys()].sort());
      for (const [key, want] of expected) assert.deepEqual(ours.get(key), want, `${key} (read as YAML ${version})`);
    }
    const kinds = [...expected.keys()].map((k) => k.split("/")[0]);
    assert.equal(kinds.filter((k) => k === "Application").length, apps);
    assert.equal(kinds.filter((k) => k === "Namespace").length, namespaces);
  });
}

test("the emitted corpus output reads the same as YAML 1.1 and 1.2", () => {
  for (const clusterName of Object.keys(COUNTS)) {
    const text = render(corpus, clusterName);
    assert.deepEqual(parseStream(text, "1.1"), parseStream(text, "1.2"));
  }
});

const KUBECTL = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;

/** The objects as Go reads them: kubectl converts YAML to JSON with sigs.k8s.io/yaml, as Argo CD does. */
function readWithGo(text: string): Map<string, Obj> {
  const r = spawnSync("kubectl", ["label", "--local", "-f", "-", "homescale-test=1", "-o", "json"], { input: text, encoding: "utf8", maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  // One pretty JSON object per document; a line "}" followed by "{" only ever separates two.
  return byKindAndName(JSON.parse(`[${r.stdout.trim().replace(/\n}\n{/g, "\n},\n{")}]`) as Obj[]);
}

test("Go (kubectl) reads our output and the chart's as the same objects", { skip: KUBECTL ? false : "kubectl is not installed" }, () => {
  for (const clusterName of Object.keys(COUNTS)) {
    const helmText = fs.readFileSync(path.join(CORPUS, "expected", `helm-template-${clusterName}.yaml`), "utf8");
    const expected = readWithGo(helmText);
    const ours = readWithGo(render(corpus, clusterName));
    assert.deepEqual([...ours.keys()].sort(), [...expected.keys()].sort());
    for (const [key, want] of expected) assert.deepEqual(ours.get(key), want, `${clusterName}: ${key}`);
  }
});

test("Namespaces first, sorted by name, then Applications in folder order; byte-identical on a second run", () => {
  const cluster = corpus.platform.clusterByName.get("boa1-prod")!;
  const objs = renderApplications(corpus, viewOf(corpus, cluster));
  const nsNames = objs.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name);
  assert.deepEqual(nsNames, [...nsNames].sort());
  const firstApp = objs.findIndex((o) => o.kind === "Application");
  assert.ok(objs.slice(firstApp).every((o) => o.kind === "Application"));
  assert.equal(firstApp, nsNames.length);
  const appNames = objs.slice(firstApp).map((o) => o.metadata.labels!["app.kubernetes.io/name"]);
  assert.deepEqual(appNames, corpus.apps.filter((a) => appNames.includes(a.name)).map((a) => a.name));
  assert.equal(render(corpus, "boa1-prod"), render(corpus, "boa1-prod"));
  assert.equal(render(loadModel(CORPUS_REPO), "boa1-prod"), render(corpus, "boa1-prod"));
});

/** A small repository exercising what the corpus does not use. */
function smallRepo(extra: Record<string, string> = {}): string {
  return writeRepo({
    "homescale.yaml": [
      "apiVersion: homescale.dev/v1alpha1",
      "kind: Platform",
      "labelDomain: example.org",
      "clusters:",
      "  home: {region: r1, role: workload}",
      "",
    ].join("\n"),
    "apps/values.yaml": [
      "project: platform",
      "repoURL: https://git.example.org/platform.git",
      "targetRevision: main",
      "revisionHistoryLimit: 5",
      "syncPolicy:",
      "  automated: {prune: true, selfHeal: true}",
      "syncOptions: [CreateNamespace=true]",
      "",
    ].join("\n"),
    "apps/multi/app.yaml": [
      "path: apps/multi",
      "namespace: multi",
      "defaultDeploy: true",
      "syncWave: 3",
      "valueFiles: [values-base.yaml, $values/overrides/multi.yaml]",
      "extraSources:",
      "  - repoURL: https://git.example.org/overrides.git",
      "    targetRevision: v2",
      "    ref: values",
      "annotations:",
      "  team: 'infra-{{ .Values.cluster.name }}'",
      "  argocd.argoproj.io/sync-wave: '99'",
      "labels:",
      "  tier: core",
      "  app.kubernetes.io/part-of: other",
      "destination: {name: remote}",
      "syncPolicy:",
      "  automated: {prune: false}",
      "  syncOptions: [ServerSideApply=true]",
      "syncOptions: [CreateNamespace=true, PruneLast=true]",
      "revisionHistoryLimit: 0",
      "values:",
      "  b: 1",
      "  a: {z: '{{ .Values.cluster.region }}', y: 'no'}",
      "",
    ].join("\n"),
    "apps/plain/app.yaml": ["path: apps/plain", "namespace: kube-system", "defaultDeploy: true", ""].join("\n"),
    ...extra,
  });
}

test("extraSources, valueFiles, annotations, labels, destination name and syncPolicy merging", () => {
  const model = loadModel(smallRepo());
  const cluster = model.platform.clusterByName.get("home")!;
  const objs = parseStream(emitYamlStream(renderApplications(model, viewOf(model, cluster))), "1.1");
  // kube-system is a system namespace: only multi gets a Namespace.
  assert.deepEqual(objs.map((o) => `${o.kind}/${o.metadata.name}`), ["Namespace/multi", "Application/multi", "Application/plain"]);
  assert.deepEqual(objs[1], {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: "multi",
      namespace: "argocd",
      labels: {
        tier: "core",
        "app.kubernetes.io/name": "multi",
        "app.kubernetes.io/part-of": "homescale",
        "app.example.org/name": "multi",
        "cluster.example.org/name": "home",
      },
      annotations: { team: "infra-home", "argocd.argoproj.io/sync-wave": "3" },
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    },
    spec: {
      project: "platform",
      sources: [
        {
          repoURL: "https://git.example.org/platform.git",
          targetRevision: "main",
          path: "apps/multi",
          helm: {
            releaseName: "multi",
            valueFiles: ["values-base.yaml", "$values/overrides/multi.yaml"],
            valuesObject: { a: { y: "no", z: "r1" }, b: 1 },
          },
        },
        { ref: "values", repoURL: "https://git.example.org/overrides.git", targetRevision: "v2" },
      ],
      destination: { name: "remote", namespace: "multi" },
      syncPolicy: {
        automated: { prune: false, selfHeal: true },
        syncOptions: ["CreateNamespace=true", "ServerSideApply=true", "PruneLast=true"],
      },
      revisionHistoryLimit: 0,
    },
  });
  const plain = objs[2]!.spec as Record<string, unknown>;
  assert.deepEqual(plain.source, {
    repoURL: "https://git.example.org/platform.git",
    targetRevision: "main",
    path: "apps/plain",
    helm: { releaseName: "plain", valuesObject: {} },
  });
  assert.deepEqual(plain.destination, { server: "https://kubernetes.default.svc", namespace: "kube-system" });
  assert.equal(plain.revisionHistoryLimit, 5);
});

test("a cluster override can replace the destination and turn syncPolicy off entirely", () => {
  const model = loadModel(
    smallRepo({
      "apps/values.yaml": "repoURL: https://git.example.org/p.git\ndestination: {name: in-cluster, server: ''}\n",
      "apps/plain/app.yaml": [
        "path: apps/plain",
        "namespace: plain",
        "defaultDeploy: true",
        "clusters:",
        "  home:",
        "    destination: {server: https://10.0.0.1:6443}",
        "",
      ].join("\n"),
    }),
  );
  const cluster = model.platform.clusterByName.get("home")!;
  const objs = renderApplications(model, viewOf(model, cluster));
  const plain = objs.find((o) => o.kind === "Application" && o.metadata.name === "plain")!;
  const spec = plain.spec as Record<string, unknown>;
  assert.deepEqual(spec.destination, { server: "https://10.0.0.1:6443", namespace: "plain" });
  // No catalog syncPolicy, no syncOptions anywhere: no syncPolicy at all (manual sync).
  assert.equal("syncPolicy" in spec, false);
  const multi = objs.find((o) => o.kind === "Application" && o.metadata.name === "multi")!;
  assert.deepEqual((multi.spec as Record<string, unknown>).destination, { name: "remote", namespace: "multi" });
});

test("Application names are cut to 63 characters without a trailing '-'", () => {
  // 62 characters, then '-', then more: the cut lands just after the '-', which is dropped.
  const folder = `${"a".repeat(62)}-bcdef`;
  const model = loadModel(smallRepo({ [`apps/${folder}/app.yaml`]: `path: apps/x\nnamespace: x\ndefaultDeploy: true\n` }));
  const objs = renderApplications(model, viewOf(model, "home"));
  const app = objs.find((o) => o.metadata.labels?.["app.kubernetes.io/name"] === folder)!;
  assert.equal(app.metadata.name, "a".repeat(62));
});

test(
  "applicationNamePrefix joins the folder name with '-', as the chart's printf \"%s-%s\" did",
  () => {
    const model = loadModel(smallRepo({ "apps/values.yaml": "repoURL: https://git.example.org/p.git\napplicationNamePrefix: home\n" }));
    const objs = renderApplications(model, viewOf(model, "home"));
    assert.deepEqual(objs.filter((o) => o.kind === "Application").map((o) => o.metadata.name), ["home-multi", "home-plain"]);
  },
);
