/**
 * The GitHub Action (action.yml) run as the runner runs a composite action: each step's `run` with
 * bash, its `${{ }}` expressions filled in from the inputs, and GitHub's variables (GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY per step, GITHUB_WORKSPACE, GITHUB_ACTION_PATH, RUNNER_TEMP) pointing at
 * temp files; the action's outputs are then read back through its `outputs:` map. The action path
 * is this checkout, already built, so the build step finds dist/ and builds nothing. The platform
 * is a real git repository with two commits.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, test } from "node:test";
import { parse } from "yaml";
import { commitAll, gitInit, sh } from "./git-helpers.js";
import { copyTree, editFile as edit, EXAMPLE, ROOT, tempDir } from "./helpers.js";
import { needPrograms } from "./system.js";

const skip = needPrograms("git", "bash");
const BIN = path.join(ROOT, "bin", "homescale");

interface ActionStep {
  id?: string;
  name?: string;
  uses?: string;
  if?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
}
interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as ActionFile;

const made: string[] = [];
after(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  runner: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
}

/** `${{ a.b.c }}`: the property paths a composite action uses; anything else is not supported here. */
function expand(text: string, ctx: Context): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (!/^[a-z]+(\.[A-Za-z0-9_-]+)+$/.test(expr)) throw new Error(`expression not supported by this test: ${expr}`);
    let v: unknown = ctx;
    for (const part of expr.split(".")) v = v === undefined || v === null ? undefined : (v as Record<string, unknown>)[part];
    if (v !== undefined && typeof v !== "string") throw new Error(`${expr} is not a value`);
    return v ?? ""; // GitHub reads a missing property as an empty string
  });
}

/** A GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks. */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = fs.readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return out;
}

interface ActionRun {
  ok: boolean;
  /** The exit code of the step that failed, 0 when none did. */
  code: number;
  log: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Runs the action's steps in order, as the runner does; the first failing step ends the run. */
function runAction(workspace: string, given: Record<string, string>, extraEnv: Record<string, string> = {}): ActionRun {
  for (const k of Object.keys(given)) assert.ok(k in action.inputs, `action.yml has no input ${k}`);
  assert.equal(action.runs.using, "composite");
  const temp = tempDir("homescale-runner-temp-");
  made.push(temp);
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) inputs[k] = given[k] ?? v.default ?? "";
  const ctx: Context = { inputs, github: { action_path: ROOT, workspace }, runner: { temp }, steps: {} };
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(GITHUB_|RUNNER_|INPUT_)/.test(k)) base[k] = v;

  let log = "";
  let summary = "";
  let code = 0;
  action.runs.steps.forEach((step, i) => {
    if (code !== 0) return;
    assert.equal(step.uses, undefined, `step ${i}: a test cannot run uses: steps`);
    assert.equal(step.if, undefined, `step ${i}: if: is not supported by this test`);
    assert.equal(step.shell, "bash", `step ${i}: shell`);
    const output = path.join(temp, `output-${i}`);
    const stepSummary = path.join(temp, `summary-${i}`);
    fs.writeFileSync(output, "");
    fs.writeFileSync(stepSummary, "");
    const script = path.join(temp, `step-${i}.sh`);
    fs.writeFileSync(script, expand(step.run ?? "", ctx));
    const env: NodeJS.ProcessEnv = { ...base, CI: "true", GITHUB_ACTIONS: "true", GITHUB_ACTION_PATH: ROOT, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: stepSummary, RUNNER_TEMP: temp, ...extraEnv };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v), ctx);
    // The runner's command line for `shell: bash`.
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd: workspace, env, encoding: "utf8" });
    log += r.stdout + r.stderr;
    summary += fs.readFileSync(stepSummary, "utf8");
    if (step.id !== undefined) ctx.steps[step.id] = { outputs: readOutputs(output) };
    code = r.status ?? 1;
  });
  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.outputs)) outputs[k] = expand(v.value, ctx);
  return { ok: code === 0, code, log, summary, outputs };
}

interface Workspace {
  dir: string;
  /** The platform folder inside it. */
  platform: string;
  first: string;
  second: string;
}

/**
 * A checked-out repository: the example platform (in `sub` when given), committed, then a second
 * commit that pins homepage's image tag: one Argo CD change between the two.
 */
function workspace(sub = ""): Workspace {
  const dir = tempDir("homescale-action-");
  made.push(dir);
  const platform = path.join(dir, sub);
  copyTree(EXAMPLE, platform);
  const first = gitInit(dir);
  edit(path.join(platform, "apps/homepage/app.yaml"), 'tag: "latest"', 'tag: "1.2.3"');
  const second = commitAll(dir, "pin homepage");
  return { dir, platform, first, second };
}

const breakHomepage = (w: Workspace): void => edit(path.join(w.platform, "apps/homepage/app.yaml"), "defaultDeploy: false", "defaultDeploy: flase");

test("check: a clean repository passes with no annotations and exit-code 0", { skip }, () => {
  const w = workspace();
  const r = runAction(w.dir, { mode: "check" });
  assert.ok(r.ok, r.log);
  assert.doesNotMatch(r.log, /^::(error|warning)/m);
  assert.equal(r.outputs["exit-code"], "0");
});

test("check: problems become annotations on their file and line, and the step fails", { skip }, () => {
  const w = workspace();
  breakHomepage(w);
  const r = runAction(w.dir, { mode: "check" });
  assert.equal(r.ok, false);
  assert.equal(r.code, 1);
  assert.equal(r.outputs["exit-code"], "1");
  assert.match(r.log, /^::error file=apps\/homepage\/app\.yaml,line=8,col=16,.*title=HS021::defaultDeploy must be true or false/m);
});

test("check: a platform in a subfolder is annotated at its path from the repository root", { skip }, () => {
  const w = workspace("platform");
  breakHomepage(w);
  const r = runAction(w.dir, { mode: "check", repo: "platform" });
  assert.equal(r.ok, false);
  assert.match(r.log, /^::error file=platform\/apps\/homepage\/app\.yaml,line=8,col=16,/m);
});

test("plan with changes: the markdown lands in the job summary and the plan file, changes=true, exit-code=2, the step passes", { skip }, () => {
  const w = workspace();
  const r = runAction(w.dir, { mode: "plan", base: w.first });
  assert.ok(r.ok, r.log);
  assert.equal(r.outputs.changes, "true");
  assert.equal(r.outputs["exit-code"], "2");
  // What homescale plan itself prints for the same revisions.
  const cli = spawnSync(process.execPath, [BIN, "plan", "--repo", w.dir, "--base", w.first, "--format", "markdown"], { encoding: "utf8" });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /^### homescale plan$/m);
  assert.match(cli.stdout, /\/image\/tag = "1\.2\.3"/);
  assert.equal(r.summary, cli.stdout);
  const file = r.outputs["plan-file"]!;
  assert.ok(path.isAbsolute(file), file);
  assert.equal(fs.readFileSync(file, "utf8"), cli.stdout);
});

test("plan without changes: changes=false, exit-code=0; plan-file puts the markdown where asked", { skip }, () => {
  const w = workspace();
  const r = runAction(w.dir, { mode: "plan", base: w.second, "plan-file": "out/plan.md" });
  assert.ok(r.ok, r.log);
  assert.equal(r.outputs.changes, "false");
  assert.equal(r.outputs["exit-code"], "0");
  assert.match(r.summary, /\*\*No changes\.\*\*/);
  assert.equal(r.outputs["plan-file"], path.join(w.dir, "out/plan.md"));
  assert.equal(fs.readFileSync(path.join(w.dir, "out/plan.md"), "utf8"), r.summary);
});

test("plan on a pull request: the base defaults to origin/<base branch>", { skip }, () => {
  const w = workspace();
  sh(w.dir, "update-ref", "refs/remotes/origin/main", w.first);
  const r = runAction(w.dir, { mode: "plan" }, { GITHUB_BASE_REF: "main" });
  assert.ok(r.ok, r.log);
  assert.equal(r.outputs.changes, "true");
  assert.match(r.summary, /origin\/main/);
});

test("plan with errors in the head: the outputs and the file say so, then the step fails", { skip }, () => {
  const w = workspace();
  breakHomepage(w);
  const r = runAction(w.dir, { mode: "plan", base: w.first });
  assert.equal(r.ok, false);
  assert.equal(r.code, 1);
  assert.equal(r.outputs.changes, "false");
  assert.equal(r.outputs["exit-code"], "1");
  const file = fs.readFileSync(r.outputs["plan-file"]!, "utf8");
  assert.match(file, /\*\*No plan:\*\*/);
  assert.match(file, /apps\/homepage\/app\.yaml:8:16: error HS021/);
  assert.equal(r.summary, file);
  assert.match(r.log, /^::error title=homescale plan::/m);
});

test("plan fails, never reports changes, for a base that does not exist or is not given", { skip }, () => {
  const w = workspace();
  for (const [given, why] of [[{ base: "no-such-rev" }, /no-such-rev does not exist/], [{}, /no base revision/]] as const) {
    const r = runAction(w.dir, { mode: "plan", ...given });
    assert.equal(r.ok, false, r.log);
    assert.equal(r.outputs.changes, "false");
    assert.notEqual(r.outputs["exit-code"], "0");
    assert.notEqual(r.outputs["exit-code"], "2");
    assert.match(fs.readFileSync(r.outputs["plan-file"]!, "utf8"), why);
  }
});

test("an unknown mode fails the step with an annotation", { skip }, () => {
  const w = workspace();
  const r = runAction(w.dir, { mode: "deploy" });
  assert.equal(r.ok, false);
  assert.match(r.log, /^::error title=homescale::mode must be check or plan, not deploy/m);
});

test("a plan too long for a comment is cut at a line, its open code block and details closed", async () => {
  const mod = (await import(pathToFileURL(path.join(ROOT, "scripts", "github-action.mjs")).href)) as {
    truncateMarkdown(md: string, limit: number, note: string): string;
  };
  const body = ["### homescale plan", "", "<details><summary>Argo CD</summary>", "", "```diff", ...Array.from({ length: 5000 }, (_, i) => `! Application argocd/app-${i} (wave 0): values /a`), "```", "", "</details>", ""].join("\n");
  const cut = mod.truncateMarkdown(body, 4000, "*cut*");
  assert.ok(Buffer.byteLength(cut) <= 4000, String(Buffer.byteLength(cut)));
  assert.ok(cut.length > 3000, "cut far too early");
  assert.equal((cut.match(/^```/gm) ?? []).length % 2, 0, "a code block left open");
  assert.equal((cut.match(/<details>/g) ?? []).length, (cut.match(/<\/details>/g) ?? []).length);
  assert.match(cut, /\n\*cut\*\n$/);
  assert.ok(cut.startsWith(body.slice(0, 200)));
  assert.equal(mod.truncateMarkdown("short\n", 4000, "*cut*"), "short\n");
});

test("the README's workflow uses only inputs and outputs the action has", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /uses: [^\s]+\/homescale@/.test(b));
  assert.ok(blocks.length > 0, "no workflow in the README uses the action");
  for (const block of blocks) {
    const wf = parse(block) as { jobs: Record<string, { steps: (ActionStep & { with?: Record<string, unknown> })[] }> };
    for (const job of Object.values(wf.jobs)) {
      const ours = new Set(job.steps.filter((s) => /\/homescale@/.test(s.uses ?? "")).map((s) => s.id));
      assert.ok(ours.size > 0);
      for (const s of job.steps.filter((x) => /\/homescale@/.test(x.uses ?? ""))) {
        for (const k of Object.keys(s.with ?? {})) assert.ok(k in action.inputs, `README: input ${k}`);
      }
      for (const m of block.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        if (ours.has(m[1])) assert.ok(m[2]! in action.outputs, `README: output ${m[2]}`);
      }
    }
  }
});
