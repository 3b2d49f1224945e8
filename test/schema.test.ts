import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { jsonSchemaText, schemaFiles } from "../src/schema/json-schema.js";
import { CORPUS_REPO, EXAMPLE, ROOT, run } from "./helpers.js";

// The committed schemas are what editors load; they must be exactly what the code generates
// (changesets' json-schema.test.ts habit). Regenerate with `npm run schema`.
for (const s of schemaFiles) {
  test(`schema/${s.file} is up to date`, () => {
    const committed = fs.readFileSync(path.join(ROOT, "schema", s.file), "utf8");
    assert.equal(committed, jsonSchemaText(s.schema), `run npm run schema to regenerate schema/${s.file}`);
  });
}

test("homescale schema prints both documented schemas", async () => {
  const r = await run(["schema"]);
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.stdout) as Record<string, { $id?: string; title?: string }>;
  assert.ok(doc["apps/<name>/app.yaml"]?.$id?.endsWith("app.schema.json"));
  assert.ok(doc["homescale.yaml"]?.$id?.endsWith("homescale.schema.json"));
  const one = await run(["schema", "app"]);
  assert.equal(JSON.parse(one.stdout).title, "homescale app.yaml");
  assert.equal((await run(["schema", "nope"])).code, 2);
});

test("the schema describes every field the corpus uses", () => {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, "schema", "app.schema.json"), "utf8")) as { properties: Record<string, unknown> };
  const seen = new Set<string>();
  for (const dir of fs.readdirSync(path.join(CORPUS_REPO, "apps"))) {
    const f = path.join(CORPUS_REPO, "apps", dir, "app.yaml");
    if (!fs.existsSync(f)) continue;
    for (const k of Object.keys(parse(fs.readFileSync(f, "utf8")) as object)) seen.add(k);
  }
  for (const k of seen) assert.ok(k in app.properties, `app.schema.json lacks ${k}`);
});

test("example app.yaml files point their language server at the committed schema", () => {
  const dir = path.join(EXAMPLE, "apps");
  for (const name of fs.readdirSync(dir)) {
    const f = path.join(dir, name, "app.yaml");
    if (!fs.existsSync(f)) continue;
    const m = /^# yaml-language-server: \$schema=(\S+)/.exec(fs.readFileSync(f, "utf8"));
    assert.ok(m, `${name}/app.yaml has no $schema comment`);
    assert.ok(fs.existsSync(path.resolve(path.dirname(f), m[1]!)), `${name}: ${m[1]} does not exist`);
  }
});
