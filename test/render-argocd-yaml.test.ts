/**
 * The YAML writer's contract: what it writes, a YAML 1.1 reader (Go's family: Argo CD, Helm,
 * kubectl) and a YAML 1.2 reader both read back as exactly the value we meant.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { emitYamlDocument, emitYamlStream } from "../src/render/emit/yaml-emit.js";
import { isPlainSafe } from "../src/render/emit/yaml-scalar.js";

function readBack(text: string, version: "1.1" | "1.2"): unknown[] {
  const docs = parseAllDocuments(text, { version });
  return docs.map((d) => {
    assert.deepEqual(d.errors.map((e) => e.message), [], `YAML ${version} errors in:\n${text}`);
    assert.deepEqual(d.warnings.map((e) => e.message), [], `YAML ${version} warnings in:\n${text}`);
    return d.toJS({ maxAliasCount: -1 });
  });
}

function assertRoundTrip(values: unknown[]): void {
  const text = emitYamlStream(values);
  assert.deepEqual(readBack(text, "1.1"), values, `YAML 1.1 reads something else from:\n${text}`);
  assert.deepEqual(readBack(text, "1.2"), values, `YAML 1.2 reads something else from:\n${text}`);
}

/** Pieces that trip one YAML version or the other, glued together at random. */
const TRAPS = [
  "y", "Y", "n", "N", "yes", "No", "ON", "off", "oFF", "true", "False", "null", "NULL", "~", "<<", "=",
  "0", "0777", "0x1F", "0X1f", "0o17", "0b101", "1e3", "1E-3", "1_000", "1__", ".5", "5.", ".", "+1", "-1",
  "1:30", "190:20:30.15", ".inf", "-.Inf", ".NaN", "nan", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
  " ", "  ", "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`",
  ": ", " #", "a:", "---", "...", "\n", "\n\n", "\t", "\r", "\r\n", "\\", "\u0085", "\u2028", "\u2029",
  "\ufeff", "\u00a0", "\u0000", "\u007f", "é", "😀", "a", "b", "key", "x y", "{{ .Values.cluster.name }}",
];
const trapString = fc.array(fc.constantFrom(...TRAPS), { maxLength: 6 }).map((parts) => parts.join(""));
const anyString = fc.oneof(
  { weight: 4, arbitrary: trapString },
  { weight: 2, arbitrary: fc.string() },
  // Lone surrogates cannot be written (see below); text decoded from UTF-8 never holds one.
  { weight: 1, arbitrary: fc.string({ unit: "binary" }).filter((x) => !/\p{Cs}/u.test(x)) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(" ", "\n", "a", "\t", "#", ":", "-") }) },
);
const key = anyString.filter((k) => k !== "__proto__");
const scalar = fc.oneof(
  anyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e21, 5e-324),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  // fast-check builds null-prototype objects; readers build ordinary ones.
  map: fc.dictionary(key, tie("value"), { maxKeys: 4 }).map((d) => ({ ...d })),
}));

test("random values read back the same in YAML 1.1 and 1.2", () => {
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), (docs) => assertRoundTrip(docs)),
    { numRuns: 3000 },
  );
});

test("every trap string reads back as itself, as a value and as a key", () => {
  fc.assert(
    fc.property(trapString, (s) => assertRoundTrip([{ [s]: s, list: [s, { [s]: [s] }] }])),
    { numRuns: 3000 },
  );
});

test("strings YAML 1.1 or 1.2 would read as something else are quoted", () => {
  const quoted = [
    "y", "Y", "yes", "No", "ON", "off", "True", "FALSE", "null", "Null", "~", "nUlL",
    "0777", "0x1F", "0o17", "0b11", "1e3", "1_000", ".5", "+1", "1:30", ".inf", "-.INF", ".nan",
    "2024-01-01", "", " a", "a ", "- a", "?", ": x", ",", "[a]", "{a}", "#x", "&a", "*a", "!t", "|", ">",
    "'a'", '"a"', "%x", "@x", "`x`", "a: b", "a #b", "a:", "<<", "...", "---",
  ];
  for (const s of quoted) assert.equal(isPlainSafe(s), false, JSON.stringify(s));
  for (const s of ["homescale", "CreateNamespace=true", "2Gi", "v1.2.3-alpha", "a:b", "a#b", "https://x.y/z?a=1"]) {
    assert.equal(isPlainSafe(s), true, JSON.stringify(s));
  }
});

test("the fixed style: block maps, lists indented under their key, literal blocks, --- between documents", () => {
  const text = emitYamlStream([
    { kind: "A", list: ["x", { name: "n", value: "on" }], empty: { m: {}, l: [] }, text: "a\nb\n", lead: " a\nb", keep: "a\n\n" },
    { kind: "B", num: 511, s: "0777" },
  ]);
  assert.equal(
    text,
    [
      "kind: A",
      "list:",
      "  - x",
      "  - name: 'n'",
      "    value: 'on'",
      "empty:",
      "  m: {}",
      "  l: []",
      "text: |",
      "  a",
      "  b",
      "lead: |2-",
      "   a",
      "  b",
      "keep: |+",
      "  a",
      "",
      "---",
      "kind: B",
      "num: 511",
      "s: '0777'",
      "",
    ].join("\n"),
  );
});

test("long keys are written as explicit keys, which both versions accept", () => {
  const long = "k".repeat(1500);
  assertRoundTrip([{ [long]: { a: 1 } }, [{ [long]: "v" }]]);
  assert.match(emitYamlDocument({ [long]: 1 }), /^\? k+\n: 1\n$/);
});

test("only plain data can be written", () => {
  assert.throws(() => emitYamlDocument({ when: new Date(0) }), /cannot write a Date/);
  assert.throws(() => emitYamlDocument({ f: () => 1 }), /cannot write a function/);
  assert.throws(() => emitYamlDocument({ s: "a\ud800" }), /lone UTF-16 surrogate/);
  assert.equal(emitYamlStream([]), "");
});

/**
 * The same round trip through a real Go reader: kubectl turns YAML into JSON with sigs.k8s.io/yaml,
 * the library Argo CD and Helm read manifests with. JSON has no NaN or infinities, and that library
 * turns integral floats into integers (so -0 becomes 0), so those are left out of the sample.
 */
const KUBECTL = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;

test("kubectl (Go's YAML reader) reads back the same values", { skip: KUBECTL ? false : "kubectl is not installed" }, () => {
  const goScalar = fc.oneof(
    anyString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0) && Math.abs(d) < 2 ** 53),
    fc.boolean(),
    fc.constant(null),
  );
  const { goValue } = fc.letrec((tie) => ({
    goValue: fc.oneof({ depthSize: "small" }, goScalar, tie("list"), tie("map")),
    list: fc.array(tie("goValue"), { maxLength: 4 }),
    map: fc.dictionary(key, tie("goValue"), { maxKeys: 4 }).map((d) => ({ ...d })),
  }));
  const seed = Date.now() | 0;
  const values = fc.sample(goValue, { numRuns: 400, seed });
  const objects = values.map((v, i) => ({ apiVersion: "example.com/v1", kind: "Thing", metadata: { name: `t${i}` }, spec: { v } }));
  const text = emitYamlStream(objects);
  const r = spawnSync("kubectl", ["label", "--local", "-f", "-", "homescale-test=1", "-o", "json"], { input: text, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `kubectl failed (seed ${seed}): ${r.stderr}`);
  // kubectl prints one pretty JSON object per document; a line "}" then "{" only ever separates two.
  const read = JSON.parse(`[${r.stdout.trim().replace(/\n}\n{/g, "\n},\n{")}]`) as { spec: { v: unknown } }[];
  assert.equal(read.length, values.length);
  for (let i = 0; i < values.length; i++) {
    assert.deepEqual(read[i]!.spec.v ?? null, values[i], `seed ${seed}, document ${i}:\n${emitYamlDocument(objects[i])}`);
  }
});
