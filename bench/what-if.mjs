#!/usr/bin/env node
/**
 * What-if timings for suggested src/ changes, without touching src/: copies the built dist/ into
 * a temp folder once per variant, patches the compiled JavaScript under dist/src there, re-bundles
 * it (scripts/bundle.mjs, as `npm run build` does), checks that the variant prints the same
 * diagnostics as the baseline on every repository given, and times
 * `homescale check --format json` for all variants interleaved (fresh process per run; median
 * wall and CPU time).
 *
 *   npm run build && node bench/what-if.mjs [--rounds N] REPO [REPO...]
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

/** Replaces one exact piece of compiled code; throws when it is not there (exactly once). */
function replaceOnce(file, from, to) {
  const s = fs.readFileSync(file, "utf8");
  const at = s.indexOf(from);
  if (at < 0 || s.indexOf(from, at + 1) >= 0) throw new Error(`${path.basename(file)}: code to patch not found (or not unique): ${from.split("\n")[0].trim()}`);
  fs.writeFileSync(file, s.slice(0, at) + to + s.slice(at + from.length));
}

// A. yaml11Trap answers from the first character: a scalar that starts with a letter can only be
//    a YAML 1.1 boolean (one Set lookup); the six number/timestamp regexes run only for [-+0-9].
function trapGate(dist) {
  const f = path.join(dist, "src/parse/yaml11-traps.js");
  replaceOnce(
    f,
    "export function yaml11Trap(source) {",
    `export function yaml11Trap(source) {
    const c0 = source.charCodeAt(0);
    if (!(c0 === 43 || c0 === 45 || (c0 >= 48 && c0 <= 57)))
        return BOOL11.has(source) ? { code: "HS008", reads: \`the boolean \${TRUE11.has(source) ? "true" : "false"}\` } : undefined;`,
  );
}

// B. The templates rule renders each distinct template once per cluster (the result depends only
//    on the template text and the cluster), with the template data built once per cluster.
function templateMemo(dist) {
  const f = path.join(dist, "src/check/rules/templates.js");
  replaceOnce(f, "export const templatesRule = {", "const OK_ON = new Map();\nconst DATA = new Map();\nexport const templatesRule = {");
  replaceOnce(
    f,
    `                    for (const c of model.platform.clusters) {
                        if (p.cluster !== undefined && p.cluster !== c.name)
                            continue;
                        if (!isEnabled(app, c.name))
                            continue;
                        renderTemplate(tpl, templateData(model.catalog, c));
                    }`,
    `                    let ok = OK_ON.get(tpl);
                    if (!ok)
                        OK_ON.set(tpl, (ok = new Set()));
                    for (const c of model.platform.clusters) {
                        if (p.cluster !== undefined && p.cluster !== c.name)
                            continue;
                        if (ok.has(c) || !isEnabled(app, c.name))
                            continue;
                        let d = DATA.get(c);
                        if (!d)
                            DATA.set(c, (d = templateData(model.catalog, c)));
                        renderTemplate(tpl, d);
                        ok.add(c);
                    }`,
  );
}

// C. readFolder trusts the app folder's directory entries: a regular file needs no lstat and no
//    stat (the size check uses the open file's fstat); only symbolic links take the safe lookup.
function direntRead(dist) {
  const f = path.join(dist, "src/load/read-folder.js");
  replaceOnce(
    f,
    `        const entries = reader.entries(\`apps/\${name}\`);
        if (entries.has("app.yaml"))
            reader.readInto(snap, appFile(name));
        for (const extra of appExtras(name)) {
            const [, , first] = extra.split("/");
            if (entries.has(first) && reader.isFile(extra))
                snap.present.add(extra);
        }`,
    `        const dir = reader.dirents(\`apps/\${name}\`);
        const y = dir.map.get("app.yaml");
        if (y !== undefined) {
            if (y.isFile())
                reader.readFileAt(snap, appFile(name), path.join(dir.abs, "app.yaml"));
            else
                reader.readInto(snap, appFile(name));
        }
        for (const extra of appExtras(name)) {
            const rest = extra.split("/").slice(2);
            const e = dir.map.get(rest[0]);
            if (e === undefined)
                continue;
            if (rest.length === 1 && !e.isSymbolicLink()) {
                if (e.isFile())
                    snap.present.add(extra);
                continue;
            }
            if (reader.isFile(extra))
                snap.present.add(extra);
        }`,
  );
  replaceOnce(
    f,
    "    /** Names in a folder (empty when it is missing or unsafe). */\n    entries(rel) {",
    `    dirents(rel) {
        const abs = this.resolve(rel);
        const map = new Map();
        if (abs !== undefined) {
            try {
                for (const e of fs.readdirSync(abs, { withFileTypes: true }))
                    map.set(e.name, e);
            }
            catch {
                // as if empty
            }
        }
        return { abs, map };
    }
    readFileAt(snap, rel, abs) {
        let fd;
        try {
            fd = fs.openSync(abs, "r");
            const size = fs.fstatSync(fd).size;
            if (size > MAX_FILE_BYTES) {
                this.findings.push({
                    code: "HS007",
                    severity: "error",
                    message: \`\${rel} is \${size} bytes, over the limit of \${MAX_FILE_BYTES}\`,
                    hint: "split the file, or move large data out of the platform repository",
                    where: { file: rel, offset: 0 },
                });
                return;
            }
            snap.files.set(rel, fs.readFileSync(fd));
        }
        catch (e) {
            this.findings.push({ code: "HS092", severity: "error", message: \`\${rel} could not be read: \${e.code ?? "error"}\`, where: { file: rel, offset: 0 } });
        }
        finally {
            if (fd !== undefined)
                fs.closeSync(fd);
        }
    }
    /** Names in a folder (empty when it is missing or unsafe). */
    entries(rel) {`,
  );
}

const VARIANTS = [
  { name: "baseline", patches: [] },
  { name: "A trap gate", patches: [trapGate] },
  { name: "B template memo", patches: [templateMemo] },
  { name: "C dirent read", patches: [direntRead] },
  { name: "A+B+C", patches: [trapGate, templateMemo, direntRead] },
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
    fs.cpSync(path.join(ROOT, "scripts"), path.join(dir, "scripts"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    try {
      for (const p of v.patches) p(path.join(dir, "dist"));
    } catch (e) {
      console.log(`${v.name}: not applicable (${e.message})`);
      continue;
    }
    if (fs.existsSync(path.join(dir, "scripts/bundle.mjs"))) {
      const b = spawnSync(process.execPath, [path.join(dir, "scripts/bundle.mjs")], { encoding: "utf8" });
      if (b.status !== 0) {
        console.log(`${v.name}: bundling failed\n${b.stderr}`);
        continue;
      }
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
