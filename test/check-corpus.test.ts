import assert from "node:assert/strict";
import { test } from "node:test";
import { checkJson, CORPUS_REPO, EXAMPLE } from "./helpers.js";

test("the real HomeScale corpus checks with zero errors", async () => {
  const r = await checkJson(CORPUS_REPO);
  assert.equal(r.code, 0);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  // The corpus really does sync external-dns-crs (-20) before external-dns (-10) on mgmt.
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`),
    [
      "HS073 apps/external-dns-crs/app.yaml:4:11",
      "HS072 apps/traefik-private/app.yaml:26:16",
      "HS072 apps/traefik-public/app.yaml:28:16",
    ],
  );
});

test("the bundled example checks clean, without warnings", async () => {
  const r = await checkJson(EXAMPLE);
  assert.equal(r.code, 0);
  assert.deepEqual(r.diagnostics, []);
});
