/**
 * The layers import only downhill: what each folder of src/ may import is the table of
 * docs/architecture.md, and every relative import of every source file is held to it.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ROOT } from "./helpers.js";

/**
 * Folder -> the folders of src/ it may import (besides itself): the table "What each stage may
 * import" of docs/architecture.md, so the page and the code cannot drift apart.
 */
function mayImport(): Record<string, readonly string[] | "all"> {
  const page = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
  const table = page.slice(page.indexOf("## What each stage may import"));
  const out: Record<string, readonly string[] | "all"> = {};
  for (const m of table.matchAll(/^\| (\S+) \| ([^|]+) \|$/gm)) {
    if (m[1] === "stage" || m[1]!.startsWith("-")) continue;
    const list = m[2]!.trim();
    out[m[1]!] = list === "everything" ? "all" : list === "nothing" ? [] : list.split(/,\s*/);
  }
  return out;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

test("every import of src/ goes downhill", () => {
  const src = path.join(ROOT, "src");
  const MAY_IMPORT = mayImport();
  assert.ok(Object.keys(MAY_IMPORT).length > 10, "the table of docs/architecture.md is read");
  const wrong: string[] = [];
  const folders = new Set<string>();
  for (const file of sources(src)) {
    const from = path.relative(src, file).split(path.sep)[0]!;
    if (from === "index.ts") continue; // the library entry re-exports whatever it offers
    folders.add(from);
    const allowed = MAY_IMPORT[from];
    assert.ok(allowed, `src/${from} is not in docs/architecture.md's table: say what it may import`);
    if (allowed === "all") continue;
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)) {
      const target = path.relative(src, path.resolve(path.dirname(file), m[1]!)).split(path.sep)[0]!;
      if (target === from || target.startsWith("..")) continue;
      if (!allowed.includes(target)) wrong.push(`${path.relative(ROOT, file)} imports ${m[1]} (src/${target})`);
    }
  }
  assert.deepEqual(wrong, []);
  for (const f of Object.keys(MAY_IMPORT)) assert.ok(folders.has(f), `docs/architecture.md names src/${f}, which is gone`);
});
