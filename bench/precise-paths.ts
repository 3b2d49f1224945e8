/**
 * How many files of a repository take the precise (eemeli/yaml) parse path, and why.
 *
 *   node dist/bench/precise-paths.js DIR [DIR...]
 *
 * "now" runs the real parseYamlText (dist/src/parse/parse-yaml.js) on every file homescale reads
 * and counts the files whose result carries a precise document (or that did not parse at all).
 * The reason is guessed afterwards: an anchor (`&name`, which sends a file to the precise parser
 * so alias expansion stays bounded), a js-yaml error, or anything else (a YAML 1.1 trap or a
 * scalar where js-yaml and YAML 1.2 disagree).
 *
 * "old prefilter" is what the text prefilters used up to commit 3a33899 would have sent there:
 * mayHaveTraps(text) or an anchor-or-alias regex (`&x` or `*x`, which also matched cron schedules
 * and `*\/*` globs). It shows how much the exact scan saves on a given repository.
 */
import fs from "node:fs";
import path from "node:path";
import jsyaml from "js-yaml";
import { parseYamlText } from "../src/parse/parse-yaml.js";
import { mayHaveTraps } from "../src/parse/yaml11-traps.js";

const ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/;
const OLD_ANCHOR_OR_ALIAS = /(?:^|[\s[{,])[&*][^\s,[\]{}]/;

export interface PreciseStats {
  dir: string;
  files: number;
  precise: number;
  byAnchor: number;
  byJsyamlError: number;
  byOther: number;
  trapWarnings: number;
  oldPrefilter: number;
  ms: number;
}

/** The YAML files homescale reads, as read-folder.ts picks them. */
export function readList(dir: string): string[] {
  const out = ["homescale.yaml", "apps/values.yaml"].filter((f) => fs.existsSync(path.join(dir, f)));
  const appsDir = path.join(dir, "apps");
  if (fs.existsSync(appsDir)) {
    for (const e of fs.readdirSync(appsDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!e.isDirectory() || e.name.startsWith(".") || e.name === "templates" || e.name === "charts") continue;
      const f = `apps/${e.name}/app.yaml`;
      if (fs.existsSync(path.join(dir, f))) out.push(f);
    }
  }
  return out;
}

export function preciseStats(dir: string): PreciseStats {
  const s: PreciseStats = { dir, files: 0, precise: 0, byAnchor: 0, byJsyamlError: 0, byOther: 0, trapWarnings: 0, oldPrefilter: 0, ms: 0 };
  for (const f of readList(dir)) {
    const text = fs.readFileSync(path.join(dir, f), "utf8").replace(/^\uFEFF/, "");
    s.files++;
    if (mayHaveTraps(text) || OLD_ANCHOR_OR_ALIAS.test(text)) s.oldPrefilter++;
    const t0 = performance.now();
    const r = parseYamlText(f, text);
    s.ms += performance.now() - t0;
    s.trapWarnings += r.findings.filter((x) => x.code === "HS008" || x.code === "HS009" || x.code === "HS010").length;
    if (r.file !== undefined && r.file.precise === undefined) continue;
    s.precise++;
    if (ANCHOR.test(text)) s.byAnchor++;
    else {
      let jsError = false;
      try {
        jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
      } catch {
        jsError = true;
      }
      if (jsError) s.byJsyamlError++;
      else s.byOther++;
    }
  }
  return s;
}

export function formatStats(s: PreciseStats): string {
  const pct = (n: number): string => `${((100 * n) / Math.max(1, s.files)).toFixed(1)}%`;
  return [
    `${s.dir}: ${s.files} YAML files read, parsed in ${s.ms.toFixed(0)} ms (in this process)`,
    `  precise parse now: ${s.precise} (${pct(s.precise)}): anchor ${s.byAnchor}, js-yaml error ${s.byJsyamlError}, trap or 1.2 disagreement ${s.byOther}; YAML 1.1 trap warnings: ${s.trapWarnings}`,
    `  old text prefilter (before 3a33899) would send: ${s.oldPrefilter} (${pct(s.oldPrefilter)})`,
  ].join("\n");
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  if (process.argv.length < 3) {
    process.stderr.write("usage: node dist/bench/precise-paths.js DIR [DIR...]\n");
    process.exit(2);
  }
  for (const dir of process.argv.slice(2)) console.log(formatStats(preciseStats(dir)));
}
