/**
 * The bootstrap: the app-of-apps Application each cluster starts from, and the Config Management
 * Plugin shipped beside it. The plugin's generate script is run for real with sh, against a stand-in
 * homescale, to hold what the sidecar will execute.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { readFolder } from "../src/load/read-folder.js";
import { buildModel } from "../src/model/build-model.js";
import type { Model } from "../src/model/types.js";
import { renderBootstrap } from "../src/render/targets/argocd/bootstrap.js";
import { GENERATE_SCRIPT, renderPlugin } from "../src/render/targets/argocd/plugin.js";
import { orderKeys } from "../src/render/k8s-object.js";
import { HOMESCALE_VERSION } from "../src/render/version.js";
import { emitYamlStream } from "../src/render/emit/yaml-emit.js";
import { CORPUS_REPO, ROOT, tempDir, writeRepo } from "./helpers.js";

function loadModel(repo: string): Model {
  return buildModel(readFolder(repo)).model;
}

function readBack(model: Model, cluster: string): Record<string, any>[] {
  const text = emitYamlStream(renderBootstrap(model, model.platform.clusterByName.get(cluster)!));
  const v11 = parseAllDocuments(text, { version: "1.1" }).map((d) => d.toJS());
  assert.deepEqual(parseAllDocuments(text, { version: "1.2" }).map((d) => d.toJS()), v11);
  return v11;
}

test("the corpus: apps-<cluster> syncs the cluster's rendered folder from the repository HomeScale's apps.yaml names", () => {
  const model = loadModel(CORPUS_REPO);
  for (const cluster of ["mgmt", "boa1-prod", "boa1-gw"]) {
    const [app, cm] = readBack(model, cluster);
    // The original bootstrap's first source: the same repository and revision, the cluster's folder.
    const original = parse(fs.readFileSync(path.join(CORPUS_REPO, "clusters", cluster, "apps.yaml"), "utf8"));
    const first = original.spec.sources[0];
    assert.deepEqual(app, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: {
        name: `apps-${cluster}`,
        namespace: "argocd",
        labels: { "app.kubernetes.io/part-of": "homescale", "cluster.homescale.cloud/name": cluster },
      },
      spec: {
        project: original.spec.project,
        // Left out of the sync: HomeScale's own app-of-apps (it would replace this one, HS078) and
        // the Omni template, as the original left out cluster.yaml.
        source: {
          repoURL: first.repoURL,
          targetRevision: first.targetRevision,
          path: `clusters/${cluster}`,
          directory: { recurse: true, exclude: cluster === "mgmt" ? "apps.yaml" : "{apps.yaml,cluster.yaml}" },
        },
        destination: original.spec.destination,
        ignoreDifferences: original.spec.ignoreDifferences,
        syncPolicy: { automated: original.spec.syncPolicy.automated },
      },
    });
    assert.equal(cm.kind, "ConfigMap");
    assert.equal(cm.metadata.namespace, "argocd");
    assert.deepEqual(parse(cm.data["plugin.yaml"], { version: "1.1" }), renderPlugin());
  }
});

test("homescale.yaml's argocd settings choose the repository, revision, folder and namespace", () => {
  const repo = writeRepo({
    "homescale.yaml": [
      "apiVersion: homescale.dev/v1alpha1",
      "kind: Platform",
      "clusters:",
      "  home: {role: workload}",
      "argocd:",
      "  namespace: gitops",
      "  repoURL: https://git.example.org/rendered.git",
      "  targetRevision: rendered",
      "  path: out/clusters/",
      "",
    ].join("\n"),
    "apps/values.yaml": "repoURL: https://git.example.org/platform.git\nproject: platform\n",
  });
  const [app, cm] = readBack(loadModel(repo), "home");
  assert.equal(app.metadata.namespace, "gitops");
  assert.equal(app.spec.project, "platform");
  assert.deepEqual(app.spec.source, {
    repoURL: "https://git.example.org/rendered.git",
    targetRevision: "rendered",
    path: "out/clusters/home",
    directory: { recurse: true },
  });
  assert.deepEqual(app.spec.destination, { server: "https://kubernetes.default.svc", namespace: "gitops" });
  assert.equal(cm.metadata.namespace, "gitops");
});

test("the plugin: named homescale, versioned, discovered by homescale.yaml", () => {
  assert.deepEqual(renderPlugin("9.9.9"), {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ConfigManagementPlugin",
    metadata: { name: "homescale" },
    spec: {
      version: "9.9.9",
      generate: { command: ["sh", "-c", GENERATE_SCRIPT] },
      discover: { fileName: "homescale.yaml" },
    },
  });
  assert.equal((renderPlugin().spec as { version: string }).version, HOMESCALE_VERSION);
});

test("HOMESCALE_VERSION is package.json's version", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  assert.equal(HOMESCALE_VERSION, pkg.version);
});

test("the generate script renders one cluster to stdout, and fails without a cluster", () => {
  // A stand-in homescale that prints its arguments, one per line.
  const bin = tempDir("homescale-cmp-");
  fs.writeFileSync(path.join(bin, "homescale"), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', { mode: 0o755 });
  const env = { PATH: `${bin}:/usr/bin:/bin`, ARGOCD_ENV_CLUSTER: "boa1-prod" };
  const ok = spawnSync("sh", ["-c", GENERATE_SCRIPT], { env, encoding: "utf8", cwd: bin });
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(ok.stdout.trim().split("\n"), ["build", "--repo", ".", "--cluster", "boa1-prod", "--stdout"]);
  const { ARGOCD_ENV_CLUSTER: _unset, ...noCluster } = env;
  const bad = spawnSync("sh", ["-c", GENERATE_SCRIPT], { env: noCluster, encoding: "utf8", cwd: bin });
  assert.notEqual(bad.status, 0);
  assert.equal(bad.stdout, "");
});

test("orderKeys: apiVersion, kind, metadata, spec, then the rest sorted; metadata's own order; labels sorted", () => {
  const o = orderKeys({
    status: {},
    data: { b: "1", a: "2" },
    spec: { z: 1, a: 2 },
    metadata: { finalizers: ["f"], annotations: { b: "1", a: "2" }, labels: { z: "1", a: "2" }, uid: "u", namespace: "n", name: "x" },
    kind: "K",
    apiVersion: "v1",
  });
  assert.deepEqual(Object.keys(o), ["apiVersion", "kind", "metadata", "spec", "data", "status"]);
  assert.deepEqual(Object.keys(o.metadata), ["name", "namespace", "labels", "annotations", "finalizers", "uid"]);
  assert.deepEqual(Object.keys(o.metadata.labels!), ["a", "z"]);
  assert.deepEqual(Object.keys(o.metadata.annotations!), ["a", "b"]);
  // Under spec and the rest, the renderer's order stands.
  assert.deepEqual(Object.keys(o.spec as object), ["z", "a"]);
});
