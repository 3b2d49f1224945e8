import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { checkJson, CORPUS, CORPUS_REPO, EXAMPLE, migratedCorpus } from "./helpers.js";

/** The second corpus: the upstream repository eight weeks later (after the Tailscale cutover). */
const HEAD_CORPUS_REPO = path.join(path.dirname(CORPUS), "homescale-public-84982fd7", "repo");

const shown = (ds: { code: string; file: string; line: number; column: number }[]): string[] => ds.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);

test("the real HomeScale corpus as it is: zero errors; HomeScale's own app-of-apps is left out of the bootstrap's sync, with a warning (HS078)", async () => {
  const r = await checkJson(CORPUS_REPO);
  assert.equal(r.code, 0);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  // clusters/<name>/apps.yaml is an Application apps-<name>, the name of homescale's bootstrap,
  // which syncs clusters/<name>/; the corpus really does sync external-dns-crs (-20) before
  // external-dns (-10) on mgmt.
  assert.deepEqual(shown(r.diagnostics), [
    "HS073 apps/external-dns-crs/app.yaml:4:11",
    "HS072 apps/traefik-private/app.yaml:26:16",
    "HS072 apps/traefik-public/app.yaml:28:16",
    "HS078 clusters/boa1-gw/apps.yaml:4:9",
    "HS078 clusters/boa1-prod/apps.yaml:4:9",
    "HS078 clusters/mgmt/apps.yaml:4:9",
    // permissions: 0o000 in a Talos patch: YAML 1.2 (and Talos) read 0, YAML 1.1 the string "0o000".
    "HS133 infra/omni/patches/base.yaml:14:20",
  ]);
  for (const d of r.diagnostics.filter((x) => x.code === "HS078")) assert.match(d.hint!, /^delete clusters\/[\w-]+\/apps\.yaml when you apply clusters\/[\w-]+\/bootstrap\.yaml/);
});

test("the real HomeScale corpus, migrated (apps.yaml removed), checks without HS078", async () => {
  const r = await checkJson(migratedCorpus());
  assert.equal(r.code, 0);
  assert.deepEqual(shown(r.diagnostics), [
    "HS073 apps/external-dns-crs/app.yaml:4:11",
    "HS072 apps/traefik-private/app.yaml:26:16",
    "HS072 apps/traefik-public/app.yaml:28:16",
    "HS133 infra/omni/patches/base.yaml:14:20",
  ]);
});

test("the bundled example checks clean, without warnings", async () => {
  const r = await checkJson(EXAMPLE);
  assert.equal(r.code, 0);
  assert.deepEqual(r.diagnostics, []);
});

test("the upstream repository today: template errors (HS070) come in the same run as the schema errors (HS020)", async () => {
  // homescale cannot read all of it yet (tailscale: blocks, exposePublic's tls and access): those are
  // errors. The rules still check the rest of each file, so headlamp's $.Files.Get templates are
  // reported now, not only once the schema errors are fixed.
  const r = await checkJson(HEAD_CORPUS_REPO);
  assert.equal(r.code, 1);
  const errors = shown(r.diagnostics.filter((d) => d.severity === "error"));
  assert.deepEqual(
    errors.filter((e) => /^HS0(20|21|70) /.test(e)),
    [
      "HS020 apps/argocd/app.yaml:8:1",
      "HS020 apps/headlamp/app.yaml:11:5",
      "HS020 apps/headlamp/app.yaml:12:5",
      "HS020 apps/headlamp/app.yaml:13:5",
      "HS070 apps/headlamp/app.yaml:62:40",
      "HS070 apps/headlamp/app.yaml:63:35",
      "HS020 apps/home-assistant/app.yaml:7:1",
      "HS020 apps/homecraft/app.yaml:6:1",
      "HS020 apps/metrics/app.yaml:9:1",
      "HS020 apps/omni/app.yaml:5:1",
    ],
  );
});
