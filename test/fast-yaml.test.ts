/**
 * The subset reader (src/parse/fast-yaml.ts) may decline any text, but what it accepts it must read
 * exactly as js-yaml does (core schema), and it must report the same YAML 1.1 traps at the same
 * places. Held to js-yaml on random line soup, on what our own writer writes, on a table of the
 * cases at the subset's edges, and on every YAML file of the corpus and the examples.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import jsyaml from "js-yaml";
import { parseFast } from "../src/parse/fast-yaml.js";
import { parseYamlText, viaJsYaml } from "../src/parse/parse-yaml.js";
import { emitYamlDocument } from "../src/render/emit/yaml-emit.js";
import { generatePlatform } from "../bench/generate.js";
import { CORPUS, EXAMPLE, tempDir } from "./helpers.js";

function jsyamlValue(text: string): { value: unknown } | undefined {
  try {
    const value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
    return { value: value === undefined ? null : value };
  } catch {
    return undefined;
  }
}

/** When the reader accepts a text, js-yaml reads the same value and the traps found are the same. */
function assertAgrees(text: string): boolean {
  const fast = parseFast(text, () => true);
  if (!fast) return false;
  const want = jsyamlValue(text);
  assert.ok(want, `accepted a text js-yaml rejects:\n${text}`);
  assert.deepStrictEqual(fast.value, want.value, `read differently:\n${text}`);
  const slow = viaJsYaml("t.yaml", text);
  // (js-yaml's listener sees a sequence item's scalar twice, so its path can repeat a warning.)
  const unique = (fs: readonly unknown[]) => [...new Set(fs.map((f) => JSON.stringify(f)))];
  if (slow) assert.deepStrictEqual(unique(parseYamlText("t.yaml", text).findings), unique(slow.findings), `other traps in:\n${text}`);
  return true;
}

const INDENTS = ["", "", "  ", "  ", "    ", "      ", " ", "   "];
const KEYS = ["a", "b", "name", "on", "y", "1", "0777", "true", "null", "~", "1.5", "'q'", '"d"', "'it''s'", '"e\\n"', "x y", "a:b", "-a", "__proto__", "<<", "? a", "&x", "a #c", "a ", '"u\\u00e9"', "k"];
const VALUES = [
  "", " ", "x", "hello world", "yes", "No", "on", "off", "y", "0777", "0o17", "0x1F", "0b101", "+12", "-10", "1_000", "1:30", "1e3", "1.5", ".5", "+.5", "-.inf", ".NaN",
  "2024-01-01", "true", "False", "null", "~", "'single'", "'it''s'", "''", '"dq"', '"a\\tb"', '"\\x41"', '"\\u00e9"', '"unterminated', "'unterminated",
  "[]", "[a, b]", "[a, 'b', \"c\"]", "[a, [b]]", "[a,]", "[a: b]", "{}", "{a: 1}", "|", "|-", "|+", "|2", ">", "&anchor x", "*alias", "!tag x", "a: b", "a:", "- a",
  "x # comment", "x #", "# comment", "http://example.com/a#frag", "{{ .Values.cluster.name }}", "'{{ .Values.x }}'", "%x", "@x", "`x", "x\ty",
  "{a: b}", '{name: X_1, value: "{{ .Values.cluster.name }}-a"}', "{a: b,}",
];

/** One-line flow mappings, inside the subset and at its edges: random entries of these atoms. */
const FLOW_KEYS = ["a", "b", "name", "on", "y", "1", "'q'", '"d"', "x y", "a:b", "-a", "? a", "&x", "<<", "__proto__", "", "a #c", "[a]", "{a}"];
const FLOW_VALUES = ["b", "1", "on", "yes", "y", "0777", "1:30", "~", "null", "-1", "x y", "x#y", "x #y", "'x, y'", '"q"', "'q' r", "[b]", "{b: c}", "&x b", "*x", "!t b", "- b", "", "{{ .Values.a }}", '"{{ .Values.a }}"'];
const flowMap = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...FLOW_KEYS), fc.constantFrom(":", ": ", " : "), fc.constantFrom(...FLOW_VALUES)), { minLength: 0, maxLength: 4 }),
    fc.constantFrom("", " ", ","),
    fc.constantFrom("}", "} # c", "}: c", ""),
  )
  .map(([entries, pad, close]) => `{${pad}${entries.map(([k, sep, v]) => `${k}${sep}${v}`).join(", ")}${pad}${close}`);
const flowDoc = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...KEYS), flowMap, fc.boolean()), { minLength: 1, maxLength: 5 }))
  .map(([lines]) => `${lines.map(([k, m, item]) => (item ? `- ${m}` : `${k}: ${m}`)).join("\n")}\n`);

test("on random one-line flow mappings, whatever the reader accepts, it reads as js-yaml does", () => {
  let accepted = 0;
  fc.assert(
    fc.property(flowDoc, (text) => {
      if (assertAgrees(text)) accepted++;
      if (assertAgrees(`env:\n${text.replace(/^/gm, "  ").replace(/ +$/, "")}`)) accepted++;
    }),
    { numRuns: 4000 },
  );
  assert.ok(accepted > 60, `only ${accepted} texts accepted`);
});
const line = fc.tuple(fc.constantFrom(...INDENTS), fc.nat({ max: 9 }), fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([indent, shape, key, value]) => {
  // Mostly `key: value`, sometimes a list item, a bare key, a bare value, a comment or a block line.
  if (shape <= 3) return `${indent}${key}:${value === "" ? "" : ` ${value}`}`;
  if (shape <= 5) return `${indent}- ${value}`;
  if (shape === 6) return `${indent}- ${key}: ${value}`;
  if (shape === 7) return `${indent}${key}:`;
  if (shape === 8) return `${indent}# ${value}`;
  return `${indent}${value}`;
});
const soup = fc.tuple(fc.array(line, { minLength: 1, maxLength: 12 }), fc.constantFrom("\n", "", "\n\n", "\n---\n", "\n...\n")).map(([lines, tail]) => lines.join("\n") + tail);

/** Well-indented documents of random atoms: nested maps and lists, compact and indentless forms, block scalars. */
type Shape = { map: [string, Shape | string][]; compact: boolean } | { seq: (Shape | string)[]; compact: boolean };
const { shape } = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: "small" },
    fc.record({ map: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom(...VALUES), tie("shape"))), { minLength: 1, maxLength: 4 }), compact: fc.boolean() }),
    fc.record({ seq: fc.array(fc.oneof(fc.constantFrom(...VALUES), tie("shape")), { minLength: 1, maxLength: 4 }), compact: fc.boolean() }),
  ),
}));
const BLOCK_BODY = ["  line one", "  line two", "", "    indented", "  # not a comment"];
function render(s: Shape, indent: string, out: string[]): void {
  if ("map" in s) {
    for (const [k, v] of s.map) {
      if (typeof v === "string") {
        out.push(`${indent}${k}:${v === "" ? "" : ` ${v}`}`);
        if (v === "|" || v === "|-" || v === "|+") for (const l of BLOCK_BODY) out.push(l === "" ? "" : `${indent}${l}`);
      } else {
        out.push(`${indent}${k}:`);
        // A list under a key may sit at the key's own column (indentless).
        render(v, "seq" in v && v.compact ? indent : `${indent}  `, out);
      }
    }
  } else {
    for (const item of s.seq) {
      if (typeof item === "string") out.push(`${indent}- ${item}`);
      else if (item.compact) {
        const inner: string[] = [];
        render(item, `${indent}  `, inner);
        out.push(`${indent}- ${inner[0]!.slice(indent.length + 2)}`, ...inner.slice(1));
      } else {
        out.push(`${indent}-`);
        render(item, `${indent}  `, out);
      }
    }
  }
}
const documents = shape.map((s) => {
  const out: string[] = [];
  render(s, "", out);
  return `${out.join("\n")}\n`;
});

test("on random line soup, whatever the reader accepts, it reads as js-yaml does", () => {
  let accepted = 0;
  fc.assert(
    fc.property(soup, (text) => {
      if (assertAgrees(text)) accepted++;
      if (assertAgrees(`---\n${text}`)) accepted++;
    }),
    { numRuns: 4000 },
  );
  // The soup must exercise acceptance too, not only the declines.
  assert.ok(accepted > 100, `only ${accepted} texts accepted`);
});

const scalar = fc.oneof(fc.string(), fc.constantFrom("yes", "0777", "1:30", "a: b", "x #y", "multi\nline\n", "trail\n\n", "{{ .Values.a }}", ""), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("a", "on", "1", "__proto__")), tie("value"), { maxKeys: 4 }).map((d) => ({ ...d })),
}));

test("on random well-indented documents, whatever the reader accepts, it reads as js-yaml does", () => {
  let accepted = 0;
  fc.assert(
    fc.property(documents, (text) => {
      if (assertAgrees(text)) accepted++;
    }),
    { numRuns: 4000 },
  );
  assert.ok(accepted > 400, `only ${accepted} texts accepted`);
});

test("what homescale writes, it reads back as js-yaml does (with comments between the lines)", () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), value).map((d) => ({ ...d })), fc.nat(), (doc, at) => {
      const text = emitYamlDocument(doc);
      assertAgrees(text);
      const lines = text.split("\n");
      lines.splice(at % lines.length, 0, "# a comment");
      assertAgrees(lines.join("\n"));
    }),
    { numRuns: 1000 },
  );
});

test("the subset's edges: read like js-yaml, or declined", () => {
  const accepted: string[] = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {}\nd: []\n",
    "list:\n- a\n- b\nnext: 1\n",
    "- - a\n  - b\n- c\n",
    "- name: x\n  ports:\n    - 80\n  more:\n  - 1\n",
    "script: |\n  #!/bin/sh\n  echo hi\n\n  exit 0\n\nafter: 1\n",
    "s: |-\n    deep\n  \nt: 2\n",
    "k: 'it''s' # comment\n\"q\": \"a\\\"b\\\\c\\u00e9\"\n",
    "--- # the document\na: null\nb: ~\nc:\nd: True\ne: 0o17\nf: .inf\n",
    "url: http://example.com/#x\nexpr: sum(rate(x{job=\"a\"}[5m])) > 0.5\n",
    "__proto__: 1\nconstructor: 2\n",
    "1: one\ntrue: yes\nnull: n\n",
    "# only a comment\n",
    "",
    "a: {b: 1}\nenv:\n  - {name: A_1, value: \"{{ .Values.cluster.name }}.svc\"}\n  - { name: 'B', value: on }\n",
  ];
  for (const text of accepted) assert.ok(assertAgrees(text), `declined:\n${text}`);

  const declined: string[] = [
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: multi\n  line\n",
    "a: >\n  folded\n",
    "a: |+\n  keep\n\n",
    "a: |2\n   x\n",
    "a: |\n  no final newline",
    "a: {b: {c: 1}}\n",
    "a: {b: 1, b: 2}\n",
    "a: {b: c\n",
    "a: [b,\n  c]\n",
    "a: 1\na: 2\n",
    "a: b: c\n",
    "a:\tb\n",
    "a: 1\r\nb: 2\r\n",
    "a: 1\n---\nb: 2\n",
    "just a scalar\n",
    "a: \"\\x41\"\n",
    "<<: {}\n",
    "a: 0b101\n",
  ];
  for (const text of declined) assert.equal(parseFast(text, () => false), undefined, `accepted:\n${text}`);
});

test("every YAML file of the corpus, the example and a generated platform: read as js-yaml reads it", () => {
  const generated = tempDir("homescale-fast-yaml-");
  generatePlatform(generated, { apps: 60, clusters: 4, seed: 3 });
  generatePlatform(path.join(generated, "templated"), { apps: 60, clusters: 4, seed: 3, shape: "templated" });
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  for (const dir of [CORPUS, EXAMPLE, generated]) walk(dir);
  let accepted = 0;
  for (const f of files) if (assertAgrees(fs.readFileSync(f, "utf8").replace(/^\ufeff/, ""))) accepted++;
  // app.yaml files are the subset's reason to be: all of the generated ones must be read here.
  const apps = files.filter((f) => f.startsWith(generated) && f.endsWith("app.yaml"));
  assert.ok(apps.every((f) => parseFast(fs.readFileSync(f, "utf8"), () => false)), "a generated app.yaml was declined");
  assert.ok(accepted > files.length / 2, `${accepted} of ${files.length} accepted`);
});
