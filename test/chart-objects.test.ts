/**
 * A rendered chart template's documents are read with the subset reader where it can
 * (readRendered), else with the YAML library (viaYamlLibrary). The two must give the same objects
 * whenever the subset reader answers: multi-document streams, markers, comments, empty documents,
 * scalars the two readers could resolve differently.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { readRendered, viaYamlLibrary, type ChartObject } from "../src/platform/mesh/chart-objects.js";
import { emitYamlDocument } from "../src/render/emit/yaml-emit.js";

/** When readRendered answers, the library reads the same objects without a problem. */
function assertAgrees(text: string): boolean {
  const fast = readRendered(text);
  if (fast === undefined) return false;
  const problems: string[] = [];
  const slow: ChartObject[] = viaYamlLibrary(text, (m) => problems.push(m));
  assert.deepStrictEqual(problems, [], `accepted a text the library does not read:\n${text}`);
  assert.deepStrictEqual(fast, slow, `read differently:\n${text}`);
  return true;
}

test("streams as templates render them: read as the YAML library reads them", () => {
  const service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    tailscale.com/hostname: \"web-a\"\nspec:\n  ports:\n    - port: 80\n";
  const accepted = [
    service,
    `---\n${service}`,
    `# Source: app/templates/svc.yaml\n---\n${service}`,
    `${service}---\n`,
    `${service}---\n${service}`,
    `---\n---\n${service}`,
    `${service}---\n# only a comment\n`,
    `\n\n${service}\n\n---\n\n${service}`,
    "",
    "# nothing but a comment\n",
    "---\n",
    "a: 1\n---   \nb: 2\n",
  ];
  for (const text of accepted) assert.ok(assertAgrees(text), `declined:\n${text}`);
  const declined = [
    `${service}...\n`, // a document end
    `%YAML 1.2\n---\n${service}`, // a directive
    `--- ${service}`, // content on the marker line
    "--- # c\na: 1\n",
    "a: ~\n", // null-looking scalars: js-yaml's null key is the library's ""
    "null: 1\n",
    "a: &x 1\nb: *x\n",
    "a: 1\na: 2\n", // a duplicate key: the library's problem, said by it
    "a: [1, [2]]\n",
  ];
  for (const text of declined) assert.equal(readRendered(text), undefined, `accepted:\n${text}`);
  // What is declined is still read, with its problems.
  const problems: string[] = [];
  viaYamlLibrary("a: 1\na: 2\n", (m) => problems.push(m));
  assert.equal(problems.length, 1);
});

const scalar = fc.oneof(
  { arbitrary: fc.string(), weight: 4 },
  { arbitrary: fc.constantFrom("web", "tag:k8s,tag:app", "app.kubernetes.io/name", "yes", "0777", "1:30", "a: b", "x #y", "multi\nline\n", "", "0o17", "0x1F", "1e3", ".inf", "-.5", "+1", "True", "{{ x }}"), weight: 12 },
  { arbitrary: fc.integer(), weight: 4 },
  { arbitrary: fc.double(), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  // Null-looking scalars send a text to the library: rare, so that most streams test the reader.
  { arbitrary: fc.constantFrom(null, "~", "null"), weight: 1 },
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof({ arbitrary: fc.string(), weight: 1 }, { arbitrary: fc.constantFrom("a", "name", "on", "1", "1.0", "true", "<<", "__proto__", "metadata", "tailscale.com/hostname"), weight: 6 }, { arbitrary: fc.constantFrom("null", "~"), weight: 1 }), tie("value"), { maxKeys: 4 }).map((d) => ({ ...d })),
}));
const doc = fc.dictionary(fc.string(), value, { minKeys: 1 }).map((d) => emitYamlDocument({ ...d }));
// Mostly what Helm writes; now and then what the library must decide (a document end, a marker line inside a block).
const SEPARATORS = ["---\n", "---\n", "---\n", "\n---\n", "# Source: x.yaml\n---\n", "---  \n", "---\n---\n", "--- \n# c\n", "...\n"];
const stream = fc.tuple(fc.array(fc.tuple(fc.constantFrom(...SEPARATORS), doc), { minLength: 1, maxLength: 4 }), fc.nat(), fc.constantFrom("", "", "", "", "", "# a comment", "  # indented comment", "---", "~", "x: ~")).map(([parts, at, extra]) => {
  const lines = parts.map(([sep, d]) => sep + d).join("").split("\n");
  lines.splice(at % lines.length, 0, extra);
  return lines.join("\n");
});

test("on random streams of documents, whatever the subset reader accepts, it reads as the library does", () => {
  let accepted = 0;
  fc.assert(
    fc.property(stream, (text) => {
      if (assertAgrees(text)) accepted++;
    }),
    { numRuns: 4000 },
  );
  assert.ok(accepted > 200, `only ${accepted} streams accepted`);
});
