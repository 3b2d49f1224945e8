#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) by self time, by inclusive time, and by source
 * file / package.
 *
 *   node bench/top-profile.mjs FILE.cpuprofile [FILE...] [--top N] [--match REGEX]
 *
 * Several files (runs of the same command) are added up, which steadies the numbers on a noisy machine.
 * --match lists the inclusive time of every function whose name matches (e.g. effectiveSpec|deepMerge).
 *
 * Bundles (esbuild, not minified) are mapped back to their modules through the `// path/to/module.js`
 * comments esbuild writes before each module, so dist/homescale.cjs shows as dist/src/..., yaml, js-yaml.
 */
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const files = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--match" && args[i - 1] !== "--top");
if (files.length === 0) {
  console.error("usage: node bench/top-profile.mjs FILE.cpuprofile [FILE...] [--top N] [--match REGEX]");
  process.exit(2);
}
const topIdx = args.indexOf("--top");
const TOP = topIdx >= 0 ? Number(args[topIdx + 1]) : 15;
const matchIdx = args.indexOf("--match");
const MATCH = matchIdx >= 0 ? new RegExp(args[matchIdx + 1]) : undefined;


/** For a bundle: the module each line belongs to, from esbuild's `// module/path.js` markers. */
const bundles = new Map();
const moduleAt = (url, line) => {
  if (!url.startsWith("file://")) return undefined;
  let markers = bundles.get(url);
  if (markers === undefined) {
    markers = [];
    try {
      const text = fs.readFileSync(new URL(url), "utf8");
      let n = 0;
      for (const l of text.split("\n")) {
        const m = /^\/\/ ((?:node_modules|dist|src)\/\S+\.[cm]?js)$/.exec(l);
        if (m) markers.push([n, m[1]]);
        n++;
      }
    } catch {
      // not readable: no mapping
    }
    bundles.set(url, markers);
  }
  let found;
  for (const [n, mod] of markers) {
    if (n > line) break;
    found = mod;
  }
  return found;
};
const urlOf = (n) => {
  const f = n.callFrame;
  const mod = f.url ? moduleAt(f.url, f.lineNumber) : undefined;
  return mod ? `file:///${mod}` : f.url;
};

const shortUrl = (url) => {
  if (!url) return "";
  const u = url.replace(/^file:\/\//, "");
  const nm = u.lastIndexOf("node_modules/");
  if (nm >= 0) return u.slice(nm + "node_modules/".length);
  const d = u.indexOf("dist/");
  if (d >= 0) return u.slice(d);
  return u.startsWith("node:") ? u : path.basename(u);
};
const keyOf = (n) => {
  const f = n.callFrame;
  const name = f.functionName || "(anonymous)";
  return f.url ? `${name} ${shortUrl(urlOf(n))}:${f.lineNumber + 1}` : name;
};
const pkgOf = (n) => {
  const u = urlOf(n) ?? "";
  if (!u) return n.callFrame.functionName.startsWith("(") ? n.callFrame.functionName : "(native)";
  if (u.startsWith("node:")) return "node internals";
  const nm = u.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = u.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/?dist\/(src\/[^/]+(?:\/[^/]+)?)/.exec(u);
  if (m) return m[1].replace(/\.js$/, "");
  return shortUrl(u);
};

// Self time: each sample's delta goes to the node at the top of its stack.
const self = new Map();
const inclusive = new Map();
const pkgSelf = new Map();
let total = 0;
let idle = 0;
let sampleCount = 0;
for (const file of files) {
const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const samples = prof.samples;
const deltas = prof.timeDeltas;
sampleCount += samples.length;
for (let i = 0; i < samples.length; i++) {
  const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000; // the delta after a sample is its duration
  const n = byId.get(samples[i]);
  total += dt;
  if (n.callFrame.functionName === "(idle)") idle += dt;
  const k = keyOf(n);
  self.set(k, (self.get(k) ?? 0) + dt);
  const p = pkgOf(n);
  pkgSelf.set(p, (pkgSelf.get(p) ?? 0) + dt);
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parent.get(id)) {
    const key = keyOf(byId.get(id));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
  }
}
}
const busy = total - idle;
const pct = (x) => `${((100 * x) / busy).toFixed(1).padStart(5)}%`;
const ms = (x) => `${(x / files.length).toFixed(1).padStart(8)} ms`;
const show = (title, m, n, filter = () => true) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m.entries()].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${ms(v)} ${pct(v)}  ${k}`);
};
const runs = files.length;
console.log(
  `${files.length === 1 ? path.basename(files[0]) : `${files.length} profiles`}: ${sampleCount} samples, ${total.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms not idle (percentages are of this${runs > 1 ? "; times are per run, averaged" : ""})`,
);
show(`top ${TOP} by self time`, self, TOP);
show("self time by package / homescale module", pkgSelf, TOP);
show(`top ${TOP} by inclusive time (homescale functions)`, inclusive, TOP, (k) => / dist\/src\//.test(k));
console.log("\n(lines are those of the file that ran: for a bundle, lines of the bundle)");
if (MATCH) show(`inclusive time of functions matching ${MATCH}`, inclusive, 50, (k) => MATCH.test(k.split(" ")[0]));
