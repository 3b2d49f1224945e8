#!/usr/bin/env node
/**
 * What each speed device buys. A device is code that exists only to make homescale faster (the
 * subset YAML reader, frames, shared trees, the byte writer, the bundle and its code cache, the JIT
 * budget, plan's "described alike" test, the per-cluster template results, the sorted-tree memo).
 * For each, a variant of the built program without it: dist/ copied to a temp folder, the compiled
 * JavaScript patched there (the source is never touched), re-bundled as `npm run build` does. Every
 * variant must print the same check output, write the same files and plan the same changes as the
 * baseline, or it is reported and not timed. Then check, build and plan of a generated platform
 * (2,000 apps on 20 clusters by default) are timed for all variants interleaved, a fresh process per
 * run; the table gives each command's median wall time and its ratio to the baseline: what turning
 * the device off costs.
 *
 *   npm run build && node dist/bench/bench.js --help   (the budgets)
 *   npm run build && node bench/devices.mjs [--rounds N] [--apps N] [--clusters N] [--shape default|templated]
 *
 * Patches anchor on the compiled code: when the code moves on, a variant is reported as "not
 * applicable" instead of being timed. Nothing here is used by `npm run bench`.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const rounds = Math.max(3, opt("rounds", 5));
const apps = opt("apps", 2000);
const clusters = opt("clusters", 20);
// default | templated (bench/generate.ts): the templated shape is where the template devices pay.
const shape = args.includes("--shape") ? args[args.indexOf("--shape") + 1] : "default";

/** Replaces one exact piece of compiled code; throws when it is not there exactly once. */
function replaceOnce(file, from, to) {
  const s = fs.readFileSync(file, "utf8");
  const at = s.indexOf(from);
  if (at < 0 || s.indexOf(from, at + 1) >= 0) throw new Error(`${path.basename(file)}: code to patch not found (or not unique): ${from.split("\n")[0].trim()}`);
  fs.writeFileSync(file, s.slice(0, at) + to + s.slice(at + from.length));
}

const src = (dir, f) => path.join(dir, "dist", "src", f);

const VARIANTS = [
  { name: "baseline", patch: () => {} },
  {
    name: "no subset YAML reader",
    // Every file takes js-yaml (and the precise parser where that one declines), as before the reader.
    patch: (dir) => replaceOnce(src(dir, "parse/parse-yaml.js"), "(viaFastReader(path, text) ?? viaJsYaml(path, text)", "(viaJsYaml(path, text)"),
  },
  {
    name: "no frames",
    // A description is made and at once materialized: every object is written and compared whole.
    patch: (dir) =>
      replaceOnce(
        src(dir, "render/describe/frame.js"),
        "    constructor(frame, parts) {\n        this.frame = frame;\n        this.parts = parts;\n    }",
        "    constructor(frame, parts) {\n        return fillFrame(frame, parts);\n    }",
      ),
  },
  {
    name: "no shared trees",
    // The writer never keeps the text of a tree handed to many objects: it writes it each time.
    patch: (dir) => replaceOnce(src(dir, "render/describe/shared-tree.js"), "return shared.has(tree);", "return false;"),
  },
  {
    name: "no byte writer",
    // Each file is made as one string, then encoded, as build did before it wrote bytes.
    patch: (dir) => replaceOnce(src(dir, "render/outputs.js"), 'if ("yaml" in f.outputs[0])\n            writeYamlStream(documents(f), sink);\n        else\n            sink.push(fileText(f));', "sink.push(fileText(f));"),
  },
  {
    name: "no sorted-tree memo",
    // sortKeysDeep sorts a tree every time it is asked, instead of once per tree.
    patch: (dir) => replaceOnce(src(dir, "render/describe/sort-keys-deep.js"), "const known = sorted.get(v);", "const known = undefined;"),
  },
  {
    name: "no template results",
    // A template is evaluated each time it is met, not once per text and cluster.
    patch: (dir) => replaceOnce(src(dir, "model/template-values.js"), "let r = byText.get(text);", "let r = undefined;"),
  },
  {
    name: "no simple templates",
    // Every template goes through the interpreter, its results kept per cluster; check evaluates
    // each text per cluster instead of looking its fields up once.
    patch: (dir) => replaceOnce(src(dir, "gotpl/template.js"), "if (simple)\n        tpl.simple = simple;", ""),
  },
  {
    name: "no override trees",
    // A tree made for one cluster (an override merged in) is described like a base tree: a frame
    // compiled for it, its template plan looked up anew.
    patch: (dir) => replaceOnce(src(dir, "model/deep-merge.js"), "return overrideTrees.has(v);", "return false;"),
  },
  {
    name: "plan: no described-alike",
    // plan materializes and compares every object of both revisions.
    patch: (dir) => replaceOnce(src(dir, "render/describe/documents.js"), "export function describedAlike(a, b) {", "export function describedAlike(a, b) {\n    return false;"),
  },
  {
    name: "no code cache",
    patch: (dir) => fs.rmSync(path.join(dir, "dist", "homescale.cache"), { force: true }),
    keepCache: false,
  },
  {
    name: "no JIT budget",
    // The launcher leaves V8's inlining budget at its default (the cache is recorded under the same flags).
    patch: (dir) => replaceOnce(path.join(dir, "bin", "homescale"), 'v8.setFlagsFromString("--max-inlined-bytecode-size-cumulative=100");', ""),
  },
  {
    name: "no bundle",
    // The unbundled ES modules under dist/src, loaded one by one (same JIT budget, no cache).
    patch: (dir) =>
      fs.writeFileSync(
        path.join(dir, "bin", "homescale"),
        `#!/usr/bin/env node\nimport v8 from "node:v8";\nv8.setFlagsFromString("--max-inlined-bytecode-size-cumulative=100");\nconst { main } = await import(${JSON.stringify(pathToFileURL(src(dir, "cli/main.js")).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
      ),
    keepCache: false,
  },
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "homescale-devices-"));
try {
  // The platform, and a repository of two commits for plan (1% of the apps edited).
  const { generatePlatform, mutatePercent } = await import(pathToFileURL(path.join(ROOT, "dist", "bench", "generate.js")).href);
  const repo = path.join(tmp, "platform");
  generatePlatform(repo, { apps, clusters, seed: 1, shape });
  const git = (...a) => spawnSync("git", ["-C", repo, "-c", "user.email=bench@homescale", "-c", "user.name=bench", ...a], { encoding: "utf8" });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "base");
  mutatePercent(repo, 1, 7);
  git("commit", "-qam", "head");

  const ready = [];
  for (const v of VARIANTS) {
    const dir = path.join(tmp, v.name.replace(/\W+/g, "-"));
    for (const d of ["dist", "bin", "scripts"]) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    fs.symlinkSync(path.join(ROOT, "examples"), path.join(dir, "examples"));
    // The bundler also packs the dashboard's page from its TypeScript source.
    fs.symlinkSync(path.join(ROOT, "src"), path.join(dir, "src"));
    try {
      v.patch(dir);
    } catch (e) {
      console.log(`${v.name}: not applicable (${e.message})`);
      continue;
    }
    if (v.keepCache !== false) {
      // Re-bundled and the code cache recorded again, as npm run build does.
      const b = spawnSync(process.execPath, [path.join(dir, "scripts", "bundle.mjs")], { encoding: "utf8" });
      if (b.status !== 0) {
        console.log(`${v.name}: bundling failed\n${b.stderr}`);
        continue;
      }
    }
    ready.push({ ...v, bin: path.join(dir, "bin", "homescale"), out: path.join(dir, "out"), times: {} });
  }

  const COMMANDS = {
    check: (v) => ["check", "--repo", repo, "--format", "json"],
    build: (v) => ["build", "--repo", repo, "--out", v.out, "--format", "json"],
    plan: (v) => ["plan", "--repo", repo, "--base", "HEAD~1", "--head", "HEAD", "--format", "json"],
  };
  const run = (v, cmd) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [v.bin, ...COMMANDS[cmd](v)], { encoding: "utf8", maxBuffer: 1 << 28 });
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out: r.stdout, status: r.status };
  };
  const hash = (s) => crypto.createHash("sha256").update(s).digest("hex");
  const base = ready[0];
  const want = Object.fromEntries(Object.keys(COMMANDS).map((c) => [c, hash(run(base, c).out)]));
  for (const v of ready.slice(1)) {
    for (const c of Object.keys(COMMANDS)) {
      if (hash(run(v, c).out) !== want[c]) {
        v.bad = true;
        console.log(`${v.name}: ${c} prints other output than the baseline; not timed`);
        break;
      }
    }
  }
  const timed = ready.filter((v) => !v.bad);
  for (let r = 0; r < rounds; r++) {
    for (const c of Object.keys(COMMANDS)) for (const v of timed) (v.times[c] ??= []).push(run(v, c).ms);
    process.stderr.write(`round ${r + 1}/${rounds}\n`);
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  console.log(`\n${apps} apps on ${clusters} clusters (${shape} shape), median of ${rounds} interleaved runs (a fresh process each), ${os.availableParallelism()} cores`);
  console.log("| device off | check ms | vs baseline | build ms | vs baseline | plan ms | vs baseline |\n|---|---:|---:|---:|---:|---:|---:|");
  const b = Object.fromEntries(Object.keys(COMMANDS).map((c) => [c, median(base.times[c])]));
  for (const v of timed) {
    const cells = Object.keys(COMMANDS).flatMap((c) => {
      const m = median(v.times[c]);
      return [m.toFixed(0), v === base ? "1.00" : (m / b[c]).toFixed(2)];
    });
    console.log(`| ${v.name} | ${cells.join(" | ")} |`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
