/**
 * homescale serve over HTTP, without a browser: the endpoints give the CLI's own JSON documents,
 * the server answers only its own names for its own Host, never serves a file it was not built
 * with (path traversal in its encoded forms), never writes the repository, and tells the page
 * when a file changes.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { startServer, type RunningServer } from "../src/serve/server.js";
import { classify } from "../src/serve/watch.js";
import { topologyModel } from "../src/serve/topology.js";
import { topologyView } from "../src/serve/topology-view.js";
import { buildGraph } from "../src/graph/graph.js";
import { checkFolder } from "../src/cli/load-repo.js";
import { commitAll, gitInit } from "./git-helpers.js";
import { copyTree, editFile, EXAMPLE, ROOT, run, tempDir } from "./helpers.js";
import { getJson, nextUpdate, rawGet } from "./serve-http.js";

let dir = "";
let base = "";
let server: RunningServer;

before(async () => {
  // A secret beside the repository and one inside it that homescale never reads: neither may leak.
  const outer = tempDir("homescale-serve-");
  fs.writeFileSync(path.join(outer, "secret.txt"), "TOP-SECRET-OUTSIDE\n");
  dir = copyTree(EXAMPLE, path.join(outer, "repo"));
  fs.writeFileSync(path.join(dir, "notes.txt"), "TOP-SECRET-INSIDE\n");
  base = gitInit(dir);
  editFile(path.join(dir, "apps/homepage/app.yaml"), "fqdn: www.homescale.cloud", "fqdn: web.homescale.cloud");
  server = await startServer({ repo: dir, host: "127.0.0.1", port: 0, base, watch: "off" });
});
after(async () => {
  await server?.close();
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

const cli = async (...argv: string[]): Promise<unknown> => JSON.parse((await run([...argv, "--repo", dir, "--format", "json"])).stdout);
const api = async (p: string): Promise<unknown> => {
  const r = await getJson(`${server.url}${p.replace(/^\//, "")}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};

test("the JSON endpoints are the CLI's --format json documents", async () => {
  assert.deepEqual(await api("/api/check"), await cli("check"));
  assert.deepEqual(await api("/api/trace?target=https%3A%2F%2Fweb.homescale.cloud"), await cli("trace", "https://web.homescale.cloud"));
  assert.deepEqual(
    await api("/api/trace?target=grafana.grafana.boa1-prod.int.homescale.cloud%3A80&from=github-actions"),
    await cli("trace", "grafana.grafana.boa1-prod.int.homescale.cloud:80", "--from", "github-actions"),
  );
  assert.deepEqual(await api("/api/access"), await cli("access"));
  assert.deepEqual(await api("/api/access?app=grafana&from=owners"), await cli("access", "grafana", "--from", "owners"));
  assert.deepEqual(await api(`/api/plan?base=${base}`), await cli("plan", "--base", base));
  const md = await fetch(`${server.url}api/plan.md?base=${base}`);
  assert.match(md.headers.get("content-type") ?? "", /^text\/markdown/);
  const text = await md.text();
  assert.equal(text, (await run(["plan", "--repo", dir, "--base", base, "--format", "markdown"])).stdout);
  assert.match(text, /web\.homescale\.cloud/);
});

test("a question asked wrongly is a 400 with the message, never a stack trace", async () => {
  const cases: [string, RegExp][] = [
    ["/api/access?app=grafanna", /there is no app grafanna; did you mean grafana\?/],
    ["/api/access?from=owner", /owner is not a source; did you mean owners\?/],
    ["/api/access?cluster=nope", /there is no cluster nope/],
    ["/api/trace?target=grafana.grafana.boa1-prod.int.homescale.cloud", /is an internal name: say who connects with --from/],
    ["/api/trace?target=", /TARGET is empty/],
    ["/api/plan?base=no-such-rev", /revision no-such-rev does not exist/],
    ["/api/plan?base=--output%3D%2Ftmp%2Fx", /is not a revision/],
    ["/api/source?file=notes.txt&line=1", /no file notes\.txt among the files homescale reads/],
    ["/api/topology/node?id=nope", /no node nope/],
  ];
  for (const [p, re] of cases) {
    const r = await getJson<{ error: string }>(`${server.url}${p.slice(1)}`);
    assert.ok(r.status === 400 || r.status === 404, `${p}: ${r.status}`);
    assert.match(r.body.error, re, p);
    assert.doesNotMatch(JSON.stringify(r.body), /\n\s+at /, "no stack trace");
  }
});

test("only requests that name this server in their Host header are answered (DNS rebinding)", async () => {
  const p = server.port;
  for (const host of [`127.0.0.1:${p}`, `localhost:${p}`, `LOCALHOST:${p}`, `[::1]:${p}`]) assert.equal((await rawGet(p, "/api/status", host)).status, 200, host);
  for (const host of [`evil.example:${p}`, `127.0.0.1:${p + 1}`, "127.0.0.1", `127.0.0.1.evil.example:${p}`, ""]) {
    const r = await rawGet(p, "/api/status", host);
    assert.equal(r.status, host === "" ? 400 : 403, host);
    assert.doesNotMatch(r.body, /generation/);
  }
});

test("nothing but the page's own files is served: traversal in every encoding is a 404", async () => {
  const p = server.port;
  const targets = [
    "/../secret.txt",
    "/../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2E%2E%2Fsecret.txt",
    "/..%2fsecret.txt",
    "/..%5csecret.txt",
    "/..\\secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/app.js/../../secret.txt",
    "/app.js%00.html",
    "//etc/passwd",
    "/notes.txt",
    "/package.json",
    "/page/app.js",
    "/dist/page/app.js",
    "/index.html",
    "/api/../notes.txt",
    "/api/source/../../notes.txt",
    "/api/source?file=../secret.txt&line=1",
    "/api/source?file=..%2Fsecret.txt&line=1",
    "/api/source?file=%2E%2E%2Fsecret.txt&line=1",
    "/api/source?file=/etc/passwd&line=1",
    "/api/source?file=notes.txt&line=1",
    "/api/source?file=apps%2F..%2Fnotes.txt&line=1",
    "/api/source?file=apps/homepage/../../notes.txt&line=1",
  ];
  for (const t of targets) {
    const r = await rawGet(p, t);
    assert.ok(r.status === 404 || r.status === 400, `${t} answered ${r.status}`);
    assert.doesNotMatch(r.body, /TOP-SECRET|root:|"name": "homescale"/, t);
  }
  // What is served: the page and its files, and the excerpt of a file the check read.
  for (const t of ["/", "/app.js", "/style.css", "/favicon.svg"]) assert.equal((await rawGet(p, t)).status, 200, t);
  const ok = await rawGet(p, "/api/source?file=apps/homepage/app.yaml&line=3");
  assert.equal(ok.status, 200);
  assert.match(ok.body, /"n":3/);
});

test("read-only: other methods are refused, and a session of requests leaves the repository byte for byte", async () => {
  const hashTree = (root: string): string => {
    const h = crypto.createHash("sha256");
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const f = path.join(d, e.name);
        if (e.isDirectory()) walk(f);
        else {
          const st = fs.statSync(f);
          h.update(`${path.relative(root, f)}\0${st.mtimeMs}\0`).update(fs.readFileSync(f));
        }
      }
    };
    walk(root);
    return h.digest("hex");
  };
  const before = hashTree(dir);
  for (const m of ["POST", "PUT", "DELETE", "PATCH"]) assert.equal((await rawGet(server.port, "/api/check", undefined, m)).status, 405, m);
  for (const p of ["/", "/api/plan.md?base=HEAD"]) assert.equal((await rawGet(server.port, p)).status, 200);
  for (const p of ["/api/overview", "/api/topology", "/api/topology?q=grafana", "/api/access", "/api/revisions", `/api/plan?base=${base}`, "/api/plan?base=HEAD", "/api/trace?target=web.homescale.cloud"]) await api(p);
  assert.equal(hashTree(dir), before, "the repository (and its .git) changed");
});

test("every response carries a policy that keeps the page to its own server", async () => {
  const r = await rawGet(server.port, "/");
  assert.match(r.headers["content-security-policy"] ?? "", /default-src 'none'; script-src 'self'/);
  assert.equal(r.headers["x-content-type-options"], "nosniff");
  assert.match(r.body, /<script src="\/app\.js" defer><\/script>/);
  assert.doesNotMatch(r.body, /https?:\/\//, "the page names no other site");
  const js = await rawGet(server.port, "/app.js");
  assert.doesNotMatch(js.body, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, "the script loads nothing from elsewhere");
});

test("topology: columns follow the graph (sources first, applications last), bands by cluster and namespace", async () => {
  const v = (await api("/api/topology")) as { columns: { kinds: string[] }[]; rows: { id: string; open: boolean }[]; items: { id: string; row: string; col: number; kind: string }[]; edges: unknown[] };
  const col = (kind: string): number => v.columns.findIndex((c) => c.kinds.includes(kind));
  assert.equal(col("internet"), 0);
  assert.equal(col("source"), 0);
  assert.equal(col("application"), v.columns.length - 1);
  assert.ok(col("dns-record") < col("tunnel") && col("tunnel") < col("service") && col("router") < col("service"), JSON.stringify(v.columns));
  // Small platform: every band open, every node drawn.
  assert.ok(v.rows.every((r) => r.open));
  const svc = v.items.find((i) => i.id === "service:http://homepage.homepage.svc.cluster.local:80");
  assert.equal(svc?.row, "cluster:boa1-prod/ns:homepage");
  assert.equal(v.items.find((i) => i.id === "tunnel:homescale-boa1-prod")?.row, "cluster:boa1-prod");
  assert.equal(v.items.find((i) => i.id === "internet")?.row, "platform");
  // Closed: one box per column and band, and edges counted between boxes.
  const closed = (await api("/api/topology?open=")) as typeof v;
  assert.deepEqual(closed.rows.map((r) => r.id), ["platform", "cluster:boa1-gw", "cluster:boa1-prod", "cluster:mgmt"]);
  assert.ok(closed.items.every((i) => i.kind === "group"));
  assert.ok(closed.edges.length > 0);
  // Search shows the matches and their routes, and lists the routes.
  const found = (await api("/api/topology?open=&q=web.homescale")) as typeof v & { routes: { name: string }[] };
  assert.deepEqual(found.routes.map((r) => r.name), ["web.homescale.cloud"]);
  assert.ok(found.items.some((i) => i.id === "dns:web.homescale.cloud"));
  assert.ok(found.items.some((i) => i.id === "service:http://homepage.homepage.svc.cluster.local:80"));
});

test("the watch: what a path means for the dashboard", () => {
  assert.equal(classify("apps/grafana/app.yaml"), "tree");
  assert.equal(classify("homescale.yaml"), "tree");
  assert.equal(classify(".git/HEAD"), "refs");
  assert.equal(classify(".git/refs/heads/main"), "refs");
  assert.equal(classify(".git/objects/ab/cdef"), undefined);
  assert.equal(classify(".git/index.lock"), undefined);
  assert.equal(classify("apps/x/.app.yaml.swp"), undefined);
  assert.equal(classify(".vscode/settings.json"), undefined);
});

for (const mode of ["fs", "poll"] as const) {
  test(`live (${mode}): a changed file is checked again and announced on /events; a missing repository keeps the last state`, async () => {
    const live = copyTree(EXAMPLE);
    const s = await startServer({ repo: live, host: "127.0.0.1", port: 0, watch: mode, debounceMs: 20 });
    try {
      const before = (await getJson<{ generation: number; summary: { errors: number } }>(`${s.url}api/status`)).body;
      assert.equal(before.summary.errors, 0);
      const ev = nextUpdate(s.url, (d) => d.generation > before.generation);
      await ev.ready;
      editFile(path.join(live, "apps/homepage/app.yaml"), "defaultDeploy: false", "defaultDeploy: flase");
      await ev.update;
      const check = (await getJson<{ diagnostics: { code: string; file: string; line: number }[] }>(`${s.url}api/check`)).body;
      assert.deepEqual(check.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`), ["apps/homepage/app.yaml:8 HS021"]);
      // The folder gone: the page keeps its last good state, under the reason.
      const gone = nextUpdate(s.url, () => true);
      await gone.ready;
      fs.rmSync(live, { recursive: true, force: true });
      s.refresh();
      await gone.update;
      const st = (await getJson<{ failure?: string }>(`${s.url}api/status`)).body;
      assert.match(st.failure ?? "", /cannot open|does not exist|not found|ENOENT/i);
      assert.equal((await getJson(`${s.url}api/check`)).status, 200, "the last good state is still served");
    } finally {
      await s.close();
      fs.rmSync(live, { recursive: true, force: true });
    }
  });
}

test("refs: a commit (HEAD moves) is announced, and the plan against HEAD follows it", async () => {
  const repo = copyTree(EXAMPLE);
  const first = gitInit(repo);
  const s = await startServer({ repo, host: "127.0.0.1", port: 0, watch: "fs", debounceMs: 20 });
  try {
    editFile(path.join(repo, "apps/grafana/app.yaml"), 'ports: ["80"]\n      # The status', 'ports: ["80", "3000"]\n      # The status');
    s.refresh();
    const changed = (await getJson<{ access: { added: unknown[] } }>(`${s.url}api/plan?base=HEAD`)).body;
    assert.equal(changed.access.added.length, 3);
    const ev = nextUpdate(s.url, () => true);
    await ev.ready;
    assert.notEqual(commitAll(repo, "grafana on 3000"), first);
    await ev.update;
    const after = (await getJson<{ access: { added: unknown[] }; changes: unknown[] }>(`${s.url}api/plan?base=HEAD`)).body;
    assert.deepEqual([after.access.added.length, after.changes.length], [0, 0]);
  } finally {
    await s.close();
    fs.rmSync(repo, { recursive: true, force: true });
  }
});

/** The command as a user starts it: it prints the URL, warns off loopback, and stops on SIGTERM with 0. */
function startCli(args: string[]): Promise<{ url: string; stdout: string; stderr: string; stop(): Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/homescale"), "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /(http:\/\/\S+\/)/.exec(stdout);
      if (m) resolve({ url: m[1]!, stdout, stderr, stop: () => (child.kill("SIGTERM"), exited) });
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    void exited.then((code) => reject(new Error(`serve exited ${code} before printing its URL:\n${stdout}${stderr}`)));
  });
}

test("the command: URL on loopback by default, a warning off loopback, exit 0 on SIGTERM; bad options exit 2", async () => {
  const local = await startCli(["--repo", EXAMPLE, "--port", "0"]);
  assert.match(local.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(local.stderr, "");
  assert.equal((await fetch(`${local.url}api/status`)).status, 200);
  assert.equal(await local.stop(), 0);

  const wide = await startCli(["--repo", EXAMPLE, "--port", "0", "--host", "0.0.0.0"]);
  await new Promise((r) => setTimeout(r, 100));
  const port = Number(/:(\d+)\/$/.exec(wide.url)![1]);
  assert.equal((await rawGet(port, "/api/status")).status, 200);
  assert.equal((await rawGet(port, "/api/status", `evil.example:${port}`)).status, 403);
  assert.equal(await wide.stop(), 0);
  assert.match(wide.stderr, /warning: --host 0\.0\.0\.0 is not a loopback address/);

  for (const [argv, re] of [
    [["--port", "http"], /--port http is not a port/],
    [["--port", "70000"], /--port 70000 is not a port/],
    [["--repo", "/nonexistent/x"], /cannot open repository folder/],
    [["extra"], /unexpected argument extra/],
    [["--host", "definitely-not-a-host.invalid", "--port", "0"], /cannot listen on definitely-not-a-host\.invalid/],
  ] as [string[], RegExp][]) {
    const r = await run(["serve", "--repo", EXAMPLE, ...argv]);
    assert.equal(r.code, 2, argv.join(" "));
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  // A port already taken is named, with the way out.
  const taken = await startServer({ repo: EXAMPLE, host: "127.0.0.1", port: 0, watch: "off" });
  try {
    const r = await run(["serve", "--repo", EXAMPLE, "--port", String(taken.port)]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`port ${taken.port} is in use on 127\\.0\\.0\\.1; .*--port 0`));
  } finally {
    await taken.close();
  }
});

test("topology of a platform with gateways and a LAN: the clients side by side, then each kind in the order a request meets it", () => {
  const { index } = checkFolder(path.join(ROOT, "examples", "home-ops"), process.cwd());
  const m = topologyModel(buildGraph(index));
  const col = (kind: string): number => m.columns.findIndex((c) => c.kinds.includes(kind));
  assert.equal(col("internet"), 0);
  assert.equal(col("lan"), 0, "a LAN client that can also reach the internet's names stands beside the internet, not after it");
  const order = ["dns-record", "tunnel", "gateway", "route", "auth", "service", "application"];
  for (let i = 1; i < order.length; i++) assert.ok(col(order[i - 1]!) < col(order[i]!), `${order[i - 1]} before ${order[i]}: ${JSON.stringify(m.columns)}`);
  assert.ok(col("lan-dns") < col("load-balancer") && col("load-balancer") < col("gateway"));
});

test("after a change the topology, its nodes and trace are the new state's, never the last one's: one app's wave, policy and clusters, the operator app, the platform file", async () => {
  const repo = copyTree(EXAMPLE);
  const s = await startServer({ repo, host: "127.0.0.1", port: 0, watch: "off" });
  const get = async <T>(p: string): Promise<T> => {
    const r = await getJson<T>(`${s.url}${p.replace(/^\//, "")}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const grafana = path.join(repo, "apps/grafana/app.yaml");
  const target = encodeURIComponent("grafana.grafana.boa1-prod.int.homescale.cloud:80");
  /** What the server shows now, each part asked the way the page asks it (the derived state kept between requests). */
  const shown = async (): Promise<{ topology: unknown; node: unknown; trace: unknown }> => {
    const { generation: _g, ...topology } = await get<{ generation: number }>("/api/topology");
    const node = (await getJson<{ node?: unknown }>(`${s.url}api/topology/node?id=${encodeURIComponent("application:grafana@boa1-prod")}`)).body.node ?? null;
    return { topology, node, trace: await get(`/api/trace?target=${target}&from=app%3Astatus`) };
  };
  /** The same, derived from scratch from the files as they are now (a fresh check, graph and topology). */
  const fromScratch = async (): Promise<{ topology: unknown; node: unknown; trace: unknown }> => {
    const { index, sources } = checkFolder(repo, process.cwd());
    const m = topologyModel(buildGraph(index, sources));
    const i = m.byId.get("application:grafana@boa1-prod");
    const trace = JSON.parse((await run(["trace", decodeURIComponent(target), "--from", "app:status", "--repo", repo, "--format", "json"])).stdout) as unknown;
    return { topology: JSON.parse(JSON.stringify(topologyView(m, {}))) as unknown, node: i === undefined ? null : m.nodes[i], trace };
  };
  const changes: [string, () => void][] = [
    ["grafana's sync wave", () => editFile(grafana, "syncWave: 1", "syncWave: 5")],
    ["grafana's policy no longer admits app:status", () => editFile(grafana, /\n      # The status page[^\n]*\n      - sources: \["app:status"\]\n        protocol: tcp\n        ports: \["80"\]/, "")],
    ["grafana also on mgmt", () => editFile(grafana, "  boa1-prod:\n    deploy: true", "  boa1-prod:\n    deploy: true\n  mgmt:\n    deploy: true")],
    ["the NetBird operator no longer on boa1-prod (another app's file)", () => editFile(path.join(repo, "apps/netbird/app.yaml"), "defaultDeploy: true", "defaultDeploy: true\nclusters:\n  boa1-prod:\n    deploy: false")],
    ["the internal domain (the platform file)", () => editFile(path.join(repo, "homescale.yaml"), "internal: int.homescale.cloud", "internal: mesh.homescale.cloud")],
  ];
  try {
    let before = await shown();
    assert.deepEqual(before, await fromScratch());
    assert.match(JSON.stringify(before.node), /\(wave 1\)/);
    for (const [what, change] of changes) {
      change();
      s.refresh();
      const now = await shown();
      assert.notDeepEqual(now.topology, before.topology, `${what}: the topology did not change`);
      assert.deepEqual(now, await fromScratch(), `${what}: the server shows a stale state`);
      before = now;
    }
    assert.match(JSON.stringify((await shown()).node), /\(wave 5\)/);
  } finally {
    await s.close();
    fs.rmSync(repo, { recursive: true, force: true });
  }
});
