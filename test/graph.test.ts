import assert from "node:assert/strict";
import { test } from "node:test";
import { checkFolder } from "../src/cli/load-repo.js";
import { buildGraph, lineOf } from "../src/graph/graph.js";
import { CORPUS_REPO } from "./helpers.js";

test("graph: typed nodes, every edge declared in a file, lines resolvable", () => {
  const loaded = checkFolder(CORPUS_REPO, process.cwd());
  const g = buildGraph(loaded.model, loaded.sources);
  const kinds = new Set([...g.nodes.values()].map((n) => n.kind));
  for (const k of ["internet", "dns-record", "tunnel", "mesh-group", "policy", "service", "application", "cluster", "source"]) assert.ok(kinds.has(k as never), k);
  for (const e of g.edges) {
    assert.ok(g.nodes.has(e.from), `edge from ${e.from}`);
    assert.ok(g.nodes.has(e.to), `edge to ${e.to}`);
    assert.ok(e.declaredAt.file.length > 0);
  }
  const ingress = g.edges.find((e) => e.kind === "ingress" && e.from === "tunnel:homescale-boa1-prod" && e.to.includes("homepage"))!;
  assert.equal(ingress.label, "rule 1");
  assert.equal(`${ingress.declaredAt.file}:${lineOf(g, ingress.declaredAt)}`, "apps/homepage/app.yaml:13");
  assert.ok(g.internalByName.has("argocd.argocd.mgmt.int.homescale.cloud"));
  assert.ok(g.publicByName.has("homescale.cloud"));
});
