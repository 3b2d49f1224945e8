/**
 * The pre-commit hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit from `git commit` in
 * a temporary platform repository. The hooks come from a path repository holding this checkout's
 * hooks file as it is in the working tree (so an uncommitted edit is what gets tested); the
 * `homescale` they run is this checkout's bin/homescale, put on the PATH as an install would.
 * Nothing is downloaded: the hooks are `language: system`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { GIT_IDENTITY, gitInit, sh } from "./git-helpers.js";
import { copyTree, editFile as edit, EXAMPLE, ROOT, tempDir } from "./helpers.js";
import { needPrograms } from "./system.js";

const skip = needPrograms("pre-commit", "git");
const BIN = path.join(ROOT, "bin", "homescale");

const made: string[] = [];
after(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

interface Setup {
  repo: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A platform repository (a copy of the example, committed) whose `.pre-commit-config.yaml` uses
 * the given hooks of a path repository made from this checkout's `.pre-commit-hooks.yaml`, with
 * pre-commit installed as its git hook.
 */
function setup(hooks: string[]): Setup {
  const work = tempDir("homescale-pre-commit-");
  made.push(work);
  const hookRepo = path.join(work, "hooks");
  fs.mkdirSync(hookRepo);
  fs.copyFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), path.join(hookRepo, ".pre-commit-hooks.yaml"));
  const rev = gitInit(hookRepo);

  // What `npm install -g homescale` leaves: a `homescale` on the PATH that is a link to bin/homescale.
  const bin = path.join(work, "bin");
  fs.mkdirSync(bin);
  fs.symlinkSync(BIN, path.join(bin, "homescale"));

  const repo = copyTree(EXAMPLE, path.join(work, "platform"));
  const config = ["repos:", `  - repo: ${hookRepo}`, `    rev: ${rev}`, "    hooks:", ...hooks.map((h) => `      - id: ${h}`), ""];
  fs.writeFileSync(path.join(repo, ".pre-commit-config.yaml"), config.join("\n"));
  gitInit(repo);

  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_IDENTITY, PATH: `${bin}:${process.env.PATH ?? ""}`, PRE_COMMIT_HOME: path.join(work, "pre-commit-home") };
  delete env.SKIP; // pre-commit's own variable: a caller's SKIP would skip the hooks under test
  const install = spawnSync("pre-commit", ["install"], { cwd: repo, env, encoding: "utf8" });
  assert.equal(install.status, 0, install.stdout + install.stderr);
  return { repo, env };
}

/** `git commit -am` as a user types it, the pre-commit hook included. */
function commit(s: Setup, message: string): { status: number | null; output: string } {
  const r = spawnSync("git", ["commit", "-qam", message], { cwd: s.repo, env: s.env, encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

/** `git commit --no-verify`: what a user does to get something past the hooks. */
function commitPastHooks(s: Setup, message: string): void {
  sh(s.repo, "add", "-A");
  sh(s.repo, "commit", "-qm", message, "--no-verify");
}

const head = (s: Setup): string => sh(s.repo, "rev-parse", "HEAD").trim();

test("homescale-check: a bad app.yaml blocks the commit and shows file:line, as check prints it", { skip }, () => {
  const s = setup(["homescale-check"]);
  const before = head(s);
  edit(path.join(s.repo, "apps/homepage/app.yaml"), "defaultDeploy: false", "defaultDeploy: flase");

  const r = commit(s, "typo");
  assert.notEqual(r.status, 0, r.output);
  assert.equal(head(s), before, "the commit was made");
  assert.match(r.output, /^homescale check\.+Failed$/m);
  assert.match(r.output, /^apps\/homepage\/app\.yaml:8:16: error HS021 /m);
  // The findings are check's own text output, byte for byte.
  const cli = spawnSync(process.execPath, [BIN, "check"], { cwd: s.repo, encoding: "utf8" });
  assert.equal(cli.status, 1);
  assert.ok(r.output.includes(cli.stdout), `hook output:\n${r.output}\ncheck prints:\n${cli.stdout}`);
});

test("homescale-check: a good change passes and is committed", { skip }, () => {
  const s = setup(["homescale-check"]);
  const before = head(s);
  edit(path.join(s.repo, "apps/homepage/app.yaml"), 'tag: "latest"', 'tag: "1.2.3"');

  const r = commit(s, "pin homepage");
  assert.equal(r.status, 0, r.output);
  assert.notEqual(head(s), before);
  assert.match(r.output, /^homescale check\.+Passed$/m);
});

test("homescale-check runs for apps/, clusters/ and homescale.yaml, and for nothing else", { skip }, () => {
  const s = setup(["homescale-check"]);
  // A broken catalog already committed (past the hook): every commit the hook runs for fails.
  edit(path.join(s.repo, "apps/homepage/app.yaml"), "defaultDeploy: false", "defaultDeploy: flase");
  commitPastHooks(s, "broken");

  edit(path.join(s.repo, "README.md"), /$/, "\nA note.\n");
  const docs = commit(s, "docs only");
  assert.equal(docs.status, 0, docs.output);
  assert.match(docs.output, /^homescale check\.+\(no files to check\)Skipped$/m);

  for (const file of ["homescale.yaml", "apps/values.yaml", "apps/grafana/Chart.yaml"]) {
    fs.appendFileSync(path.join(s.repo, file), "# touched\n");
    const r = commit(s, `touch ${file}`);
    assert.notEqual(r.status, 0, `${file}: ${r.output}`);
    assert.match(r.output, /^apps\/homepage\/app\.yaml:8:16: error HS021 /m, file);
    sh(s.repo, "checkout", "--", file);
  }
  fs.mkdirSync(path.join(s.repo, "clusters/mgmt"), { recursive: true });
  fs.writeFileSync(path.join(s.repo, "clusters/mgmt/extra.yaml"), "kind: ConfigMap\n");
  sh(s.repo, "add", "clusters/mgmt/extra.yaml");
  const clusters = commit(s, "a cluster manifest");
  assert.notEqual(clusters.status, 0, clusters.output);
  assert.match(clusters.output, /^homescale check\.+Failed$/m);
});

test("homescale-schema rewrites stale committed schemas, stops that commit, and passes once they are staged", { skip }, () => {
  const s = setup(["homescale-schema"]);
  const schemaDir = path.join(s.repo, "schema");
  fs.mkdirSync(schemaDir);
  for (const f of ["app.schema.json", "homescale.schema.json", "values.schema.json"]) fs.writeFileSync(path.join(schemaDir, f), "{}\n");
  commitPastHooks(s, "stale schemas");
  const before = head(s);

  edit(path.join(s.repo, "apps/homepage/app.yaml"), 'tag: "latest"', 'tag: "1.2.3"');
  const first = commit(s, "pin homepage");
  assert.notEqual(first.status, 0, first.output);
  assert.equal(head(s), before);
  assert.match(first.output, /^homescale schema\.+Failed$/m);
  assert.match(first.output, /files were modified by this hook/);
  for (const [name, file] of [["app", "app.schema.json"], ["platform", "homescale.schema.json"], ["catalog", "values.schema.json"]] as const) {
    const want = spawnSync(process.execPath, [BIN, "schema", name], { encoding: "utf8" }).stdout;
    assert.ok(want.length > 100, name);
    assert.equal(fs.readFileSync(path.join(schemaDir, file), "utf8"), want, file);
  }

  sh(s.repo, "add", "schema");
  const second = commit(s, "pin homepage, schemas updated");
  assert.equal(second.status, 0, second.output);
  assert.match(second.output, /^homescale schema\.+Passed$/m);
  assert.notEqual(head(s), before);
});
