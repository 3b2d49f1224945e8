/**
 * Property test: random mutations of valid repositories (the real corpus, migrated, and the bundled
 * example) never crash `homescale check` or `build`. Whatever the input, check exits 0 or 1 (2 would
 * mean an internal failure), prints one JSON document, never a stack trace, and every diagnostic is
 * a registered code at a real position; build then exits as check did, and writes its tree only
 * when check found no error (a value check lets through must render: it never crashes build).
 *
 * Reproducible: a fixed seed. To replay a failure, or to explore further:
 *   HOMESCALE_FUZZ_SEED=<seed> HOMESCALE_FUZZ_RUNS=<n> node scripts/run-tests.mjs check-fuzz
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { parseDocument, visit, type Node } from "yaml";
import { codes } from "../src/diag/codes.js";
import { copyTree, CORPUS_REPO, EXAMPLE, run, tempDir } from "./helpers.js";
import { FUZZ_BASES, FUZZ_RUNS_PER_BASE } from "./suite-counts.js";

const SEED = Number(process.env.HOMESCALE_FUZZ_SEED ?? 20250611);
/** Runs per base repository (docs/hostile-input.md states the total). */
const RUNS = Number(process.env.HOMESCALE_FUZZ_RUNS ?? FUZZ_RUNS_PER_BASE);

const STACK_LINE = /^ {4}at /m;

// --- mutations ------------------------------------------------------------------------------------

type Mutation =
  | { kind: "delete-key"; file: number; pick: number }
  | { kind: "swap-type"; file: number; pick: number; to: number }
  | { kind: "truncate"; file: number; at: number }
  | { kind: "insert-bytes"; file: number; at: number; bytes: Uint8Array }
  | { kind: "duplicate-key"; file: number; pick: number }
  | { kind: "alias-bomb"; file: number; pick: number; depth: number; width: number }
  | { kind: "remove-catalog" }
  | { kind: "rename-cluster"; pick: number; name: string };

/** Values a scalar or collection is swapped for: each one a different type, or a near miss. */
const SWAPS: unknown[] = [
  0,
  -1,
  3.5,
  1e21,
  true,
  false,
  null,
  "",
  "text",
  "65536",
  "yes",
  [],
  {},
  ["a", 1],
  { a: { b: null } },
  "{{ include \"x\" . }}",
  // the hostile values of issue 12: each class has its code (check-codes.test.ts)
  1e30,
  2 ** 53 + 2,
  "https://www.example.com/x",
  "www example.com",
  "my_app.example.com",
  "www.example.com.",
  "bücher.example.com",
  "a.*.example.com",
  `${"a".repeat(64)}.example.com`,
  "../../etc/passwd",
  "/etc/passwd",
  "10.0.0.256/8",
  "fd00:::1/64",
  "x\u0000y",
  "\u001b[31m",
  "{{ .Values.cluster.name }}",
];

/** Byte strings that YAML and homescale give meaning to, next to purely random ones. */
const NASTY: Uint8Array[] = [
  ...["\t", ": ", "- ", "&a ", "*a", "---\n", "...\n", "{{", "}}", "'", '"', "[", "{", "? ", "!!binary ", "%YAML 1.1\n", "#", "\r", "\u2028", "\ufeff", "\u0000", "\u001b[2J", "\u007f", "\u0085", "\u009b"].map(
    (s) => Buffer.from(s, "utf8"),
  ),
  Buffer.from([0xff]), // never valid in UTF-8
  Buffer.from([0xc0, 0x80]), // overlong NUL
  Buffer.from([0xed, 0xa0, 0x80]), // a UTF-16 surrogate
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete-key" as const), file: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant("swap-type" as const), file: fc.nat(), pick: fc.nat(), to: fc.nat({ max: SWAPS.length - 1 }) }),
  fc.record({ kind: fc.constant("truncate" as const), file: fc.nat(), at: fc.nat() }),
  fc.record({
    kind: fc.constant("insert-bytes" as const),
    file: fc.nat(),
    at: fc.nat(),
    bytes: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 12 }), fc.constantFrom(...NASTY)),
  }),
  fc.record({ kind: fc.constant("duplicate-key" as const), file: fc.nat(), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("alias-bomb" as const),
    file: fc.nat(),
    pick: fc.nat(),
    depth: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({ kind: fc.constant("remove-catalog" as const) }),
  fc.record({
    kind: fc.constant("rename-cluster" as const),
    pick: fc.nat(),
    name: fc.oneof(fc.constantFrom("prod", "mgmt", "Prod_1", "x".repeat(70), "a b", "yes", "0755", "-"), fc.string({ maxLength: 12 })),
  }),
);

/** The files homescale reads, by relative path; null marks a deleted one. */
type Files = Map<string, Buffer | null>;

function apply(m: Mutation, files: Files, yamlFiles: readonly string[]): void {
  if (m.kind === "remove-catalog") {
    files.set("apps/values.yaml", null);
    return;
  }
  if (m.kind === "rename-cluster") {
    const text = files.get("homescale.yaml")?.toString("utf8");
    if (text === undefined) return;
    const names = [...text.matchAll(/^ {2}([\w.-]+):/gm)].map((x) => x[1]!);
    if (names.length === 0) return;
    const old = names[m.pick % names.length]!;
    files.set("homescale.yaml", Buffer.from(text.replace(new RegExp(`^  ${old.replace(/[.]/g, "\\.")}:`, "m"), `  ${m.name}:`)));
    return;
  }
  const file = yamlFiles[m.file % yamlFiles.length]!;
  const bytes = files.get(file);
  if (!bytes) return;
  const text = bytes.toString("utf8");
  switch (m.kind) {
    case "truncate":
      files.set(file, bytes.subarray(0, m.at % (bytes.length + 1)));
      return;
    case "insert-bytes": {
      const at = m.at % (bytes.length + 1);
      files.set(file, Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]));
      return;
    }
    case "delete-key":
      files.set(file, Buffer.from(editDocument(text, m.pick, "pair", () => visit.REMOVE) ?? dropLine(text, m.pick)));
      return;
    case "swap-type":
      files.set(file, Buffer.from(editDocument(text, m.pick, "value", (doc) => doc.createNode(SWAPS[m.to])) ?? dropLine(text, m.pick)));
      return;
    case "duplicate-key": {
      const lines = text.split("\n");
      const keys = lines.flatMap((l, i) => (/^\s*[^\s#-][^:#]*:(\s|$)/.test(l) ? [i] : []));
      if (keys.length === 0) return;
      const i = keys[m.pick % keys.length]!;
      lines.splice(i + 1, 0, lines[i]!);
      files.set(file, Buffer.from(lines.join("\n")));
      return;
    }
    case "alias-bomb": {
      const lines = text.split("\n");
      const scalars = lines.flatMap((l, i) => (/^(\s*)([^\s#-][^:#]*):\s+\S/.test(l) ? [i] : []));
      if (scalars.length === 0) return;
      const i = scalars[m.pick % scalars.length]!;
      const [, indent, key] = /^(\s*)([^\s#-][^:#]*):/.exec(lines[i]!)!;
      const inner = `${indent}  `;
      const bomb = [`${indent}${key}:`, `${inner}hs0: &hs0 [${Array(m.width).fill("lol").join(", ")}]`];
      for (let d = 1; d < m.depth; d++) bomb.push(`${inner}hs${d}: &hs${d} [${Array(m.width).fill(`*hs${d - 1}`).join(", ")}]`);
      lines.splice(i, 1, ...bomb);
      files.set(file, Buffer.from(lines.join("\n")));
      return;
    }
  }
}

/**
 * Parses the text and changes its n-th pair (or pair value / list item); undefined when the text
 * does not parse any more, so the caller falls back to a plain text edit.
 */
function editDocument(
  text: string,
  n: number,
  what: "pair" | "value",
  change: (doc: ReturnType<typeof parseDocument>) => Node | symbol,
): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  // Pairs, or values: pair values and list items (not keys, not the document itself).
  const key = what === "pair" ? "Pair" : "Value";
  const eligible = (k: unknown): boolean => what === "pair" || (k !== "key" && k !== null);
  let count = 0;
  visit(doc, { [key]: (k: unknown) => void (eligible(k) && count++) });
  if (count === 0) return undefined;
  const target = n % count;
  let i = 0;
  visit(doc, { [key]: (k: unknown) => (eligible(k) && i++ === target ? change(doc) : undefined) });
  try {
    return doc.toString();
  } catch {
    return undefined;
  }
}

function dropLine(text: string, n: number): string {
  const lines = text.split("\n");
  lines.splice(n % Math.max(1, lines.length), 1);
  return lines.join("\n");
}

// --- the property ---------------------------------------------------------------------------------

interface Base {
  /** A private working copy (the corpus is read-only); each run changes a few files and puts them back. */
  work: string;
  files: Files;
  yamlFiles: string[];
}

function loadBase(source: string): Base {
  const work = copyTree(source);
  const files: Files = new Map();
  const yamlFiles: string[] = [];
  const add = (rel: string): void => {
    const p = path.join(work, rel);
    if (!fs.existsSync(p)) return;
    files.set(rel, fs.readFileSync(p));
    yamlFiles.push(rel);
  };
  add("homescale.yaml");
  add("apps/values.yaml");
  for (const name of fs.readdirSync(path.join(work, "apps")).sort()) add(`apps/${name}/app.yaml`);
  // The apps' chart templates that declare mesh objects: one that cannot be read is a warning, never a crash.
  for (const name of fs.readdirSync(path.join(work, "apps")).sort()) {
    const dir = path.join(work, "apps", name, "templates");
    if (fs.existsSync(dir)) for (const t of fs.readdirSync(dir).sort()) add(`apps/${name}/templates/${t}`);
  }
  return { work, files, yamlFiles };
}

/** Where the fuzzed builds write (each run removes its tree). */
const outs = tempDir("homescale-fuzz-out-");

const allowedFields = new Set(["code", "severity", "message", "file", "line", "column", "endLine", "endColumn", "hint"]);

async function checkMutated(base: Base, mutations: Mutation[]): Promise<void> {
  const files: Files = new Map(base.files);
  for (const m of mutations) apply(m, files, base.yamlFiles);
  const dir = base.work;
  const changed = [...files.keys()].filter((rel) => files.get(rel) !== base.files.get(rel));
  const put = (rel: string, bytes: Buffer | null | undefined): void => {
    if (bytes === null || bytes === undefined) fs.rmSync(path.join(dir, rel), { force: true });
    else fs.writeFileSync(path.join(dir, rel), bytes);
  };
  try {
    for (const rel of changed) put(rel, files.get(rel));
    const r = await run(["check", "--repo", dir, "--format", "json"]);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.equal(r.stderr, "");
    assert.doesNotMatch(r.stdout, STACK_LINE);
    const doc = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[]; summary: { errors: number } };
    assert.equal(r.code, doc.summary.errors > 0 ? 1 : 0);
    for (const d of doc.diagnostics) {
      for (const k of Object.keys(d)) assert.ok(allowedFields.has(k), `field ${k}`);
      const code = d.code as keyof typeof codes;
      assert.ok(Object.hasOwn(codes, code), `unregistered code ${String(d.code)}`);
      assert.equal(d.severity, codes[code].severity, `${code} severity`);
      assert.ok(typeof d.file === "string" && d.file !== "" && !path.isAbsolute(d.file), `file ${String(d.file)}`);
      assert.ok(Number.isInteger(d.line) && (d.line as number) >= 1, `${code} line ${String(d.line)}`);
      assert.ok(Number.isInteger(d.column) && (d.column as number) >= 1, `${code} column ${String(d.column)}`);
      assert.doesNotMatch(d.message as string, STACK_LINE);
    }
    // The human format walks the same diagnostics with caret excerpts: it must not trip either.
    const text = await run(["check", "--repo", dir]);
    assert.equal(text.code, r.code);
    assert.equal(text.stderr, "");
    assert.doesNotMatch(text.stdout, STACK_LINE);
    // build: what check lets through renders; what it refuses writes nothing.
    const out = path.join(outs, "out");
    const b = await run(["build", "--repo", dir, "--out", out, "--format", "json"]);
    assert.equal(b.code, r.code, `build exit ${b.code}: ${b.stderr}`);
    assert.doesNotMatch(b.stdout + b.stderr, STACK_LINE);
    assert.equal(fs.existsSync(out), r.code === 0, r.code === 0 ? "a clean check builds" : "nothing is written when check has errors");
    fs.rmSync(out, { recursive: true, force: true });
  } finally {
    for (const rel of changed) put(rel, base.files.get(rel));
  }
}

const BASES = [
  ["the real corpus", CORPUS_REPO],
  ["the bundled example", EXAMPLE],
] as const;
assert.equal(BASES.length, FUZZ_BASES);

for (const [name, source] of BASES) {
  test(`random mutations of ${name} never crash check (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const base = loadBase(source);
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => checkMutated(base, ms)),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    } catch (e) {
      // fast-check's report holds the seed and the shrunk counterexample; say how to replay it.
      throw new Error(`fuzzing ${name} failed with seed ${SEED} (replay: HOMESCALE_FUZZ_SEED=${SEED})\n${(e as Error).message}`);
    } finally {
      fs.rmSync(base.work, { recursive: true, force: true });
    }
  });
}
