#!/usr/bin/env node
// The step of the GitHub Action (action.yml) that runs homescale, with what GitHub gives a step:
// INPUT_MODE, INPUT_REPO, INPUT_BASE, INPUT_PLAN_FILE (set by action.yml from its inputs),
// GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP and, on a pull request,
// GITHUB_BASE_REF. It runs the homescale of its own checkout (bin/homescale next to scripts/).
//
// check: annotations (`check --format github`) in the log, where GitHub picks them up; file paths
//   are made relative to the workspace, so a platform in a subfolder is annotated on the right file.
// plan:  `plan --format markdown --detailed-exitcode`; the markdown goes to the job summary and to a
//   file a later step can post as a pull-request comment. Exit 0 (no changes) and 2 (changes) are
//   success; anything else fails the step, after the outputs and the file are written.
// Outputs: exit-code (both modes), changes and plan-file (plan).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(root, "bin", "homescale");

/** GitHub refuses a pull-request comment longer than this (characters; measured here in bytes, which is stricter). */
export const COMMENT_LIMIT = 65536;
/** GitHub drops a step's job summary larger than this (bytes). */
export const SUMMARY_LIMIT = 1024 * 1024;

/**
 * `markdown` cut to at most `limit` bytes at a line boundary, with `note` after it. A fenced code
 * block or a `<details>` left open by the cut is closed first, so the rest still renders.
 */
export function truncateMarkdown(markdown, limit, note) {
  if (Buffer.byteLength(markdown) <= limit) return markdown;
  const closers = (fenced, details) => (fenced ? "```\n" : "") + "\n</details>\n".repeat(details);
  const tail = `\n${note}\n`;
  let out = "";
  let fenced = false;
  let details = 0;
  for (const line of markdown.split("\n")) {
    const nextFenced = /^```/.test(line) ? !fenced : fenced;
    const nextDetails = fenced ? details : details + (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
    const candidate = out + line + "\n";
    if (Buffer.byteLength(candidate + closers(nextFenced, nextDetails) + tail) > limit) break;
    out = candidate;
    fenced = nextFenced;
    details = nextDetails;
  }
  return out + closers(fenced, details) + tail;
}

/** A fence longer than any run of backticks in `text`, so the text cannot close it. */
function fence(text) {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return "`".repeat(longest + 1);
}

/** A workflow command's message and property escaping (homescale's own formatGithub does the same). */
function escapeData(s) {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * homescale names files relative to the platform folder; GitHub wants them relative to the
 * workspace (the repository root). A folder outside the workspace is left as it is.
 */
export function rebaseAnnotations(text, prefix) {
  if (prefix === "" || prefix === "." || prefix.startsWith("..") || path.isAbsolute(prefix)) return text;
  const p = escapeProperty(prefix.split(path.sep).join("/") + "/");
  return text.replace(/^(::(?:error|warning|notice) (?:[^:]*,)?file=)/gm, `$1${p}`);
}

function homescale(args, cwd) {
  // A plan of a large change is megabytes of markdown: room for it, not the default 1 MiB.
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the step; returns its exit code. `env` is what GitHub set; `io` where the log goes. */
export function runAction(env = process.env, io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }) {
  const setOutput = (name, value) => {
    if (env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
  };
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const repo = path.resolve(workspace, env.INPUT_REPO || ".");
  const mode = env.INPUT_MODE || "check";

  if (mode === "check") {
    const r = homescale(["check", "--repo", repo, "--format", "github"], workspace);
    io.out(rebaseAnnotations(r.stdout, path.relative(workspace, repo)));
    io.err(r.stderr);
    setOutput("exit-code", String(r.code));
    return r.code;
  }
  if (mode !== "plan") {
    io.out(`::error title=homescale::mode must be check or plan, not ${escapeData(mode)}\n`);
    setOutput("exit-code", "1");
    return 1;
  }

  const planFile = path.resolve(workspace, env.INPUT_PLAN_FILE || path.join(env.RUNNER_TEMP || os.tmpdir(), "homescale-plan.md"));
  const base = env.INPUT_BASE || (env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : "");
  let code;
  let markdown;
  let planned = false;
  if (base === "") {
    code = 1;
    markdown = failure("no base revision: set the action's `base` input (on a pull request it defaults to `origin/<base branch>`)");
  } else {
    const r = homescale(["plan", "--repo", repo, "--base", base, "--format", "markdown", "--detailed-exitcode"], workspace);
    io.err(r.stderr);
    // A plan always prints at least its heading, so an exit 2 with nothing on stdout is not
    // changes but a usage error (a bad --base): homescale versions that exit 2 for usage errors
    // even under --detailed-exitcode are told apart this way.
    planned = (r.code === 0 || r.code === 2) && r.stdout.trim() !== "";
    code = planned ? r.code : r.code === 0 || r.code === 2 ? 1 : r.code;
    markdown = planned ? r.stdout : failure(`\`homescale plan --base ${base}\` exited ${r.code}`, r.stderr);
  }
  fs.mkdirSync(path.dirname(planFile), { recursive: true });
  fs.writeFileSync(planFile, truncateMarkdown(markdown, COMMENT_LIMIT, "*The plan is longer than a comment can hold and is cut here; the whole plan is in the job summary of this run.*"));
  if (env.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(env.GITHUB_STEP_SUMMARY, truncateMarkdown(markdown, SUMMARY_LIMIT, "*The plan is longer than a job summary can hold and is cut here; `homescale plan` prints all of it.*"));
  }
  if (planned) io.out(markdown); // else what went wrong is in the log already, as homescale printed it
  setOutput("changes", code === 2 ? "true" : "false");
  setOutput("exit-code", String(code));
  setOutput("plan-file", planFile);
  if (!planned) io.out(`::error title=homescale plan::no plan (exit ${code}): ${base === "" ? "no base revision, set the base input" : "see the log"}\n`);
  return code === 0 || code === 2 ? 0 : code;
}

function failure(what, detail = "") {
  const f = fence(detail);
  return `### homescale plan\n\n**No plan:** ${what}.\n` + (detail.trim() === "" ? "" : `\n${f}text\n${detail.replace(/\n?$/, "\n")}${f}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = runAction();
