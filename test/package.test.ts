/**
 * The npm package end to end: `npm pack` of this checkout (already built by `npm test`), installed
 * into an empty folder with no registry to reach, then run as a user runs it (`npx homescale`) and
 * imported as a library. npm is offline with an empty cache and a registry address nothing
 * answers, so the install cannot pass by downloading something.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { copyTree, editFile, EXAMPLE, ROOT, tempDir } from "./helpers.js";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string; scripts?: Record<string, string> };

/** What the tarball may hold: what the installed command and library need, the README and the licence. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^bin\/homescale$/, /^schema\/[a-z]+\.schema\.json$/, /^dist\/homescale\.(cjs|cache)$/, /^dist\/index\.js$/, /^dist\/page\/(index\.html|app\.js|style\.css|favicon\.svg)$/];

const work = tempDir("homescale-package-");
const cache = path.join(work, "empty-npm-cache");
const app = path.join(work, "app");

/**
 * The environment without anything of npm's own run (`npm test` sets npm_config_*), of this
 * checkout (NODE_PATH) or of the user's npm settings: only the flags below speak to npm.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== "NODE_PATH" && k !== "NODE_OPTIONS") env[k] = v;
  return env;
}
const OFFLINE = ["--offline", "--cache", cache, "--registry", "http://127.0.0.1:9/", "--userconfig", path.join(work, "npmrc"), "--no-audit", "--no-fund"];

function npm(args: string[], opts: SpawnSyncOptions): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npm", args, { env: cleanEnv(), encoding: "utf8", ...opts });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** `npx homescale ARGS` in the install folder, offline: it must find the installed command. */
function npx(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npx", ["--no", ...OFFLINE, "--", "homescale", ...args], { cwd: app, env: { ...cleanEnv(), ...env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(() => fs.rmSync(work, { recursive: true, force: true }));

let files: string[] = [];
let tarball = "";

before(() => {
  fs.mkdirSync(cache);
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(work, "npmrc"), "");
  // --ignore-scripts: prepack would build again, rewriting dist/ under the tests that run beside this one.
  const packed = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: ROOT });
  assert.equal(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  files = info!.files.map((f) => f.path).sort();
  tarball = path.join(work, info!.filename);
  const installed = npm(["install", tarball, ...OFFLINE], { cwd: app });
  assert.equal(installed.status, 0, `offline install failed:\n${installed.stdout}${installed.stderr}`);
});

test("the tarball carries the command, the library bundle, the schemas, the README and the licence, and nothing else", () => {
  const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  assert.deepEqual(stray, [], "files that do not belong in the package");
  for (const f of ["bin/homescale", "dist/homescale.cjs", "dist/index.js", "schema/app.schema.json", "schema/homescale.schema.json", "README.md", "LICENSE"]) {
    assert.ok(files.includes(f), `${f} missing from the package`);
  }
  assert.ok(!files.some((f) => /^(test|dist\/test|dist\/bench|dist\/src|examples|bench)\//.test(f)));
  assert.match(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8"), /Apache License\s+Version 2\.0/);
  // Packed here with --ignore-scripts; a user's `npm pack` (and npm's install of a git dependency)
  // builds first, so no tarball carries a missing or stale dist/.
  assert.equal(pkg.scripts?.prepack, "npm run build");
});

test("installed offline into an empty folder, with no runtime dependency to fetch", () => {
  const installedPkg = JSON.parse(fs.readFileSync(path.join(app, "node_modules", pkg.name, "package.json"), "utf8")) as Record<string, unknown>;
  assert.equal(installedPkg.version, pkg.version);
  assert.equal(installedPkg.dependencies, undefined, "the bundles carry homescale's dependencies; declared ones would need the registry");
  // Only homescale itself was installed.
  assert.deepEqual(fs.readdirSync(path.join(app, "node_modules")).filter((n) => !n.startsWith(".")), [pkg.name]);
});

test("npx homescale --version prints the package's version", () => {
  const r = npx(["--version"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${pkg.version}\n`);
});

test("npx homescale check --repo: exit 0 for the example, 1 with file:line for a broken copy", () => {
  const good = npx(["check", "--repo", EXAMPLE]);
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /✓ 0 errors/);

  const broken = copyTree(EXAMPLE);
  editFile(path.join(broken, "apps/homepage/app.yaml"), "defaultDeploy: false", "defaultDeploy: flase");
  const bad = npx(["check", "--repo", broken]);
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /^apps\/homepage\/app\.yaml:8:16: error HS021 /m);
});

test("npx homescale build renders from the installed package, the render helper thread included", () => {
  const out = path.join(work, "out");
  // HOMESCALE_THREADS=2 starts the helper, which loads the bundle file of the installed package.
  const r = npx(["build", "--repo", EXAMPLE, "--out", out, "--format", "json"], { HOMESCALE_THREADS: "2" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const doc = JSON.parse(r.stdout) as { files: { path: string }[] };
  assert.ok(doc.files.some((f) => f.path === "clusters/boa1-prod/applications.yaml"));
  assert.ok(fs.statSync(path.join(out, "clusters/boa1-prod/applications.yaml")).size > 0);
});

test("the library entry (package.json exports) imports with nothing but the installed package", () => {
  const script = [
    `import { readFolder, checkSnapshot, codes } from "${pkg.name}";`,
    `const r = checkSnapshot(readFolder(${JSON.stringify(EXAMPLE)}));`,
    `console.log(JSON.stringify({ apps: r.model.apps.length, diagnostics: r.diagnostics.length, hasCodes: Object.keys(codes).length > 0 }));`,
  ].join("\n");
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: app, env: cleanEnv(), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout) as { apps: number; diagnostics: number; hasCodes: boolean };
  assert.ok(got.apps > 0);
  assert.equal(got.diagnostics, 0);
  assert.equal(got.hasCodes, true);
});

test("npx homescale serve: the dashboard from the installed package, its page included", async () => {
  const child = spawn("npx", ["--no", ...OFFLINE, "--", "homescale", "serve", "--repo", EXAMPLE, "--port", "0"], { cwd: app, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true });
  const exited = new Promise((r) => child.on("exit", r));
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${out}${err}`)));
    });
    for (const [p, type] of [["", "text/html"], ["app.js", "text/javascript"], ["style.css", "text/css"], ["api/status", "application/json"]] as const) {
      const res = await fetch(url + p);
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get("content-type") ?? "", new RegExp(`^${type}`), p);
      assert.ok((await res.text()).length > 10, p);
    }
  } finally {
    // npx runs the command in a child of its own: its process group (npx's own id) is stopped.
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
});
