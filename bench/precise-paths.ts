/**
 * How many files of a repository take the precise (eemeli/yaml) parse path in parseYamlText, and why.
 *
 *   node dist/bench/precise-paths.js DIR [DIR...]
 *
 * A file goes to the precise parser when the YAML 1.1 prefilter (mayHaveTraps) matches, when the
 * anchor/alias prefilter matches, or when js-yaml rejects it. For each file that does, this tool also
 * runs the real trap finder (yaml11Trap on every plain scalar) to tell true positives from false
 * ones, and shows the token that made the prefilter match. It also evaluates a stricter candidate
 * prefilter (PROPOSED) and reports any file it would miss that has a real trap (must be zero).
 *
 * The anchor regex is a copy of ANCHOR_OR_ALIAS in src/parse/parse-yaml.ts (it is not exported).
 */
import fs from "node:fs";
import path from "node:path";
import jsyaml from "js-yaml";
import { parseDocument, Scalar, visit } from "yaml";
import { mayHaveTraps, yaml11Trap } from "../src/parse/yaml11-traps.js";

const ANCHOR_OR_ALIAS = /(?:^|[\s[{,])[&*][^\s,[\]{}]/;

/** The prefilter of src/parse/yaml11-traps.ts, copied to show the matched token. */
const CANDIDATE =
  /(?:^|[\s[{,:?-])(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0[0-7]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*:[0-9]|[-+]?[0-9][0-9_]*_|[-+]?[0-9]+[eE][-+]?[0-9]|[0-9]{4}-[0-9]{1,2}-[0-9])(?=$|[\s,\]}:#._0-9]|[-+0-9eE])/m;

/**
 * A stricter prefilter: the candidate must be a whole plain scalar, i.e. followed by optional
 * blanks and then the end of the line, a comment, a flow indicator or a `: ` key separator.
 * Timestamps keep the prefix-only test (they may contain spaces).
 */
export const PROPOSED =
  /(?:^|[\s[{,:?-])(?:(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0[0-7]+|[-+]?0b[01_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|[-+]?[0-9]+[eE][-+]?[0-9]+)(?=[ \t]*(?:$|#|,|\]|\}|:(?:[ \t]|$)))|[0-9]{4}-[0-9]{1,2}-[0-9])/m;

export interface PreciseStats {
  dir: string;
  files: number;
  precise: number;
  byTraps: number;
  byAnchor: number;
  byJsyamlError: number;
  realTraps: number;
  proposedPrecise: number;
  proposedMissed: string[];
  tokens: Map<string, number>;
}

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

function hasRealTrap(text: string): boolean {
  const doc = parseDocument(text, { version: "1.2", schema: "core" });
  let found = false;
  visit(doc, {
    Scalar(_k, node: Scalar) {
      if (node.type === Scalar.PLAIN && node.source !== undefined && yaml11Trap(node.source)) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

export function preciseStats(dir: string): PreciseStats {
  const s: PreciseStats = {
    dir,
    files: 0,
    precise: 0,
    byTraps: 0,
    byAnchor: 0,
    byJsyamlError: 0,
    realTraps: 0,
    proposedPrecise: 0,
    proposedMissed: [],
    tokens: new Map(),
  };
  for (const f of readList(dir)) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    s.files++;
    const traps = mayHaveTraps(text);
    const anchor = ANCHOR_OR_ALIAS.test(text);
    let jsError = false;
    if (!traps && !anchor) {
      try {
        jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
      } catch {
        jsError = true;
      }
    }
    const real = hasRealTrap(text);
    if (real) s.realTraps++;
    const proposed = PROPOSED.test(text);
    if (proposed || anchor || jsError) s.proposedPrecise++;
    if (real && !proposed) s.proposedMissed.push(f);
    if (!traps && !anchor && !jsError) continue;
    s.precise++;
    if (traps) {
      s.byTraps++;
      const m = CANDIDATE.exec(text);
      if (m) {
        const at = m.index + (/^[\s[{,:?-]/.test(m[0]) ? 1 : 0);
        const tok = text.slice(at, at + 12).split(/[\s"',\]}]/)[0]!;
        const shown = real ? `${tok} (real trap somewhere)` : tok;
        s.tokens.set(shown, (s.tokens.get(shown) ?? 0) + 1);
      }
    }
    if (anchor) s.byAnchor++;
    if (jsError) s.byJsyamlError++;
  }
  return s;
}

export function formatStats(s: PreciseStats): string {
  const pct = (n: number): string => `${((100 * n) / Math.max(1, s.files)).toFixed(1)}%`;
  const top = [...s.tokens.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return [
    `${s.dir}: ${s.files} YAML files read`,
    `  precise parse: ${s.precise} (${pct(s.precise)}); prefilter yaml11: ${s.byTraps}, anchor/alias: ${s.byAnchor}, js-yaml error: ${s.byJsyamlError}`,
    `  files with a real YAML 1.1 trap: ${s.realTraps}`,
    `  first matching token (yaml11 prefilter): ${top.map(([t, n]) => `${JSON.stringify(t)} x${n}`).join(", ") || "-"}`,
    `  with the PROPOSED stricter prefilter: ${s.proposedPrecise} (${pct(s.proposedPrecise)}) precise parses; real traps missed: ${s.proposedMissed.length}${s.proposedMissed.length ? ` ${s.proposedMissed.slice(0, 5).join(", ")}` : ""}`,
  ].join("\n");
}

/** Positions where each trap kind can appear; the proposed prefilter must match all of them. */
export function selfTest(): string[] {
  const traps = ["yes", "No", "on", "OFF", "y", "N", "0755", "-012", "0b101", "1:30", "190:20:30.15", "1_000", "1_000.5", "1e3", "-2E+5", "2024-01-01", "2001-12-14 21:59:43.10 -5"];
  const forms = [
    (t: string) => `a: ${t}\n`,
    (t: string) => `a: ${t}   # comment\n`,
    (t: string) => `a:\n  - ${t}\n`,
    (t: string) => `a: [x, ${t}]\n`,
    (t: string) => `a: {k: ${t}}\n`,
    (t: string) => `${t}: 1\n`,
    (t: string) => `m:\n  ${t}:\n    x: 1\n`,
    (t: string) => `a: [${t} ,x]\n`,
  ];
  const failures: string[] = [];
  for (const t of traps) {
    for (const f of forms) {
      const text = f(t);
      if (!yaml11Trap(t)) failures.push(`not a trap per yaml11Trap: ${t}`);
      if (!PROPOSED.test(text)) failures.push(`PROPOSED misses ${JSON.stringify(text)}`);
    }
  }
  for (const ok of ["netbird: x\n", "a: NET_ADMIN\n", "a: none\n", "a: one two\n", "a: network\n", "a: node-1\n", "a: 1.2.3\n"]) {
    if (PROPOSED.test(ok)) failures.push(`PROPOSED still matches the non-trap ${JSON.stringify(ok)}`);
  }
  return failures;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const failures = selfTest();
  console.log(failures.length === 0 ? "PROPOSED prefilter self-test: ok" : `PROPOSED prefilter self-test:\n  ${failures.join("\n  ")}`);
  for (const dir of process.argv.slice(2)) console.log(formatStats(preciseStats(dir)));
}
