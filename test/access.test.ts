import assert from "node:assert/strict";
import { test } from "node:test";
import { checkFolder } from "../src/cli/load-repo.js";
import { accessRules, accessTuples, type AccessRule } from "../src/graph/access.js";
import { DeclarationLocator } from "../src/diag/declaration.js";
import { generatePlatform } from "../bench/generate.js";
import { EXAMPLE, CORPUS_REPO, run, tempDir } from "./helpers.js";


type Row = AccessRule;

async function accessJson(repo: string, ...args: string[]): Promise<{ code: number; rules: Row[] }> {
  const r = await run(["access", ...args, "--repo", repo, "--format", "json"]);
  const doc = JSON.parse(r.stdout) as { diagnostics: unknown[]; rules: Row[] };
  assert.ok(Array.isArray(doc.diagnostics));
  return { code: r.code, rules: doc.rules };
}

test("corpus: one row per (rule, source), sorted by app, source, protocol", async () => {
  const { code, rules } = await accessJson(CORPUS_REPO);
  assert.equal(code, 0);
  assert.deepEqual(
    rules.map((r) => `${r.app} ${r.source} ${r.protocol}/${r.ports.join(",")} ${r.policy}`),
    [
      "argocd team-infra-plat tcp/80,443 app-argocd",
      "argocd team-sec-plat tcp/80,443 app-argocd",
      "home-assistant owners tcp/80,443 app-home-assistant",
      "homecraft all tcp/25565 app-homecraft-0",
      "homecraft all udp/25565 app-homecraft-1",
      "metrics app:metrics tcp/80,443,9090,3100 app-metrics",
      "metrics team-infra-plat tcp/80,443,9090,3100 app-metrics",
      "metrics team-sec-plat tcp/80,443,9090,3100 app-metrics",
      "omni app:omni-infra-provider tcp/80,443 app-omni",
      "omni github-actions tcp/80,443 app-omni",
      "omni team-infra-plat tcp/80,443 app-omni",
      "omni team-sec-plat tcp/80,443 app-omni",
    ],
  );
  const ha = rules.find((r) => r.app === "home-assistant")!;
  assert.deepEqual(ha.clusters, ["boa1-prod"]);
  // The Services home-assistant's own chart names in its NetworkResources.
  assert.deepEqual(ha.names, ["ha.home-assistant.boa1-prod.int.homescale.cloud", "z2m.home-assistant.boa1-prod.int.homescale.cloud", "homebridge.home-assistant.boa1-prod.int.homescale.cloud"]);
  assert.equal(`${ha.file}:${ha.line}`, "apps/home-assistant/app.yaml:10");
});

test("APP and --from filter; all-rows apply to every source", async () => {
  const one = await accessJson(CORPUS_REPO, "homecraft");
  assert.equal(one.rules.length, 2);
  const owners = await accessJson(CORPUS_REPO, "--from", "owners");
  assert.deepEqual(owners.rules.map((r) => `${r.app} ${r.source} ${r.protocol}`), ["home-assistant owners tcp", "homecraft all tcp", "homecraft all udp"]);
});

test("unknown app: exit 2 with a suggestion", async () => {
  const r = await run(["access", "homecrat", "--repo", CORPUS_REPO]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /did you mean homecraft\?/);
});

test("text and markdown tables", async () => {
  const t = await run(["access", "--repo", EXAMPLE]);
  assert.equal(t.code, 0);
  assert.match(t.stdout, /^SOURCE\s+APP\s+PROTOCOL\s+PORTS\s+CLUSTERS\s+NAMES\s+POLICY\s+DECLARED\n/);
  assert.match(t.stdout, /app:status\s+grafana\s+tcp\s+80\s/);
  const md = await run(["access", "grafana", "--repo", EXAMPLE, "--format", "markdown"]);
  assert.match(md.stdout, /^\| SOURCE \| APP \|/);
  assert.equal(md.stdout.trim().split("\n").length, 2 + 4);
});

test("accessTuples and publicNames (for plan)", () => {
  const loaded = checkFolder(CORPUS_REPO, process.cwd());
  const locator = new DeclarationLocator(loaded.sources);
  const rules = accessRules(loaded.index, locator);
  const tuples = accessTuples(rules);
  assert.ok(tuples.includes("all homecraft udp/25565"));
  assert.ok(tuples.includes("owners home-assistant tcp/443"));
  assert.deepEqual(tuples, [...new Set(tuples)].sort());
  // Without the source texts the rows are the same, without lines.
  assert.deepEqual(
    accessRules(loaded.index).map((r) => ({ ...r, line: 0 })),
    rules.map((r) => ({ ...r, line: 0 })),
  );
  const names = loaded.index.publicNames();
  assert.deepEqual(
    names.map((n) => `${n.fqdn} ${n.app} ${n.cluster} ${n.via} ${n.target} ${n.decl.file}:${locator.line(n.decl)}`),
    [
      "homescale.cloud homepage boa1-prod tunnel http://homepage.homepage.svc.cluster.local:80 apps/homepage/app.yaml:12",
      "maxmorris.io maxmorris-io boa1-prod tunnel http://maxmorris-io.maxmorris-io.svc.cluster.local:80 apps/maxmorris-io/app.yaml:12",
    ],
  );
  const t0 = performance.now();
  accessRules(loaded.index, locator);
  console.log(`# access matrix ${(performance.now() - t0).toFixed(2)} ms`);
});

for (const shape of ["default", "layered"] as const) {
  test(`what a policy opens over every route is what it opens over each route alone, in route order (the mesh indexes long lists; ${shape === "default" ? "NetBird" : "Tailscale"})`, () => {
    const dir = tempDir("homescale-opens-");
    generatePlatform(dir, { apps: 200, clusters: 3, seed: 3, shape });
    const { index } = checkFolder(dir, process.cwd());
    const routes = index.meshRoutes();
    assert.ok(routes.length > 100, `only ${routes.length} mesh routes`);
    let opened = 0;
    for (const p of index.mesh.policies()) {
      const alone = routes.filter((r) => index.mesh.opens(p, [r]).length > 0);
      assert.deepEqual(index.mesh.opens(p, routes), alone, p.name);
      opened += alone.length;
    }
    assert.ok(opened > 0);
  });
}
