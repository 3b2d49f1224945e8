/**
 * Where Helm running the catalog chart is wrong and homescale deliberately does something else, and
 * the cases where the two agree only because homescale follows the chart's own order. Each case is
 * pinned down here, homescale's behaviour asserted explicitly, Helm's shown next to it.
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
  return { ours, helm, codes: check.diagnostics.map((d) => d.code), diagnostics: check.diagnostics, repo };
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

test("shared namespace of folders x and x-y: the chart's Files.Glob order decides (x-y/app.yaml first), as in Helm, with HS074", async () => {
  // The chart ranges over Files.Glob "*/app.yaml": whole paths in byte order, where "x-y/app.yaml"
  // comes before "x/app.yaml" ('-' 0x2d < '/' 0x2f), though folder names sort "x" < "x-y". The
  // first app that deploys into a namespace makes it, and only its podSecurity labels it.
  const globOrder = ["x/app.yaml", "x-y/app.yaml"].sort();
  assert.deepEqual(globOrder, ["x-y/app.yaml", "x/app.yaml"], "path order differs from folder order");
  const { ours, helm, codes, diagnostics } = await bothEngines({
    x: "path: apps/x\nnamespace: data\ndefaultDeploy: true\npodSecurity: privileged\n",
    "x-y": "path: apps/x-y\nnamespace: data\ndefaultDeploy: true\npodSecurity: baseline\n",
  });
  assert.equal(ours.get("Namespace/data")!.metadata.labels!["pod-security.kubernetes.io/enforce"], "baseline");
  assert.deepEqual(ours.get("Namespace/data"), helm.get("Namespace/data"));
  assert.deepEqual(codes, ["HS074"]);
  // HS074 is on the app that lost, and names the one that won.
  assert.equal(diagnostics[0]!.file, "apps/x/app.yaml");
  assert.match(diagnostics[0]!.message, /but x-y makes that Namespace/);
});

test("the first app in chart order sets no podSecurity: the Namespace gets none, as in Helm, and a later app's level is HS074", async () => {
  const { ours, helm, diagnostics } = await bothEngines({
    "web-api": "path: apps/web-api\nnamespace: web\ndefaultDeploy: true\n",
    web: "path: apps/web\nnamespace: web\ndefaultDeploy: true\npodSecurity: restricted\n",
  });
  assert.equal(ours.get("Namespace/web")!.metadata.labels!["pod-security.kubernetes.io/enforce"], undefined);
  assert.deepEqual(ours.get("Namespace/web"), helm.get("Namespace/web"));
  assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`), ["HS074 apps/web/app.yaml:4:14"]);
  assert.match(diagnostics[0]!.message, /web-api makes that Namespace .* sets none, so the Namespace gets no pod-security labels/);
});
