/**
 * The dashboard in a real browser: Debian's Chromium, driven by playwright-core, launched once for
 * every test here. Each view is loaded and used as a person would: a route is clicked and its hops
 * checked against `trace`, the access matrix is filtered, files are edited and the page follows,
 * and the topology is photographed. Every request the page makes must go to the server itself.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { benchServe } from "../bench/serve.js";
import { startServer, type RunningServer } from "../src/serve/server.js";
import { CHROMIUM, launchChromium, shownGeneration, waitReady, type Browser } from "./browser.js";
import { gitInit } from "./git-helpers.js";
import { copyTree, editFile, EXAMPLE, run, tempDir } from "./helpers.js";
import { needPrograms } from "./system.js";

const skip = needPrograms(CHROMIUM);
let browser: Browser;
let server: RunningServer;
let dir = "";
let base = "";
let page: Page;
const foreign: string[] = [];
const pageErrors: string[] = [];
const shots = tempDir("homescale-serve-shots-");

before(async () => {
  if (skip) return;
  dir = copyTree(EXAMPLE);
  base = gitInit(dir);
  server = await startServer({ repo: dir, host: "127.0.0.1", port: 0, debounceMs: 20 });
  browser = await launchChromium();
  // Anything the page asks of another origin is recorded and refused: nothing may leave.
  await browser.context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith("about:") || url.startsWith("data:")) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  page = await browser.context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(shots, { recursive: true, force: true });
});

async function open(view: string): Promise<void> {
  await page.goto("about:blank");
  await page.goto(`${server.url}#/${view}`);
  await waitReady(page, view);
}

/** Edits a file of the served repository and waits for the view to be drawn from the new state. */
async function editAndWait(view: string, file: string, from: string | RegExp, to: string): Promise<void> {
  const gen = await shownGeneration(page);
  editFile(path.join(dir, file), from, to);
  await waitReady(page, view, gen, 10_000);
}

test("overview: every cluster's apps by sync wave, in the wave order", { skip }, async () => {
  await open("overview");
  const clusters = await page.locator("section.cluster").evaluateAll((els) => els.map((e) => e.getAttribute("data-cluster")));
  assert.deepEqual(clusters, ["boa1-gw", "boa1-prod", "mgmt"]);
  const prod = page.locator('section.cluster[data-cluster="boa1-prod"]');
  const waves = await prod.locator(".wave").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-wave"))));
  assert.deepEqual(waves, [-40, -35, -30, -25, -20, -10, -5, 0, 1]);
  assert.deepEqual(await prod.locator('.wave[data-wave="-40"] .chip').allTextContents(), ["cilium"]);
  assert.ok((await prod.locator('.wave[data-wave="1"] .chip').allTextContents()).includes("grafana"));
  assert.equal(await page.locator("#diagnostics-none").count(), 1);
});

test("topology: the diagram is drawn (screenshot), a route is clicked and its hops are trace's, each at its line", { skip }, async () => {
  await open("topology");
  const nodes = await page.locator("#topology-svg .node").count();
  const edges = await page.locator("#topology-svg path.edge").count();
  assert.ok(nodes > 100 && edges > 100, `${nodes} nodes, ${edges} edges drawn`);
  const shot = path.join(shots, "topology.png");
  await page.locator("#diagram").screenshot({ path: shot });
  const png = fs.readFileSync(shot);
  assert.equal(png.subarray(1, 4).toString(), "PNG");
  assert.ok(png.length > 20_000, `a drawn diagram, not a blank box (${png.length} bytes)`);

  // Search, then click the public name's DNS record, then its route.
  await page.fill("#topology-search", "www.homescale");
  await page.locator("#search-routes").waitFor();
  assert.ok((await page.locator("#topology-svg .node").count()) < nodes, "search narrows the drawing");
  await page.locator('#topology-svg .node[data-id="dns:www.homescale.cloud"]').click();
  await page.locator("#node-routes a.route").first().click();
  await page.locator("#trace-hops li").first().waitFor();
  const shown = await page.locator("#trace-hops li").evaluateAll((els) =>
    els.map((e) => ({ kind: e.querySelector("code")?.textContent ?? "", name: e.querySelector("b")?.textContent ?? "", at: e.querySelector(".loc")?.textContent ?? "" })),
  );
  const cli = JSON.parse((await run(["trace", "https://www.homescale.cloud", "--repo", dir, "--format", "json"])).stdout) as { hops: { kind: string; name: string; file?: string; line?: number }[] };
  assert.deepEqual(
    shown,
    cli.hops.map((h) => ({ kind: h.kind, name: h.name, at: h.file === undefined ? "" : h.line === undefined ? h.file : `${h.file}:${h.line}` })),
  );
  assert.equal(await page.locator("#trace-verdict").textContent(), "reachable");
  // The route is lit in the drawing.
  assert.ok((await page.locator("#topology-svg .node.on-route").count()) >= 4);
  assert.ok((await page.locator("#topology-svg path.edge.on-route").count()) >= 3);
  // A hop's line opens the declaring lines.
  await page.locator('#trace-hops a.loc[data-file="apps/homepage/app.yaml"]').first().click();
  await page.locator("#source-viewer .line.here").waitFor();
  assert.match((await page.locator("#source-viewer .line.here").textContent()) ?? "", /www\.homescale\.cloud|homepage/);
  await page.keyboard.press("Escape");
});

test("topology: a mesh name is traced from a chosen source; a source no policy admits is told why", { skip }, async () => {
  await open("topology");
  await page.fill("#topology-search", "grafana.grafana.boa1-prod");
  await page.locator("#search-routes a.route").first().click();
  await page.locator("#trace-verdict").waitFor();
  assert.equal(await page.locator("#trace-verdict").textContent(), "reachable");
  await page.selectOption("#trace-from", "internet");
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector("#trace-verdict")?.textContent.startsWith("unreachable"));
  assert.match((await page.locator("#trace").textContent()) ?? "", /internet is not on the NetBird mesh/);
});

test("access: the matrix, filtered by source, app and cluster as `access` filters", { skip }, async () => {
  await open("access");
  const apps = async (): Promise<string[]> => page.locator("#matrix tbody tr").evaluateAll((els) => els.map((e) => e.getAttribute("data-app") ?? ""));
  const cliApps = async (...args: string[]): Promise<string[]> => {
    const doc = JSON.parse((await run(["access", ...args, "--repo", dir, "--format", "json"])).stdout) as { rules: { app: string }[] };
    return [...new Set(doc.rules.map((r) => r.app))];
  };
  assert.deepEqual(await apps(), await cliApps());
  /** Waits until the matrix's rows are these apps (each filter redraws once its typing pauses). */
  const rowsBecome = async (want: string[]): Promise<void> => {
    await page.waitForFunction(
      (w) => JSON.stringify([...(globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ getAttribute(a: string): string }> } }).document.querySelectorAll("#matrix tbody tr")].map((e) => e.getAttribute("data-app"))) === w,
      JSON.stringify(want),
    );
  };

  await page.fill("#filter-from", "github-actions");
  await rowsBecome(await cliApps("--from", "github-actions"));
  assert.ok((await apps()).length > 0 && (await apps()).length < (await cliApps()).length);

  await page.fill("#filter-from", "");
  await page.fill("#filter-app", "grafana");
  await rowsBecome(["grafana"]);
  const sources = await page.locator("#matrix thead th.src").allTextContents();
  assert.deepEqual(sources, ["app:status", "owners", "team-infra-plat", "team-sec-plat"]);

  // A cell opens its rules at their lines.
  await page.locator('#matrix tr[data-app="grafana"] td[data-source="owners"]').click();
  await page.locator("#cell-detail a.loc").waitFor();
  assert.match((await page.locator("#cell-detail a.loc").textContent()) ?? "", /^apps\/grafana\/app\.yaml:1[0-9]$/);

  await page.fill("#filter-app", "");
  await page.selectOption("#filter-cluster", "mgmt");
  const onMgmt = JSON.parse((await run(["access", "--repo", dir, "--format", "json"])).stdout) as { rules: { app: string; clusters: string[] }[] };
  await rowsBecome([...new Set(onMgmt.rules.filter((r) => r.clusters.includes("mgmt")).map((r) => r.app))]);
  assert.ok(!(await apps()).includes("grafana"), "grafana runs on boa1-prod only");
});

test("plan: the working tree against --base, as plan --format markdown shows it", { skip }, async () => {
  await open("overview");
  await editAndWait("overview", "apps/homepage/app.yaml", "fqdn: www.homescale.cloud", "fqdn: web.homescale.cloud");
  try {
    await open("plan");
    await page.locator("#plan-out[data-base]").waitFor();
    assert.equal(await page.inputValue("#plan-base"), "HEAD");
    const text = (await page.locator("#plan-out").textContent()) ?? "";
    assert.match(text, /homescale plan/);
    assert.match(text, /Public names/);
    const cells = await page.locator("#plan-out table.md").first().locator("td").allTextContents();
    assert.deepEqual(cells.slice(0, 5), ["Argo CD", "0", "0", "0", "–"]);
    // Another base: the commit itself, chosen in the form.
    await page.fill("#plan-base", base.slice(0, 12));
    await page.click('#plan-form button[type="submit"]');
    await page.waitForFunction((b) => (globalThis as unknown as { document: { querySelector(s: string): { dataset: { base?: string } } } }).document.querySelector("#plan-out").dataset.base === b, base.slice(0, 12));
    assert.match((await page.locator("#plan-out").textContent()) ?? "", new RegExp(base.slice(0, 12)));
    await page.fill("#plan-base", "no-such-branch");
    await page.click('#plan-form button[type="submit"]');
    await page.locator("#plan-out .error-box").waitFor();
    assert.match((await page.locator("#plan-out .error-box").textContent()) ?? "", /revision no-such-branch does not exist/);
  } finally {
    editFile(path.join(dir, "apps/homepage/app.yaml"), "fqdn: web.homescale.cloud", "fqdn: www.homescale.cloud");
  }
});

test("live: an edit reaches the open page; bad input shows as diagnostics with their frames, never a broken page", { skip }, async () => {
  await open("overview");
  await editAndWait("overview", "apps/grafana/app.yaml", "syncWave: 1", "syncWave: 3");
  assert.ok((await page.locator('section.cluster[data-cluster="boa1-prod"] .wave[data-wave="3"] .chip').allTextContents()).includes("grafana"));

  await editAndWait("overview", "apps/homepage/app.yaml", "defaultDeploy: false", "defaultDeploy: flase");
  const diag = page.locator('#diagnostics li[data-code="HS021"]');
  assert.equal(await diag.count(), 1);
  assert.equal(await diag.locator("a.loc").textContent(), "apps/homepage/app.yaml:8:16");
  assert.match((await diag.locator("pre.frame").textContent()) ?? "", /8 \| defaultDeploy: flase\n\s+\| +\^{5}/);
  assert.match((await page.locator("#error-count").textContent()) ?? "", /^1 error$/);
  await editAndWait("overview", "apps/homepage/app.yaml", "defaultDeploy: flase", "defaultDeploy: false");
  assert.equal(await page.locator("#diagnostics-none").count(), 1);

  // Broken YAML: a diagnostic on the overview, and the topology still draws what is valid.
  await editAndWait("overview", "apps/status/app.yaml", /^namespace: status$/m, "namespace: [status");
  const broken = await page.locator("#diagnostics li").evaluateAll((els) => els.map((e) => e.querySelector("a.loc")?.textContent ?? ""));
  assert.ok(broken.length >= 1 && broken.every((at) => at.startsWith("apps/status/app.yaml:")), broken.join(", "));
  await open("topology");
  assert.ok((await page.locator("#topology-svg .node").count()) > 50);

  // The open diagram follows a change: a renamed public name replaces the old one.
  await editAndWait("topology", "apps/homepage/app.yaml", "fqdn: www.homescale.cloud", "fqdn: site.homescale.cloud");
  assert.equal(await page.locator('#topology-svg .node[data-id="dns:site.homescale.cloud"]').count(), 1);
  assert.equal(await page.locator('#topology-svg .node[data-id="dns:www.homescale.cloud"]').count(), 0);
  await editAndWait("topology", "apps/homepage/app.yaml", "fqdn: site.homescale.cloud", "fqdn: www.homescale.cloud");
  await editAndWait("topology", "apps/status/app.yaml", "namespace: [status", "namespace: status");
  await open("overview");
  assert.equal(await page.locator("#diagnostics-none").count(), 1);
  assert.deepEqual(pageErrors, [], "no script error on any page");
});

test("nothing the pages asked for went anywhere but the server itself", { skip }, async () => {
  assert.deepEqual(foreign, []);
  await browser.context.unrouteAll(); // the bench below starts servers of its own
});

test("the serve bench runs (smoke: the example and 200x3, one round, in this browser)", { skip, timeout: 180_000 }, async () => {
  const report = await benchServe(browser.context, { smoke: true, quick: false, rounds: 1, seed: 1 });
  for (const platform of ["example", "200x3"]) assert.match(report, new RegExp(`^\\| ${platform} \\| (\\d+ ms \\| ){8}\\d+ ms \\|$`, "m"), report);
  assert.doesNotMatch(report, /NaN|–/);
});
