/** What the docs state, held to the suite and the program: docs/hostile-input.md's counts, the README's sessions. */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { codes } from "../src/diag/codes.js";
import { ROOT, run } from "./helpers.js";
import { HOSTILE_INPUTS } from "./hostile-inputs.js";
import { FUZZ_BASES, FUZZ_RUNS_PER_BASE } from "./suite-counts.js";

const page = fs.readFileSync(path.join(ROOT, "docs", "hostile-input.md"), "utf8");

test("docs/hostile-input.md states the number of hostile inputs and fuzz runs the suite makes", () => {
  assert.match(page, new RegExp(`\\*\\*${HOSTILE_INPUTS.length} hostile inputs\\*\\*`));
  assert.match(page, new RegExp(`\\*\\*${FUZZ_BASES * FUZZ_RUNS_PER_BASE} fuzz runs\\*\\*`));
  assert.match(page, new RegExp(`${FUZZ_RUNS_PER_BASE} per base`));
});

test("every code it lists is registered, and every code a hostile input expects is listed", () => {
  const listed = [...page.matchAll(/^\| (HS\d{3}) \|/gm)].map((m) => m[1]!);
  for (const c of listed) assert.ok(c in codes, `${c} is not a registered code`);
  for (const h of HOSTILE_INPUTS) assert.ok(listed.includes(h.code), `${h.code} (${h.name}) is not in the table`);
});

test("every `$ homescale ...` session in the README prints what the command prints today", async () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  // A code block that starts with a prompt holds sessions: a `$ homescale` line, then its output.
  const blocks = [...readme.matchAll(/```\n(\$ homescale [\s\S]*?)```/g)].map((m) => m[1]!);
  const sessions = blocks.flatMap((b) => b.split(/^(?=\$ )/m)).map((t) => {
    const [first, ...rest] = t.split("\n");
    return { command: first!.slice("$ homescale ".length), shown: `${rest.join("\n").replace(/\n+$/, "")}\n` };
  });
  assert.ok(sessions.length >= 3, "the README shows its sessions");
  for (const { command, shown } of sessions) {
    const r = await run([...command.split(" "), "--no-color"]);
    assert.equal(r.stdout, shown, `homescale ${command}`);
  }
});
