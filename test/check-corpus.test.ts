import assert from "node:assert/strict";
import { test } from "node:test";
import { checkJson, CORPUS_REPO, EXAMPLE, HEAD_CORPUS_REPO, migratedCorpus } from "./helpers.js";

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

test("the upstream repository today (catalog generation 2, mesh tailscale): zero errors", async () => {
  const r = await checkJson(HEAD_CORPUS_REPO);
  assert.equal(r.code, 0);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  assert.deepEqual(shown(r.diagnostics.filter((d) => d.severity !== "info" || /^HS16/.test(d.code))), [
    "HS166 apps/headlamp/app.yaml:62:75",
    "HS166 apps/headlamp/app.yaml:63:74",
    "HS165 clusters/boa1-prod/apps.yaml:4:9",
    "HS160 clusters/boa1-prod/apps.yaml:24:11",
    "HS165 clusters/mgmt/apps.yaml:4:9",
    // permissions: 0o000, a number YAML 1.1 and 1.2 read differently.
    "HS133 infra/omni/patches/base.yaml:11:20",
  ]);
});
