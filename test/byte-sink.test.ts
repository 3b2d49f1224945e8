/**
 * The byte sink (src/render/byte-sink.ts) build writes its files into: whatever is pushed comes out
 * as exactly its UTF-8, across growth and reuse, and YAML written into it is byte for byte the text
 * the string writer gives.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ByteSink } from "../src/render/emit/byte-sink.js";
import { emitYamlDocument, emitYamlStream, writeYamlStream } from "../src/render/emit/yaml-emit.js";

test("pieces come out as their UTF-8, whatever their length and characters, across growth", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ minLength: 40, maxLength: 200 }), fc.constantFrom("é", "日本", "🙂", "a🙂b", "x".repeat(47) + "ü")), { maxLength: 30 }), (pieces) => {
      const sink = new ByteSink(1);
      for (const p of pieces) sink.push(p);
      assert.equal(Buffer.from(sink.view()).toString("utf8"), pieces.join(""));
      assert.deepEqual(Buffer.from(sink.view()), Buffer.from(pieces.join(""), "utf8"));
    }),
    { numRuns: 300 },
  );
});

test("bytes and text mix; reset starts the next file at the beginning of the same buffer", () => {
  const sink = new ByteSink(4);
  sink.push("ab");
  sink.bytes(Buffer.from("ç", "utf8"));
  sink.push("d".repeat(100));
  assert.equal(Buffer.from(sink.view()).toString("utf8"), `abç${"d".repeat(100)}`);
  sink.reset();
  assert.equal(sink.view().length, 0);
  sink.push("zz");
  assert.equal(Buffer.from(sink.view()).toString("utf8"), "zz");
});

test("YAML written into a sink is the UTF-8 of the same stream written as text", () => {
  const objects = [
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "é-日本" }, data: { "k🙂": "multi\nline\n", n: 1, list: ["a", { b: null }] } },
    ["x", ["y"], {}],
    "plain",
  ];
  const sink = new ByteSink(8);
  writeYamlStream(objects, sink);
  assert.equal(Buffer.from(sink.view()).toString("utf8"), emitYamlStream(objects));
});

test("the text writer is reentrant: YAML made while other YAML is being written (a patch embedded in a document)", () => {
  const inner = { machine: { network: { hostname: "cp1" } } };
  const outer = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "patch" },
    // Read by the writer in the middle of the outer document: it writes the inner one meanwhile.
    get data() {
      return { "patch.yaml": emitYamlDocument(inner), after: "still here" };
    },
  };
  const text = emitYamlStream([outer, { kind: "Second" }]);
  assert.equal(
    text,
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: patch\ndata:\n  patch.yaml: |\n    machine:\n      network:\n        hostname: cp1\n  after: still here\n---\nkind: Second\n",
  );
});
