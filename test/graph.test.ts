import assert from "node:assert/strict";
import { test } from "node:test";
import { checkFolder } from "../src/cli/load-repo.js";
import { buildGraph, lineOf } from "../src/graph/graph.js";
import { CORPUS_REPO } from "./helpers.js";

test("graph: typed nodes, every step declared in a file, lines resolvable, steps in their engine's order", () => {
  const loaded = checkFolder(CORPUS_REPO, process.cwd());
  const g = buildGraph(loaded.index, loaded.sources);
  const kinds = new Set([...g.nodes.values()].map((n) => n.kind));
  for (const k of ["internet", "dns-record", "tunnel", "mesh-group", "policy", "router", "service", "application", "source", "http-status"]) assert.ok(kinds.has(k as never), k);
  for (const e of g.edges) {
    assert.ok(g.nodes.has(e.from.id), `step from ${e.from.id}`);
    assert.ok(g.nodes.has(e.to.id), `step to ${e.to.id}`);
    assert.ok(e.decl.file.length > 0);
  }
  // The tunnel's steps are its ingress rules in cloudflared's order, the catch-all last.
  const rules = g.out.get("tunnel:homescale-boa1-prod")!;
  assert.deepEqual(
    rules.map((s) => s.to.name),
    ["homepage.homepage.svc.cluster.local:80", "maxmorris-io.maxmorris-io.svc.cluster.local:80", "http_status:404"],
  );
  const ingress = rules[0]!;
  assert.equal(`${ingress.decl.file}:${lineOf(g, ingress.decl)}`, "apps/homepage/app.yaml:13");
  // The name argocd's own chart declares (its NetworkResource for argocd-server), not a guessed one.
  assert.ok(g.routesByName.has("argocd-server.argocd.mgmt.int.homescale.cloud"));
  assert.ok(!g.routesByName.has("argocd.argocd.mgmt.int.homescale.cloud"));
  assert.ok(g.routesByName.has("homescale.cloud"));
});
