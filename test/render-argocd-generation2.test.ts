/**
 * Catalog generation 2 (HomeScale today, corpus homescale-public-84982fd7): per-cluster deploy and
 * values from the bootstrap values, homescale.exposePublicFqdns in every Application, and headlamp's
 * `printf ... ($.Files.Get ...) | sha256sum` annotations. Our Namespaces and Applications must be,
 * object for object, what the commit's own chart rendered with helm 3.6.2 (expected/helm-template-<c>.yaml).
 *
 * The one known difference: the corpus leaves out the files headlamp's checksums read, so we hash
 * nothing where the chart hashed the real files (corpus README, "Known quirks"): exactly those two
 * annotations differ, ours the empty input's sha256. That the checksum is right when the files are
 * there is held against helm itself below.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parseAllDocuments } from "yaml";
import { readFolder } from "../src/load/read-folder.js";
import { buildModel } from "../src/model/build-model.js";
import type { Model } from "../src/model/types.js";
import { renderApplications } from "../src/render/targets/argocd/applications.js";
import { emitYamlStream } from "../src/render/emit/yaml-emit.js";
import { helmBinary } from "./helm-binary.js";
import { copyTree, HEAD_CORPUS, HEAD_CORPUS_REPO, tempDir, viewOf, writeRepo } from "./helpers.js";
import { byKindAndName, parseStream, type Obj } from "./k8s-objects.js";
import { execFileSync } from "node:child_process";

const objects = (text: string, version: "1.1" | "1.2"): Map<string, Obj> => byKindAndName(parseStream(text, version));

function loadModel(repo: string): Model {
  const { model, findings } = buildModel(readFolder(repo));
  assert.deepEqual(findings.filter((f) => f.severity === "error"), []);
  return model;
}

const render = (model: Model, cluster: string): string => emitYamlStream(renderApplications(model, viewOf(model, cluster)));

const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");
/** The two annotations whose files the corpus does not hold, and the chart's values for them (README). */
const CHECKSUMS = ["homescale-theme-plugin-checksum", "homescale-favicon-checksum"];

type Annotated = { spec: { source: { helm: { valuesObject: { headlamp: { podAnnotations: Record<string, string> } } } } } };
const podAnnotations = (o: Obj): Record<string, string> => (o as unknown as Annotated).spec.source.helm.valuesObject.headlamp.podAnnotations;

const corpus = loadModel(HEAD_CORPUS_REPO);
const COUNTS: Record<string, [number, number]> = { mgmt: [18, 15], "boa1-prod": [23, 18] };

for (const [cluster, [apps, namespaces]] of Object.entries(COUNTS)) {
  test(`generation 2, ${cluster}: the same Namespaces and Applications as the commit's catalog chart`, () => {
    const expected = objects(fs.readFileSync(path.join(HEAD_CORPUS, "expected", `helm-template-${cluster}.yaml`), "utf8"), "1.1");
    const text = render(corpus, cluster);
    for (const version of ["1.1", "1.2"] as const) {
      const ours = objects(text, version);
      assert.deepEqual([...ours.keys()].sort(), [...expected.keys()].sort());
      for (const [key, want] of expected) {
        const got = ours.get(key)!;
        if (key === "Application/headlamp") {
          const w = structuredClone(want);
          for (const a of CHECKSUMS) {
            assert.match(podAnnotations(want)[a]!, /^[0-9a-f]{64}$/);
            assert.equal(podAnnotations(got)[a], EMPTY_SHA256, `${a}: the files are not in the corpus, so the checksum of nothing`);
            podAnnotations(w)[a] = EMPTY_SHA256;
          }
          assert.deepEqual(got, w, `${key} (read as YAML ${version})`);
        } else assert.deepEqual(got, want, `${key} (read as YAML ${version})`);
      }
    }
    const kinds = [...expected.keys()].map((k) => k.split("/")[0]);
    assert.equal(kinds.filter((k) => k === "Application").length, apps);
    assert.equal(kinds.filter((k) => k === "Namespace").length, namespaces);
  });
}

test("generation 2: deploy and values of the bootstrap values are what enable and configure an app", () => {
  // Without apps.<name> in the bootstraps, only defaultDeploy apps run, and their values are the base's.
  const repo = copyTree(HEAD_CORPUS_REPO);
  for (const c of ["mgmt", "boa1-prod"]) {
    const file = path.join(repo, "clusters", c, "apps.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^ {10}apps:\n(?: {12}.*\n)+/m, ""));
  }
  fs.writeFileSync(path.join(repo, "homescale.yaml"), `${fs.readFileSync(path.join(repo, "homescale.yaml"), "utf8")}catalog: {generation: 2}\n`);
  const bare = loadModel(repo);
  const names = (m: Model, c: string) => [...objects(render(m, c), "1.2").keys()].filter((k) => k.startsWith("Application/"));
  assert.ok(names(corpus, "mgmt").includes("Application/headlamp"));
  assert.ok(!names(bare, "mgmt").includes("Application/headlamp"), "headlamp runs on mgmt only because apps.yaml says so");
  assert.ok(names(corpus, "mgmt").includes("Application/multus") === false && names(bare, "mgmt").includes("Application/multus"), "deploy: false turns off a defaultDeploy app");
  const multus = (m: Model) => (objects(render(m, "boa1-prod"), "1.2").get("Application/multus") as unknown as { spec: { source: { helm: { valuesObject: Record<string, unknown> } } } }).spec.source.helm.valuesObject;
  assert.deepEqual(multus(corpus).vlans, { wlan: { enabled: true } });
  assert.equal(multus(bare).vlans, undefined);
  // Every Application carries the list, [] without public names.
  assert.deepEqual((multus(bare).homescale as { exposePublicFqdns: unknown }).exposePublicFqdns, []);
});

test("generation 1 (the first corpus' shape) gets no homescale.exposePublicFqdns", () => {
  const repo = writeRepo({
    "homescale.yaml": "apiVersion: homescale.dev/v1alpha1\nkind: Platform\nclusters:\n  mgmt: {}\n",
    "apps/values.yaml": "repoURL: https://example.com/p.git\n",
    "apps/web/app.yaml": "path: apps/web\nnamespace: web\ndefaultDeploy: true\nexposePublic: {cluster: mgmt, fqdn: www.example.com, port: 80}\nvalues: {a: 1}\n",
  });
  const m = loadModel(repo);
  const app = objects(render(m, "mgmt"), "1.2").get("Application/web") as unknown as { spec: { source: { helm: { valuesObject: unknown } } } };
  assert.deepEqual(app.spec.source.helm.valuesObject, { a: 1 });
});

test("printf of .Files.Get | sha256sum gives helm's checksum, bytes and all (helm 3.6.2 on the same chart files)", () => {
  // Binary files (a favicon is not UTF-8) stay bytes through printf: the checksum is of the bytes.
  const files: Record<string, Uint8Array> = {
    "web/assets/a.bin": new Uint8Array([0xff, 0x00, 0xfe, 0x80, 0x41, ...randomBytes(64)]),
    "web/assets/b.txt": new TextEncoder().encode("héllo\n"),
  };
  const template = '{{ printf "%s%s" ($.Files.Get "web/assets/a.bin") ($.Files.Get "web/assets/b.txt") | sha256sum }}|{{ printf "%s-%d" "x" 3 }}|{{ $.Files.Get "web/none" | sha256sum }}';
  const chart = tempDir("homescale-files-get-");
  fs.writeFileSync(path.join(chart, "Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\n");
  fs.mkdirSync(path.join(chart, "templates"));
  fs.writeFileSync(path.join(chart, "templates", "t.yaml"), "x: {{ tpl .Values.t $ | quote }}\n");
  fs.writeFileSync(path.join(chart, "values.yaml"), `t: ${JSON.stringify(template)}\n`);
  for (const [p, b] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(chart, p)), { recursive: true });
    fs.writeFileSync(path.join(chart, p), b);
  }
  const helm = execFileSync(helmBinary(), ["template", "x", chart], { encoding: "utf8", env: { ...process.env, HELM_CACHE_HOME: "/nonexistent", HELM_CONFIG_HOME: "/nonexistent", HELM_DATA_HOME: "/nonexistent" } });
  const want = (parseAllDocuments(helm)[0]!.toJS() as { x: string }).x;

  const repo = writeRepo({
    "homescale.yaml": "apiVersion: homescale.dev/v1alpha1\nkind: Platform\nclusters:\n  mgmt: {}\n",
    "apps/values.yaml": "repoURL: https://example.com/p.git\n",
    "apps/web/app.yaml": `path: apps/web\nnamespace: web\ndefaultDeploy: true\nvalues:\n  sum: ${JSON.stringify(template)}\n`,
    ...Object.fromEntries(Object.entries(files).map(([p, b]) => [`apps/${p}`, b])),
  });
  const m = loadModel(repo);
  const app = objects(render(m, "mgmt"), "1.2").get("Application/web") as unknown as { spec: { source: { helm: { valuesObject: { sum: string } } } } };
  assert.equal(app.spec.source.helm.valuesObject.sum, want);
  assert.match(want, /^[0-9a-f]{64}\|x-3\|e3b0c442/);
});
