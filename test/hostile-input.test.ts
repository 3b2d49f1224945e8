/**
 * Every hostile input of the catalogue (hostile-inputs.ts), one at a time, in a copy of the bundled
 * example: check reports its code on the edited line and exits 1; build exits 1 too, says nothing
 * was written, writes nothing, and never shows a stack trace. (The table tests of check-codes.test.ts
 * pin each code's exact column; this holds every class of input to the same promise end to end.)
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { copyTree, EXAMPLE, run, tempDir } from "./helpers.js";
import { HOSTILE_INPUTS, type HostileInput } from "./hostile-inputs.js";

const work = copyTree(EXAMPLE, tempDir("homescale-hostile-"));
const outs = tempDir("homescale-hostile-out-");
after(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(outs, { recursive: true, force: true });
});

/** Applies the input; returns the line (1-based) check must report on, and an undo. */
function apply(h: HostileInput): { line: number; undo: () => void } {
  const file = path.join(work, h.file);
  if (h.line === undefined) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, h.text);
    const line = h.text.split("\n").findIndex((l) => /^\s*name:/.test(l)) + 1;
    return { line, undo: () => fs.rmSync(file) };
  }
  const before = fs.readFileSync(file, "utf8");
  const lines = before.split("\n");
  const at = lines.findIndex((l) => h.line!.test(l));
  assert.ok(at >= 0, `${h.name}: no line matches ${h.line} in ${h.file}`);
  const replacement = h.text.split("\n");
  // The hostile line is the first one of the replacement that is not the line it replaces.
  const changed = Math.max(0, replacement.findIndex((l, i) => i > 0 || l !== lines[at]));
  lines.splice(at, 1, ...replacement);
  fs.writeFileSync(file, lines.join("\n"));
  return { line: at + 1 + changed, undo: () => fs.writeFileSync(file, before) };
}

test("the example itself checks clean (the base every input starts from)", async () => {
  const r = await run(["check", "--repo", work, "--format", "json"]);
  assert.equal(r.code, 0, r.stdout);
});

for (const h of HOSTILE_INPUTS) {
  test(`hostile input, ${h.name}: ${h.code} on its line, exit 1; build writes nothing`, async () => {
    const { line, undo } = apply(h);
    try {
      const r = await run(["check", "--repo", work, "--format", "json"]);
      const doc = JSON.parse(r.stdout) as { diagnostics: { code: string; file: string; line: number; hint?: string }[] };
      const shown = doc.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`);
      assert.ok(shown.includes(`${h.code} ${h.file}:${line}`), `expected ${h.code} ${h.file}:${line}, got ${shown.join(", ")}`);
      const hit = doc.diagnostics.find((d) => d.code === h.code && d.file === h.file && d.line === line)!;
      assert.ok(hit.hint !== undefined && hit.hint !== "", "every such diagnostic has a hint");
      assert.equal(r.code, 1);

      const out = path.join(outs, "out");
      const b = await run(["build", "--repo", work, "--out", out]);
      assert.equal(b.code, 1, b.stderr);
      assert.match(b.stderr, /nothing was written\n$/);
      assert.doesNotMatch(b.stdout + b.stderr, /\n\s+at /);
      assert.ok(!fs.existsSync(out), "no output tree");
      assert.deepEqual(fs.readdirSync(outs), [], "nothing beside it either");
    } finally {
      undo();
    }
  });
}
