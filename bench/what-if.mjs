#!/usr/bin/env node
/**
 * What-if timings for suggested src/ changes, without touching src/: copies the built dist/ into
 * a temp folder once per variant, patches the compiled JavaScript there, checks that the variant
 * prints the same diagnostics as the baseline (on every repo given), and times
 * `homescale check --format json` for all variants interleaved (fresh process per run, median of
 * wall and CPU time).
 *
 *   node bench/what-if.mjs [--rounds N] REPO [REPO...]
 *
 * Patches anchor on the compiled code of the day; when the code has moved on, a variant is reported
 * as "not applicable" instead of being timed. Nothing here is used by `npm run bench`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
let rounds = 7;
const repos = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--rounds") rounds = Math.max(3, Number(args[++i]));
  else repos.push(path.resolve(args[i]));
}
if (repos.length === 0) {
  console.error("usage: node bench/what-if.mjs [--rounds N] REPO [REPO...]");
  process.exit(2);
}

/** Replaces the text between two anchors (start included, end excluded); throws when they are gone. */
function splice(file, startAnchor, endAnchor, replacement) {
  const s = fs.readFileSync(file, "utf8");
  const a = s.indexOf(startAnchor);
  const b = endAnchor === null ? s.length : s.indexOf(endAnchor, a + 1);
  if (a < 0 || b < 0) throw new Error(`anchor not found in ${path.basename(file)}: ${a < 0 ? startAnchor : endAnchor}`);
  fs.writeFileSync(file, s.slice(0, a) + replacement + s.slice(b));
}

// 1. The YAML 1.1 prefilter only matches a candidate that is a whole plain scalar (see bench/precise-paths.ts).
const PROPOSED = String.raw`/(?:^|[\s[{,:?-])(?:(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0[0-7]+|[-+]?0b[01_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|[-+]?[0-9]+[eE][-+]?[0-9]+)(?=[ \t]*(?:$|#|,|\]|\}|:(?:[ \t]|$)))|[0-9]{4}-[0-9]{1,2}-[0-9])/m`;
function strictPrefilter(dist) {
  const f = path.join(dist, "src/parse/yaml11-traps.js");
  const s = fs.readFileSync(f, "utf8");
  if (!/const CANDIDATE = .*;\n/.test(s)) throw new Error("CANDIDATE not found");
  fs.writeFileSync(f, s.replace(/const CANDIDATE = .*;\n/, `const CANDIDATE = ${PROPOSED};\n`));
}

// 2. No prefilter at all: js-yaml sees every plain scalar through an implicit type placed first,
//    which records exact YAML 1.1 traps; aliases are detected as shared objects in the result.
//    Only files with a real trap, a real alias or a js-yaml error take the precise path.
function exactProbe(dist) {
  splice(
    path.join(dist, "src/parse/parse-yaml.js"),
    "export function parseYamlText(path, text) {",
    "function parsePreciseFile(",
    `let trapSeen = false;
const trapProbe = new jsyaml.Type("tag:homescale.dev,2025:yaml11-probe", { kind: "scalar", resolve(d) { if (!trapSeen && yaml11Trap(d)) trapSeen = true; return false; } });
const FAST_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [trapProbe, jsyaml.types.null, jsyaml.types.bool, jsyaml.types.int, jsyaml.types.float] });
function shared(v, seen) { if (typeof v !== "object" || v === null) return false; if (seen.has(v)) return true; seen.add(v); for (const k in v) if (shared(v[k], seen)) return true; return false; }
export function parseYamlText(path, text) {
    trapSeen = false;
    try {
        const value = jsyaml.load(text, { schema: FAST_SCHEMA, filename: path });
        if (!trapSeen && !(text.includes("&") && shared(value, new Set())))
            return { file: { path, text, value: value === undefined ? null : value }, text, findings: [] };
    }
    catch {
    }
    return parsePreciseFile(path, text, true);
}
`,
  );
}

// 3. The templates rule evaluates each distinct template once per cluster (results depend only on
//    the template and the cluster), with the template data built once per cluster.
function templateMemo(dist) {
  splice(
    path.join(dist, "src/check/rules/templates.js"),
    "            for (const p of places) {",
    "    },\n};",
    `            const enabledOn = model.platform.clusters.filter((c) => isEnabled(app, c.name));
            for (const p of places) {
                try {
                    const tpl = templateOf(p.text);
                    let ok = OK_ON.get(tpl);
                    if (!ok) OK_ON.set(tpl, (ok = new Set()));
                    for (const c of enabledOn) {
                        if (p.cluster !== undefined && p.cluster !== c.name)
                            continue;
                        if (ok.has(c))
                            continue;
                        let d = DATA.get(c);
                        if (!d) DATA.set(c, (d = templateData(model.catalog, c)));
                        renderTemplate(tpl, d);
                        ok.add(c);
                    }
                }
                catch (e) {
                    if (!(e instanceof TemplateError))
                        throw e;
                    report("HS070", e.message, { file: app.file, path: p.path, key: p.key, needle: e.action }, HINT);
                }
            }
        }
`,
  );
  const f = path.join(dist, "src/check/rules/templates.js");
  fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("export const templatesRule", "const OK_ON = new Map();\nconst DATA = new Map();\nexport const templatesRule"));
}

// 4. readFolder: one readdir per app folder instead of an lstat per path component per probe.
function readdirProbe(dist) {
  const f = path.join(dist, "src/load/read-folder.js");
  const s = fs.readFileSync(f, "utf8");
  const needle = "for (const extra of appExtras(name))";
  if (!s.includes(needle)) throw new Error("appExtras loop not found");
  const re = /(\s*)for \(const extra of appExtras\(name\)\)\s*(?:\{\s*)?if \(reader\.isFile\(extra\)\)\s*snap\.present\.add\(extra\);/;
  if (!re.test(s)) throw new Error("appExtras loop has changed");
  fs.writeFileSync(
    f,
    s.replace(
      re,
      `$1{ let names; try { const d = path.join(root, "apps", name); names = fs.lstatSync(path.join(root, "apps")).isDirectory() && fs.lstatSync(d).isDirectory() ? new Map(fs.readdirSync(d, { withFileTypes: true }).map((e) => [e.name, e])) : undefined; } catch { names = undefined; }
      if (names === undefined) { for (const extra of appExtras(name)) if (reader.isFile(extra)) snap.present.add(extra); } else
      for (const extra of appExtras(name)) { const rest = extra.slice(("apps/" + name + "/").length); const first = rest.split("/")[0]; const e = names.get(first);
        if (e === undefined) continue; if (!e.isSymbolicLink() && !rest.includes("/")) { if (e.isFile()) snap.present.add(extra); continue; } if (reader.isFile(extra)) snap.present.add(extra); } }`,
    ),
  );
}

const VARIANTS = [
  { name: "baseline", patches: [] },
  { name: "strict prefilter", patches: [strictPrefilter] },
  { name: "exact trap probe", patches: [exactProbe] },
  { name: "probe + template memo", patches: [exactProbe, templateMemo] },
  { name: "probe + memo + readdir", patches: [exactProbe, templateMemo, readdirProbe] },
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "homescale-what-if-"));
const useTime = fs.existsSync("/usr/bin/time");
const rssFile = path.join(tmp, "rss");
try {
  const ready = [];
  for (const v of VARIANTS) {
    const dir = path.join(tmp, v.name.replace(/\W+/g, "-"));
    fs.mkdirSync(dir);
    fs.cpSync(path.join(ROOT, "dist"), path.join(dir, "dist"), { recursive: true });
    fs.cpSync(path.join(ROOT, "bin"), path.join(dir, "bin"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    try {
      for (const p of v.patches) p(path.join(dir, "dist"));
    } catch (e) {
      console.log(`${v.name}: not applicable (${e.message})`);
      continue;
    }
    ready.push({ ...v, bin: path.join(dir, "bin/homescale"), runs: new Map() });
  }
  const run = (v, repo) => {
    fs.rmSync(rssFile, { force: true });
    const argv = [v.bin, "check", "--repo", repo, "--format", "json"];
    const t0 = process.hrtime.bigint();
    const r = useTime
      ? spawnSync("/usr/bin/time", ["-f", "%M %U %S", "-o", rssFile, process.execPath, ...argv], { encoding: "utf8", maxBuffer: 1 << 28 })
      : spawnSync(process.execPath, argv, { encoding: "utf8", maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    let cpu = NaN;
    if (useTime) {
      const [, u, s] = fs.readFileSync(rssFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
      cpu = (u + s) * 1000;
    }
    return { ms, cpu, out: r.stdout, status: r.status };
  };
  // Same diagnostics as the baseline, or the variant is dropped.
  const base = ready[0];
  for (const repo of repos) {
    const want = run(base, repo).out;
    for (const v of ready.slice(1)) {
      if (v.bad) continue;
      const got = run(v, repo).out;
      if (got !== want) {
        v.bad = true;
        console.log(`${v.name}: output differs from the baseline on ${repo}; not timed`);
      }
    }
  }
  const timed = ready.filter((v) => !v.bad);
  for (let r = 0; r < rounds; r++) {
    for (const repo of repos) {
      for (const v of timed) {
        const m = run(v, repo);
        const list = v.runs.get(repo) ?? [];
        list.push(m);
        v.runs.set(repo, list);
      }
    }
    process.stderr.write(`round ${r + 1}/${rounds}\n`);
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  for (const repo of repos) {
    console.log(`\n${repo} (median of ${rounds}, fresh process each)`);
    console.log("| variant | wall ms | CPU ms | CPU vs baseline |\n|---|---:|---:|---:|");
    const baseCpu = median(timed[0].runs.get(repo).map((m) => m.cpu));
    for (const v of timed) {
      const runs = v.runs.get(repo);
      const cpu = median(runs.map((m) => m.cpu));
      console.log(`| ${v.name} | ${median(runs.map((m) => m.ms)).toFixed(0)} | ${cpu.toFixed(0)} | ${((100 * cpu) / baseCpu).toFixed(0)}% |`);
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
