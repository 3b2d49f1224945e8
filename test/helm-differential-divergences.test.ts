/**
 * Where Helm running the catalog chart is wrong, or where the chart's literal iteration order differs
 * from DESIGN.md, and homescale deliberately does something else. Each case is kept out of the
 * random generator of helm-differential.test.ts and pinned down here, homescale's behaviour asserted
 * explicitly, Helm's shown next to it when it runs.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parseAllDocuments } from "yaml";
import { readFolder } from "../src/load/read-folder.js";
import { buildModel } from "../src/model/build-model.js";
import { renderApplications } from "../src/render/targets/argocd/applications.js";
import { emitYamlStream } from "../src/render/emit/yaml-emit.js";
import { chartCopy, helmTemplate, setChartApps } from "./helm-binary.js";
import { checkJson, ROOT, tempDir, viewOf, writeRepo } from "./helpers.js";

type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: { source?: { helm?: { valuesObject?: unknown } } } };

const PLATFORM = "apiVersion: homescale.dev/v1alpha1\nkind: Platform\nclusters:\n  mgmt: {role: management}\n";
const VALUES = "project: default\nrepoURL: https://git.example.org/p.git\ntargetRevision: main\n";

function read(text: string): Map<string, Obj> {
  return new Map(
    parseAllDocuments(text, { version: "1.1" })
      .map((d) => d.toJS() as Obj | null)
      .filter((o): o is Obj => o !== null)
      .map((o) => [`${o.kind}/${o.metadata.name}`, o]),
  );
}

async function bothEngines(apps: Record<string, string>) {
  const repo = writeRepo({
    "homescale.yaml": PLATFORM,
    "apps/values.yaml": VALUES,
    ...Object.fromEntries(Object.entries(apps).map(([n, t]) => [`apps/${n}/app.yaml`, t])),
  });
  const { model, findings } = buildModel(readFolder(repo));
  assert.deepEqual(findings.filter((f) => f.severity === "error"), []);
  const ours = read(emitYamlStream(renderApplications(model, viewOf(model, "mgmt"))));
  const chart = chartCopy(path.join(ROOT, "test", "helm", "catalog"), path.join(tempDir("homescale-helm-div-"), "chart"));
  setChartApps(chart, apps);
  const helm = read(await helmTemplate({ chart, values: path.join(repo, "apps", "values.yaml"), cluster: "mgmt" }));
  const check = await checkJson(repo);
  fs.rmSync(path.dirname(chart), { recursive: true, force: true });
  return { ours, helm, codes: check.diagnostics.map((d) => d.code), repo };
}

test("YAML 1.1 booleans in app.yaml (`y:` key, `on` value): homescale reads YAML 1.2 strings and check warns HS008", async () => {
  // Helm's fromYaml goes through sigs.k8s.io/yaml (YAML 1.1): the key `y` becomes "true" and the
  // value `on` becomes true, so the chart hands the app's chart {"true": true}. That is a Helm bug
  // as far as the author is concerned: app.yaml is YAML 1.2 (DESIGN.md "Input is YAML 1.2"), where
  // both are plain strings. homescale keeps {y: "on"}, quotes them on output so Go reads the same
  // strings, and check warns (HS008) so that the author quotes them and both readers agree.
  const { ours, helm, codes } = await bothEngines({
    web: "path: apps/web\nnamespace: web\ndefaultDeploy: true\nvalues:\n  y: on\n  flags: [yes, off]\n",
  });
  assert.deepEqual(ours.get("Application/web")!.spec!.source!.helm!.valuesObject, { y: "on", flags: ["yes", "off"] });
  assert.deepEqual(helm.get("Application/web")!.spec!.source!.helm!.valuesObject, { true: true, flags: [true, false] });
  assert.ok(codes.includes("HS008"), `HS008 expected, got ${codes.join(", ")}`);
});

test("podSecurity conflict between folders x and x-y: the first in folder order (x) wins, with HS074", async () => {
  // DESIGN.md: the level comes from the first app "in folder order". Folder names sort "x" < "x-y";
  // a chart that ranges over Files.Glob "*/app.yaml" directly walks paths, where "x-y/app.yaml"
  // comes before "x/app.yaml" ('-' 0x2d < '/' 0x2f) and would label the namespace "baseline".
  // homescale (and test/helm/catalog, which sorts the folder names) give "privileged"; since the
  // two apps disagree, check warns HS074 either way.
  const { ours, helm, codes } = await bothEngines({
    x: "path: apps/x\nnamespace: data\ndefaultDeploy: true\npodSecurity: privileged\n",
    "x-y": "path: apps/x-y\nnamespace: data\ndefaultDeploy: true\npodSecurity: baseline\n",
  });
  assert.equal(ours.get("Namespace/data")!.metadata.labels!["pod-security.kubernetes.io/enforce"], "privileged");
  assert.deepEqual(ours.get("Namespace/data"), helm.get("Namespace/data"));
  assert.ok(codes.includes("HS074"), `HS074 expected, got ${codes.join(", ")}`);
  const globOrder = ["x/app.yaml", "x-y/app.yaml"].sort();
  assert.deepEqual(globOrder, ["x-y/app.yaml", "x/app.yaml"], "path order differs from folder order");
});
