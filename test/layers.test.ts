/**
 * The layers import only downhill (docs/architecture.md): what each folder of src/ may import is
 * written here, and every relative import of every source file is held to it.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ROOT } from "./helpers.js";

/** Folder -> the folders of src/ it may import (besides itself). */
export const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  diag: ["core", "parse"],
  parse: ["core", "diag"],
  load: ["core", "diag", "git"],
  git: ["core"],
  gotpl: ["core"],
  schema: ["core", "diag", "parse"],
  model: ["core", "diag", "load", "parse", "schema", "gotpl"],
  platform: ["core", "diag", "load", "model", "schema", "gotpl"],
  check: ["core", "diag", "load", "parse", "model", "schema", "gotpl", "platform"],
  render: ["core", "diag", "load", "model", "schema", "gotpl", "platform", "write"],
  graph: ["core", "diag", "model", "platform"],
  plan: ["core", "diag", "model", "platform", "graph", "render"],
  report: ["core", "diag", "graph", "plan"],
  write: ["core"],
  init: ["core", "schema"],
  cli: ["core", "diag", "load", "parse", "model", "schema", "gotpl", "platform", "check", "render", "graph", "plan", "report", "write", "git", "init"],
  "index.ts": ["check", "diag", "load", "model"],
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

test("every import of src/ goes downhill", () => {
  const src = path.join(ROOT, "src");
  const wrong: string[] = [];
  const folders = new Set<string>();
  for (const file of sources(src)) {
    const from = path.relative(src, file).split(path.sep)[0]!;
    folders.add(from);
    const allowed = MAY_IMPORT[from];
    assert.ok(allowed, `src/${from} has no entry in MAY_IMPORT: say what it may import`);
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)) {
      const target = path.relative(src, path.resolve(path.dirname(file), m[1]!)).split(path.sep)[0]!;
      if (target === from || target.startsWith("..")) continue;
      if (!allowed.includes(target)) wrong.push(`${path.relative(ROOT, file)} imports ${m[1]} (src/${target})`);
    }
  }
  assert.deepEqual(wrong, []);
  for (const f of Object.keys(MAY_IMPORT)) assert.ok(folders.has(f), `MAY_IMPORT names ${f}, which is gone`);
});
