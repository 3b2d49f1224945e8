import path from "node:path";
import os from "node:os";
import { checkSnapshot } from "../../check/check.js";
import type { Snapshot } from "../../load/snapshot.js";
import { clusterManifests, platformArtifacts, renderContext } from "../../render/outputs.js";
import { OutputLocked } from "../../write/out-lock.js";
import { assertReplaceable, OutputRefused, TreeWriter } from "../../write/write-tree.js";
import { parseCommandArgs } from "../args.js";
import { formatGithub } from "../../report/github.js";
import { formatTextDiagnostics, summaryLine } from "../../report/diagnostics-text.js";
import { CommandFailure, EXIT, paintFor, UsageError, type Io } from "../io.js";
import { readRepoFolder } from "../load-repo.js";
import { renderClusters, startRenderHelper, wantsHelper, type RenderHelper } from "../render-threads.js";
import type { Command } from "./command.js";

export const buildCommand: Command = {
  name: "build",
  summary: "check, then render everything the engines consume into --out (atomically)",
  usage: "homescale build [--repo DIR] --out DIR [--cluster NAME]... [--stdout] [--format text|json|github]",
  async run(argv: string[], io: Io): Promise<number> {
    const args = parseCommandArgs(
      argv,
      { out: { type: "string" }, cluster: { type: "string", multiple: true }, stdout: { type: "boolean" } },
      ["text", "json", "github"],
      io.cwd,
    );
    const toStdout = args.values.stdout === true;
    const outArg = args.values.out as string | undefined;
    if (!toStdout && outArg === undefined) throw new UsageError("build needs --out DIR (or --stdout with --cluster NAME)");
    if (toStdout && outArg !== undefined) throw new UsageError("--stdout and --out exclude each other");
    const clusters = (args.values.cluster as string[] | undefined) ?? [];
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);

    const repo = path.resolve(io.cwd, args.global.repo);
    const snapshot = readRepoFolder(repo, io.cwd);
    // Started before check, so that it has its own model ready when check is done (render-threads.ts).
    const helper =
      !toStdout && wantsHelper(io.env, snapshot.appDirs.length, os.availableParallelism()) ? startRenderHelper(snapshot, clusters) : undefined;
    try {
      return await build({ io, format: args.global.format, noColor: args.global.noColor, repo, clusters, outArg, snapshot, helper });
    } finally {
      helper?.stop();
    }
  },
};

/** Each file is written as soon as it is rendered, into a temporary sibling swapped in at the end. */
async function writeTree(out: string, fill: (tree: TreeWriter) => Promise<void>): Promise<ReturnType<TreeWriter["commit"]>> {
  try {
    const tree = TreeWriter.begin(out);
    try {
      await fill(tree);
    } catch (e) {
      tree.abort();
      throw e;
    }
    return tree.commit();
  } catch (e) {
    if (e instanceof OutputLocked || e instanceof OutputRefused) throw new CommandFailure(e.message);
    throw e;
  }
}

interface BuildRun {
  io: Io;
  format: string;
  noColor: boolean;
  repo: string;
  clusters: string[];
  /** --out as given; undefined with --stdout. */
  outArg: string | undefined;
  snapshot: Snapshot;
  helper: RenderHelper | undefined;
}

async function build({ io, format, noColor, repo, clusters, outArg, snapshot, helper }: BuildRun): Promise<number> {
  const result = checkSnapshot(snapshot);
  const { diagnostics, model } = result;
  for (const name of clusters) {
    if (!model.platform.clusterByName.has(name)) {
      throw new UsageError(`--cluster ${name} names no cluster (clusters: ${model.platform.clusters.map((c) => c.name).join(", ")})`);
    }
  }
  const ctx = renderContext(model, { index: result.index, clusters });
  const hasErrors = diagnostics.some((d) => d.severity === "error");
  const paint = paintFor(io, noColor);
  const report = (files: { path: string; sha256: string; bytes: number }[]): void => {
    if (format === "json") io.stdout(JSON.stringify({ diagnostics, files }, null, 2) + "\n");
    else if (format === "github") io.stdout(formatGithub(diagnostics));
    else io.stderr(formatTextDiagnostics(diagnostics, (f) => result.sources.get(f)?.text, paint));
  };
  if (hasErrors) {
    report([]);
    if (format === "text") io.stderr(`\n${paint.red("✗")} ${summaryLine(diagnostics)}; nothing was written\n`);
    return EXIT.errors;
  }

  if (outArg === undefined) {
    // Argo CD's config-management plugin: the manifests of the named clusters on stdout, nothing else.
    if (clusters.length === 0) throw new UsageError("--stdout needs --cluster NAME");
    if (format === "text") io.stderr(formatTextDiagnostics(diagnostics, (f) => result.sources.get(f)?.text, paint));
    io.stdout(clusters.map((c) => clusterManifests(ctx, c)).join(""));
    return EXIT.ok;
  }

  const out = path.resolve(io.cwd, outArg);
  try {
    assertReplaceable(out, repo);
  } catch (e) {
    if (e instanceof OutputRefused) throw new UsageError(e.message);
    throw e;
  }
  const files = await writeTree(out, async (tree) => {
    // The platform-wide files first: a helper thread is still starting up meanwhile.
    for (const a of platformArtifacts(ctx)) tree.add(a);
    await renderClusters(ctx, (f) => tree.add(f), helper);
  });
  report(files);
  if (format === "text") {
    const bytes = files.reduce((n, f) => n + f.bytes, 0);
    io.stdout(`${paint.green("✓")} wrote ${files.length} files (${bytes} bytes) to ${outArg} for ${clusters.length || model.platform.clusters.length} clusters; ${summaryLine(diagnostics)}\n`);
  }
  return EXIT.ok;
}
