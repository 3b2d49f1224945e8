import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { commitAll, gitInit, sh } from "./git-helpers.js";
import { copyTree, EXAMPLE, ROOT, run, tempDir } from "./helpers.js";

interface PlanJson {
  diagnostics: { code: string; severity: string; revision?: string }[];
  changes: {
    layer: string;
    action: string;
    kind: string;
    name: string;
    cluster?: string;
    detail: string;
    wave?: number;
    waveBefore?: number;
    address?: string;
    tfAction?: string;
    aspects?: string[];
    fields?: { path: string; before?: unknown; after?: unknown }[];
  }[];
  access: { added: { key: string }[]; removed: { key: string }[] };
  exposure: { added: { fqdn: string; path: string; app: string }[]; removed: { fqdn: string; path: string; app: string }[] };
  warnings: { kind: string; message: string; app?: string; items?: string[] }[];
  summary: { changed: boolean };
}

/** A committed copy of the example: returns the folder and the base commit. */
function repo(): { dir: string; base: string } {
  const dir = copyTree(EXAMPLE);
  return { dir, base: gitInit(dir) };
}

function edit(dir: string, rel: string, f: (s: string) => string): void {
  const p = path.join(dir, rel);
  const before = fs.readFileSync(p, "utf8");
  const after = f(before);
  assert.notEqual(after, before, `edit of ${rel} changed nothing`);
  fs.writeFileSync(p, after);
}

/** Changes the working tree, commits it, and returns the JSON plan base..head. */
async function planAfter(change: (dir: string) => void): Promise<PlanJson & { dir: string; base: string; head: string }> {
  const { dir, base } = repo();
  change(dir);
  const head = commitAll(dir, "change");
  const r = await run(["plan", "--repo", dir, "--base", base, "--head", head, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  return { ...(JSON.parse(r.stdout) as PlanJson), dir, base, head };
}

const APP = (name: string): string => `apps/${name}/app.yaml`;

test("plan: an app added is a Namespace and an Application on its cluster, and its NetBird group", async () => {
  const p = await planAfter((dir) => {
    fs.mkdirSync(path.join(dir, "apps/newapp"));
    fs.writeFileSync(path.join(dir, APP("newapp")), "path: apps/newapp\nnamespace: newapp\nsyncWave: 5\nclusters:\n  boa1-prod:\n    deploy: true\n");
  });
  const added = p.changes.filter((c) => c.action === "add");
  assert.deepEqual(
    added.filter((c) => c.layer === "argocd").map((c) => [c.cluster, c.kind, c.name]),
    [
      ["boa1-prod", "Namespace", "newapp"],
      ["boa1-prod", "Application", "newapp"],
    ],
  );
  assert.ok(added.some((c) => c.address === "netbird_group.app-newapp" && c.tfAction === "create"));
  assert.equal(p.changes.filter((c) => c.action !== "add").length, 0);
});

test("plan: an app removed removes its objects and its group", async () => {
  const p = await planAfter((dir) => fs.rmSync(path.join(dir, "apps/homecraft"), { recursive: true }));
  const removed = p.changes.filter((c) => c.action === "remove");
  assert.ok(removed.some((c) => c.kind === "Application" && c.name === "homecraft" && c.cluster === "boa1-prod"));
  assert.ok(removed.some((c) => c.kind === "Namespace" && c.name === "homecraft"));
  assert.ok(removed.some((c) => c.address === "netbird_group.app-homecraft"));
  assert.ok(removed.some((c) => c.address === "netbird_policy.app-homecraft-0" && c.tfAction === "destroy"));
  assert.ok(p.access.removed.some((t) => t.key === "all homecraft tcp/25565"));
});

test("plan: changed values give a field-level diff", async () => {
  const p = await planAfter((dir) => edit(dir, APP("homecraft"), (s) => s.replace("difficulty: normal", "difficulty: hard")));
  assert.equal(p.changes.length, 1);
  const c = p.changes[0]!;
  assert.deepEqual([c.layer, c.action, c.kind, c.name, c.cluster], ["argocd", "change", "Application", "homecraft", "boa1-prod"]);
  assert.deepEqual(c.aspects, ["values"]);
  assert.deepEqual(c.fields, [{ path: "/spec/source/helm/valuesObject/minecraft/minecraftServer/difficulty", before: "normal", after: "hard" }]);
  const text = await run(["plan", "--repo", p.dir, "--base", p.base, "--head", p.head]);
  assert.match(text.stdout, /~ \/spec\/source\/helm\/valuesObject\/minecraft\/minecraftServer\/difficulty: "normal" -> "hard"/);
});

test("plan: a wave change is ordered by wave, and a -crs app before its operator warns", async () => {
  const p = await planAfter((dir) => edit(dir, APP("cert-manager-crs"), (s) => s.replace("syncWave: -20", "syncWave: -40")));
  const crs = p.changes.filter((c) => c.name === "cert-manager-crs" && c.kind === "Application");
  assert.ok(crs.length > 0);
  for (const c of crs) {
    assert.ok(c.aspects!.includes("wave"));
    assert.notEqual(c.waveBefore, undefined);
  }
  for (const cluster of new Set(p.changes.filter((c) => c.layer === "argocd").map((c) => c.cluster))) {
    const waves = p.changes.filter((c) => c.layer === "argocd" && c.cluster === cluster).map((c) => c.wave!);
    assert.deepEqual(waves, [...waves].sort((a, b) => a - b), `changes on ${cluster} in wave order`);
  }
  const w = p.warnings.filter((x) => x.kind === "wave-reversed");
  assert.ok(w.length > 0);
  assert.match(w[0]!.message, /cert-manager-crs \(wave -40\) now syncs before its operator cert-manager \(wave -30\)/);
});

test("plan: sync options changed", async () => {
  const p = await planAfter((dir) => edit(dir, APP("homecraft"), (s) => s.replace("syncWave: 0\n", "syncWave: 0\nsyncOptions: [ServerSideApply=true]\n")));
  assert.equal(p.changes.length, 1);
  assert.deepEqual(p.changes[0]!.aspects, ["sync options"]);
  const f = p.changes[0]!.fields![0]!;
  assert.equal(f.path, "/spec/syncPolicy/syncOptions");
  assert.ok((f.after as string[]).includes("ServerSideApply=true"));
  assert.ok(!(f.before as string[]).includes("ServerSideApply=true"));
});

test("plan: a policy port added is access gained", async () => {
  const p = await planAfter((dir) => edit(dir, APP("omni-infra-provider"), (s) => s.replace('ports: ["50042"]', 'ports: ["50042", "50043"]')));
  assert.deepEqual(
    p.access.added.map((t) => t.key),
    ["sg-k8s-admin omni-infra-provider tcp/50043", "team-infra-plat omni-infra-provider tcp/50043"],
  );
  assert.deepEqual(p.access.removed, []);
  const c = p.changes.find((x) => x.address === "netbird_policy.app-omni-infra-provider");
  assert.equal(c?.tfAction, "update");
});

test("plan: a policy source removed is access lost", async () => {
  const p = await planAfter((dir) => edit(dir, APP("omni-infra-provider"), (s) => s.replace('sources: ["team-infra-plat", "sg-k8s-admin"]', 'sources: ["team-infra-plat"]')));
  assert.deepEqual(p.access.removed.map((t) => t.key), ["sg-k8s-admin omni-infra-provider tcp/50042"]);
  assert.deepEqual(p.access.added, []);
});

test("plan: a removed netbird: block warns who loses access", async () => {
  const p = await planAfter((dir) =>
    edit(dir, APP("omni-infra-provider"), (s) => s.replace(/netbird:\n(?: {2,}.*\n)+/, "")),
  );
  const w = p.warnings.find((x) => x.kind === "access-lost");
  assert.ok(w, JSON.stringify(p.warnings));
  assert.equal(w.app, "omni-infra-provider");
  assert.match(w.message, /team-infra-plat, sg-k8s-admin lose access|sg-k8s-admin, team-infra-plat lose access/);
  assert.deepEqual(w.items, ["sg-k8s-admin omni-infra-provider tcp/50042", "team-infra-plat omni-infra-provider tcp/50042"]);
  assert.ok(p.changes.some((c) => c.address === "netbird_policy.app-omni-infra-provider" && c.tfAction === "destroy"));
});

test("plan: a second rule renames app-x to app-x-0: destroy + create, with a warning", async () => {
  const p = await planAfter((dir) =>
    edit(dir, APP("omni-infra-provider"), (s) => s.replace('ports: ["50042"]\n', 'ports: ["50042"]\n      - sources: ["owners"]\n        protocol: tcp\n        ports: ["443"]\n')),
  );
  const tf = p.changes.filter((c) => c.layer === "terraform").map((c) => [c.address, c.tfAction]);
  assert.deepEqual(tf, [
    ["netbird_policy.app-omni-infra-provider", "destroy"],
    ["netbird_policy.app-omni-infra-provider-0", "create"],
    ["netbird_policy.app-omni-infra-provider-1", "create"],
  ]);
  const w = p.warnings.find((x) => x.kind === "rename-gap");
  assert.ok(w);
  assert.deepEqual(w.items, ["netbird_policy.app-omni-infra-provider", "netbird_policy.app-omni-infra-provider-0"]);
  assert.match(w.message, /access drops between the two/);
  assert.deepEqual(p.access.added.map((t) => t.key), ["owners omni-infra-provider tcp/443"]);
});

test("plan: a public name added and one removed is the exposure delta, with its path", async () => {
  const p = await planAfter((dir) => edit(dir, APP("homepage"), (s) => s.replace("fqdn: www.homescale.cloud", "fqdn: home.homescale.cloud")));
  assert.deepEqual(p.exposure.added.map((e) => e.fqdn), ["home.homescale.cloud"]);
  assert.deepEqual(p.exposure.removed.map((e) => e.fqdn), ["www.homescale.cloud"]);
  assert.match(p.exposure.added[0]!.path, /^home\.homescale\.cloud -> Cloudflare tunnel of boa1-prod -> http:\/\//);
  // A DNS record's name forces a new record: terraform names it like its own plan.
  assert.ok(p.changes.some((c) => c.address === "cloudflare_dns_record.www_homescale_cloud" && c.tfAction === "destroy"));
  assert.ok(p.changes.some((c) => c.address === "cloudflare_dns_record.home_homescale_cloud" && c.tfAction === "create"));
  assert.equal(p.warnings.filter((w) => w.kind === "public-name-undeployed").length, 0);
});

test("plan: a public name whose app is no longer deployed warns", async () => {
  const p = await planAfter((dir) => fs.rmSync(path.join(dir, "apps/homepage"), { recursive: true }));
  assert.deepEqual(p.exposure.removed.map((e) => e.fqdn), ["www.homescale.cloud"]);
  const w = p.warnings.find((x) => x.kind === "public-name-undeployed");
  assert.ok(w, JSON.stringify(p.warnings));
  assert.match(w.message, /www\.homescale\.cloud goes away: homepage is no longer deployed on boa1-prod/);
});

test("plan: head defaults to the working tree (uncommitted change)", async () => {
  const { dir, base } = repo();
  edit(dir, APP("homecraft"), (s) => s.replace("memory: 2048M", "memory: 4096M"));
  const r = await run(["plan", "--repo", dir, "--base", base, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const p = JSON.parse(r.stdout) as PlanJson;
  assert.equal(p.changes.length, 1);
  assert.equal(p.changes[0]!.fields![0]!.after, "4096M");
  // The working tree is left as it was.
  assert.match(fs.readFileSync(path.join(dir, APP("homecraft")), "utf8"), /memory: 4096M/);
});

test("plan: --detailed-exitcode is 0 without changes and 2 with changes", async () => {
  const { dir, base } = repo();
  const same = await run(["plan", "--repo", dir, "--base", base, "--detailed-exitcode"]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /No changes\./);
  edit(dir, APP("homecraft"), (s) => s.replace("memory: 2048M", "memory: 4096M"));
  const changed = await run(["plan", "--repo", dir, "--base", base, "--detailed-exitcode"]);
  assert.equal(changed.code, 2, changed.stderr);
  const plain = await run(["plan", "--repo", dir, "--base", base]);
  assert.equal(plain.code, 0);
});

test("plan: a revision that does not exist is a clear error, exit 2", async () => {
  const { dir } = repo();
  const r = await run(["plan", "--repo", dir, "--base", "no-such-rev"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /revision no-such-rev does not exist/);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  const h = await run(["plan", "--repo", dir, "--base", "HEAD", "--head", "nope"]);
  assert.equal(h.code, 2);
  assert.match(h.stderr, /revision nope does not exist/);
});

test("plan: a folder that is not a git repository is a clear error, exit 2", async () => {
  const dir = copyTree(EXAMPLE, tempDir("homescale-nogit-"));
  const r = await run(["plan", "--repo", dir, "--base", "HEAD"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is not a git repository/);
});

test("plan: check errors in a revision are reported with the revision, exit 1", async () => {
  const { dir, base } = repo();
  edit(dir, APP("homecraft"), (s) => s.replace("syncWave: 0", "syncWave: zero"));
  const r = await run(["plan", "--repo", dir, "--base", base, "--detailed-exitcode"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /head revision working tree has errors/);
  const j = await run(["plan", "--repo", dir, "--base", base, "--format", "json"]);
  const doc = JSON.parse(j.stdout) as PlanJson;
  assert.ok(doc.diagnostics.some((d) => d.severity === "error" && d.revision === "head working tree"));
});

test("plan: markdown has a summary table and collapsible details", async () => {
  const { dir, base } = repo();
  edit(dir, APP("omni-infra-provider"), (s) => s.replace('ports: ["50042"]', 'ports: ["50042", "50043"]'));
  const r = await run(["plan", "--repo", dir, "--base", base, "--format", "markdown"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\| layer \| add \| change \| remove \| replace \|$/m);
  assert.match(r.stdout, /<details><summary>Terraform/);
  assert.match(r.stdout, /<\/details>/);
});

test("plan: markdown golden for a values change and a second policy rule", async () => {
  const { dir } = repo();
  sh(dir, "tag", "base");
  edit(dir, APP("homecraft"), (s) => s.replace("difficulty: normal", "difficulty: hard"));
  edit(dir, APP("omni-infra-provider"), (s) => s.replace('ports: ["50042"]\n', 'ports: ["50042"]\n      - sources: ["owners"]\n        protocol: tcp\n        ports: ["443"]\n'));
  commitAll(dir, "change");
  sh(dir, "tag", "head");
  const r = await run(["plan", "--repo", dir, "--base", "base", "--head", "head", "--format", "markdown"]);
  assert.equal(r.code, 0, r.stderr);
  const golden = path.join(ROOT, "test", "golden", "plan", "values-and-rule.md");
  const shown = r.stdout.replace(/\(([0-9a-f]{12})\)/g, "(COMMIT)");
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.mkdirSync(path.dirname(golden), { recursive: true });
    fs.writeFileSync(golden, shown);
  }
  assert.equal(shown, fs.readFileSync(golden, "utf8"));
});

test("plan: github format annotates warnings", async () => {
  const p = await planAfter((dir) => edit(dir, APP("omni-infra-provider"), (s) => s.replace(/netbird:\n(?: {2,}.*\n)+/, "")));
  const r = await run(["plan", "--repo", p.dir, "--base", p.base, "--head", p.head, "--format", "github"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^::warning file=apps\/omni-infra-provider\/app\.yaml,title=homescale plan%3A access-lost::/m);
});
