/**
 * `homescale check` as a user and a CI job see it: exit codes, the three output formats, sorting,
 * and no stack trace for any bad input.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { codes } from "../src/diag/codes.js";
import { ROOT, run, tempDir, writeRepo } from "./helpers.js";

const STACK_LINE = /^ {4}at /m;

const PLATFORM = [
  "apiVersion: homescale.dev/v1alpha1",
  "kind: Platform",
  "clusters:",
  "  mgmt: {role: management}",
  "  prod: {role: workload}",
  "",
].join("\n");

function repo(apps: Record<string, string>, extra: Record<string, string | Uint8Array> = {}): string {
  const files: Record<string, string | Uint8Array> = { "homescale.yaml": PLATFORM, "apps/values.yaml": "repoURL: https://example.com/p.git\n" };
  for (const [name, text] of Object.entries(apps)) files[`apps/${name}/app.yaml`] = text;
  return writeRepo({ ...files, ...extra });
}

const clean = (name: string) => `path: apps/${name}\nnamespace: ${name}\ndefaultDeploy: true\n`;

/** Errors in two files and a warning, written so that source order differs from the sorted order. */
function brokenRepo(): string {
  return repo({
    zeta: "path: apps/zeta\nnamespace: zeta\ndefaultDeploy: flase\nvalues:\n  a: yes\n",
    alpha: "path: apps/alpha\nnamespac: alpha\ndefaultDeploy: true\n",
    mid: clean("mid") + "podSecurity: strict\n",
  });
}

function noStack(r: { stdout: string; stderr: string }): void {
  assert.doesNotMatch(r.stdout, STACK_LINE);
  assert.doesNotMatch(r.stderr, STACK_LINE);
}

interface JsonDoc {
  diagnostics: Record<string, unknown>[];
  summary: Record<string, unknown>;
}

test("exit 0 for a clean repository, also with warnings and infos", async () => {
  assert.equal((await run(["check", "--repo", repo({ web: clean("web") })])).code, 0);
  const warned = repo({ web: clean("web") + "values:\n  enabled: yes\n", idle: "path: apps/idle\nnamespace: idle\n" });
  const r = await run(["check", "--repo", warned, "--format", "json"]);
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.stdout) as JsonDoc;
  assert.deepEqual(
    doc.diagnostics.map((d) => d.severity),
    ["info", "warning"],
  );
  assert.equal(doc.summary.errors, 0);
  assert.equal(doc.summary.warnings, 1);
});

test("exit 1 when the repository has errors", async () => {
  const r = await run(["check", "--repo", brokenRepo()]);
  assert.equal(r.code, 1);
  noStack(r);
});

test("exit 2 for usage errors, with the message on stderr and nothing on stdout", async () => {
  const dir = repo({ web: clean("web") });
  const cases: { argv: string[]; says: RegExp }[] = [
    { argv: ["check", "--repo", dir, "--bogus"], says: /--bogus/ },
    { argv: ["frobnicate"], says: /unknown command frobnicate/ },
    { argv: ["check", "--repo", dir, "--format", "markdown"], says: /--format markdown/ },
    { argv: ["check", "--repo", path.join(dir, "does-not-exist")], says: /does-not-exist/ },
    { argv: ["check", "--repo", path.join(dir, "homescale.yaml")], says: /not a folder/ },
    { argv: ["check", "--repo"], says: /--repo/ },
  ];
  for (const c of cases) {
    const r = await run(c.argv);
    assert.equal(r.code, 2, c.argv.join(" "));
    assert.match(r.stderr, c.says, c.argv.join(" "));
    assert.equal(r.stdout, "", c.argv.join(" "));
    noStack(r);
  }
});

test("the exit code reaches the shell through bin/homescale", () => {
  const bin = path.join(ROOT, "bin", "homescale");
  const errors = spawnSync(process.execPath, [bin, "check", "--repo", brokenRepo(), "--format", "json"], { encoding: "utf8" });
  assert.equal(errors.status, 1, errors.stderr);
  assert.ok(Array.isArray((JSON.parse(errors.stdout) as JsonDoc).diagnostics));
  const usage = spawnSync(process.execPath, [bin, "check", "--format", "markdown"], { encoding: "utf8" });
  assert.equal(usage.status, 2);
  noStack(usage);
});

test("--format json: one document, DESIGN.md's shape", async () => {
  const r = await run(["check", "--repo", brokenRepo(), "--format", "json"]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "");
  const doc = JSON.parse(r.stdout) as JsonDoc;
  assert.ok(Array.isArray(doc.diagnostics) && doc.diagnostics.length === 5);
  const allowed = new Set(["code", "severity", "message", "file", "line", "column", "endLine", "endColumn", "hint"]);
  for (const d of doc.diagnostics) {
    for (const k of Object.keys(d)) assert.ok(allowed.has(k), `unexpected field ${k}`);
    assert.match(d.code as string, /^HS\d{3}$/);
    assert.ok((d.code as string) in codes);
    assert.ok(["error", "warning", "info"].includes(d.severity as string));
    assert.equal(typeof d.message, "string");
    assert.equal(typeof d.file, "string");
    assert.ok(!path.isAbsolute(d.file as string), "file is relative to the repository");
    for (const k of ["line", "column"]) assert.ok(Number.isInteger(d[k]) && (d[k] as number) >= 1, k);
    for (const k of ["endLine", "endColumn"]) if (k in d) assert.ok(Number.isInteger(d[k]) && (d[k] as number) >= 1, k);
    if ("hint" in d) assert.equal(typeof d.hint, "string");
  }
  assert.equal(doc.summary.errors, 4);
  assert.equal(doc.summary.warnings, 1);
});

test("diagnostics are sorted by file, then line and column", async () => {
  const r = await run(["check", "--repo", brokenRepo(), "--format", "json"]);
  const doc = JSON.parse(r.stdout) as JsonDoc;
  assert.deepEqual(
    doc.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`),
    [
      "HS022 apps/alpha/app.yaml:1:1",
      "HS020 apps/alpha/app.yaml:2:1",
      "HS023 apps/mid/app.yaml:4:14",
      "HS021 apps/zeta/app.yaml:3:16",
      "HS008 apps/zeta/app.yaml:5:6",
    ],
  );
});

test("--format github: one workflow command per diagnostic", async () => {
  const r = await run(["check", "--repo", brokenRepo(), "--format", "github"]);
  assert.equal(r.code, 1);
  const out = r.stdout.trimEnd().split("\n");
  assert.equal(out.length, 5);
  for (const l of out) assert.match(l, /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+(,endLine=\d+)?(,endColumn=\d+)?,title=HS\d{3}::\S/);
  assert.ok(out.includes(`::error file=apps/zeta/app.yaml,line=3,col=16,endLine=3,endColumn=21,title=HS021::defaultDeploy must be true or false, not the string "flase" (hint: did you mean false?)`));
  assert.ok(out.some((l) => l.startsWith("::warning file=apps/zeta/app.yaml,line=5,col=6,")));
});

test("--format text: file:line:column, severity and code, a caret under the token, the hint", async () => {
  const r = await run(["check", "--repo", brokenRepo(), "--no-color"]);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout, /\u001b\[/, "no color codes");
  const text = r.stdout;
  assert.ok(
    text.includes(
      [
        'apps/zeta/app.yaml:3:16: error HS021 defaultDeploy must be true or false, not the string "flase"',
        "  3 | defaultDeploy: flase",
        "    |                ^^^^^",
        "  hint: did you mean false?",
      ].join("\n"),
    ),
    text,
  );
  assert.ok(
    text.includes(["apps/alpha/app.yaml:2:1: error HS020 unknown field namespac", "  2 | namespac: alpha", "    | ^^^^^^^^", "  hint: did you mean namespace?"].join("\n")),
    text,
  );
  assert.match(text, /apps\/zeta\/app\.yaml:5:6: warning HS008 /);
  assert.match(text, /^✗ 4 errors, 1 warning\b/m);
});

test("--format text on a clean repository says so", async () => {
  const r = await run(["check", "--repo", repo({ web: clean("web") })]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^✓ 0 errors, 0 warnings/m);
});

test("no stack trace for any bad input, in any format", async () => {
  const bad: Record<string, string | Uint8Array>[] = [
    { "apps/x/app.yaml": Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc0, 0x80]) },
    { "apps/x/app.yaml": `values: ${"[".repeat(20000)}${"]".repeat(20000)}\n` },
    { "apps/x/app.yaml": "a: &a [x]\nb: *b\n" },
    { "apps/x/app.yaml": "!!binary zzz\n" },
    { "apps/x/app.yaml": "? [a, b]\n: c\n" },
    { "apps/x/app.yaml": "path: !!int apps/x\nnamespace: !custom x\n" },
    { "apps/x/app.yaml": "%YAML 9.9\n---\npath: x\n" },
    { "apps/x/app.yaml": "path: apps/x\nnamespace: x\ndefaultDeploy: true\nvalues:\n  v: '{{ if }}{{ else }}'\n  w: '{{'\n  z: '{{ (((( }}'\n" },
    { "homescale.yaml": "apiVersion: 1\nkind: [Platform]\nclusters: {a: 1, b: [2], c: {role: 3}}\n", "apps/values.yaml": "- 1\n" },
    { "homescale.yaml": "", "apps/values.yaml": "cluster: 5\n" },
    { "homescale.yaml": "~\n" },
    { "apps/x/app.yaml": "path: apps/x\nnamespace: x\nclusters: {prod: {exposePublic: 5}, mgmt: [1]}\nexposePublic: {cluster: 7}\n" },
    { "apps/x/app.yaml": "path: apps/x\nnamespace: x\nnetbird: {policy: {rules: [{sources: [5, null], protocol: tcp}]}}\n" },
    { "apps/x/app.yaml": "__proto__: {polluted: true}\nconstructor: 1\npath: apps/x\nnamespace: x\n" },
  ];
  for (const files of bad) {
    const dir = writeRepo({ "homescale.yaml": PLATFORM, ...files });
    for (const format of ["text", "json", "github"]) {
      const r = await run(["check", "--repo", dir, "--format", format]);
      const label = `${JSON.stringify(files).slice(0, 80)} --format ${format}`;
      assert.ok(r.code === 0 || r.code === 1, `${label}: exit ${r.code}: ${r.stderr}`);
      assert.equal(r.stderr, "", label);
      noStack(r);
      if (format === "json") JSON.parse(r.stdout);
    }
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, "no prototype pollution");
});

test("an app.yaml that is a folder, and an empty app folder, are not apps", async () => {
  const dir = tempDir();
  writeRepo({ "homescale.yaml": PLATFORM, "apps/web/app.yaml/inner.txt": "x\n" }, dir);
  fs.mkdirSync(path.join(dir, "apps/empty"));
  const r = await run(["check", "--repo", dir, "--format", "json"]);
  const doc = JSON.parse(r.stdout) as JsonDoc;
  assert.deepEqual(
    doc.diagnostics.map((d) => `${d.code} ${d.file}`),
    ["HS076 apps/empty", "HS076 apps/web"],
  );
});

test("a reader that stops early (| head) ends the output, not the command: no EPIPE trace, the command's own exit code", async () => {
  const dir = tempDir("homescale-epipe-");
  fs.cpSync(path.join(ROOT, "examples", "homescale"), dir, { recursive: true });
  fs.appendFileSync(path.join(dir, "apps", "argocd", "app.yaml"), "replicaz: 3\n");
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "homescale"), "check", "--repo", dir, "--format", "json"], { stdio: ["ignore", "pipe", "pipe"] });
  // The reading end is gone before the first write.
  child.stdout.destroy();
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(code, 1, stderr);
  assert.doesNotMatch(stderr, /EPIPE|at .*:\d+:\d+/);
  fs.rmSync(dir, { recursive: true, force: true });
});
