#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) by self time, by inclusive time, and by source
 * file / package.
 *
 *   node bench/top-profile.mjs FILE.cpuprofile [--top N] [--match REGEX]
 *
 * --match lists the inclusive time of every function whose name matches (e.g. effectiveSpec|deepMerge).
 */
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a) && args[args.indexOf(a) - 1] !== "--match");
if (!file) {
  console.error("usage: node bench/top-profile.mjs FILE.cpuprofile [--top N] [--match REGEX]");
  process.exit(2);
}
const topIdx = args.indexOf("--top");
const TOP = topIdx >= 0 ? Number(args[topIdx + 1]) : 15;
const matchIdx = args.indexOf("--match");
const MATCH = matchIdx >= 0 ? new RegExp(args[matchIdx + 1]) : undefined;

const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const shortUrl = (url) => {
  if (!url) return "";
  const u = url.replace(/^file:\/\//, "");
  const nm = u.lastIndexOf("node_modules/");
  if (nm >= 0) return u.slice(nm + "node_modules/".length);
  const d = u.indexOf("/dist/");
  if (d >= 0) return u.slice(d + 1);
  return u.startsWith("node:") ? u : path.basename(u);
};
const keyOf = (n) => {
  const f = n.callFrame;
  const name = f.functionName || "(anonymous)";
  return f.url ? `${name} ${shortUrl(f.url)}:${f.lineNumber + 1}` : name;
};
const pkgOf = (n) => {
  const u = n.callFrame.url ?? "";
  if (!u) return n.callFrame.functionName.startsWith("(") ? n.callFrame.functionName : "(native)";
  if (u.startsWith("node:")) return "node internals";
  const nm = u.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = u.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/dist\/(src\/[^/]+(?:\/[^/]+)?)/.exec(u);
  if (m) return m[1].replace(/\.js$/, "");
  return shortUrl(u);
};

// Self time: each sample's delta goes to the node at the top of its stack.
const self = new Map();
const inclusive = new Map();
const pkgSelf = new Map();
let total = 0;
let idle = 0;
const samples = prof.samples;
const deltas = prof.timeDeltas;
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
const busy = total - idle;
const pct = (x) => `${((100 * x) / busy).toFixed(1).padStart(5)}%`;
const ms = (x) => `${x.toFixed(1).padStart(8)} ms`;
const show = (title, m, n, filter = () => true) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m.entries()].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${ms(v)} ${pct(v)}  ${k}`);
};
console.log(`${path.basename(file)}: ${samples.length} samples, ${total.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms not idle (percentages are of this)`);
show(`top ${TOP} by self time`, self, TOP);
show("self time by package / homescale module", pkgSelf, TOP);
show(`top ${TOP} by inclusive time (homescale functions)`, inclusive, TOP, (k) => / dist\/src\//.test(k));
if (MATCH) show(`inclusive time of functions matching ${MATCH}`, inclusive, 50, (k) => MATCH.test(k.split(" ")[0]));
