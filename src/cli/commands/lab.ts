/**
 * homescale lab up|test|down [--edge NAME] [--build DIR]: an edge's generated files run in network
 * namespaces with the real daemons (src/lab).
 *
 * - `up` checks and builds the repository into the run's folder, brings each edge's lab up and
 *   leaves it running (its state under /run/homescale-lab).
 * - `test` runs the checks against the edge's running lab when there is one (of this repository);
 *   otherwise it brings a lab up for itself, tests, and takes it down. `--build DIR` tests the files
 *   of an earlier build instead of building (what was deployed, or a file edited by hand), held to
 *   what the repository declares. Exit 0 only when every check passes, 1 when one fails.
 * - `down` takes down every lab of `lab up` and whatever a crashed run left.
 *
 * Exit 2 without root or a program the lab runs, or when the lab itself breaks; 1 when the
 * repository has errors (nothing is run then). SIGINT and SIGTERM take the run's lab down first.
 */
import fs from "node:fs";
import path from "node:path";
import { formatTextDiagnostics } from "../../report/diagnostics-text.js";
import { formatLabText } from "../../report/lab.js";
import { renderArtifacts, renderContext } from "../../render/outputs.js";
import {
  Aborted,
  downable,
  edgeExpectations,
  FilesError,
  LAB_PROGRAMS,
  LabError,
  labUp,
  newState,
  ownerAlive,
  probe,
  readStates,
  strayNamespaces,
  sweep,
  teardown,
  TopologyError,
  type Check,
  type EdgeExpectation,
  type LabPlan,
  type LabState,
} from "../../lab/index.js";
import { parseCommandArgs } from "../args.js";
import { CommandFailure, EXIT, paintFor, UsageError, type Io } from "../io.js";
import { checkFolder } from "../load-repo.js";
import type { Command } from "./command.js";

const SUBCOMMANDS = ["up", "test", "down"] as const;

function hasProgram(p: string): boolean {
  return (process.env.PATH ?? "").split(":").some((d) => d !== "" && fs.existsSync(path.join(d, p)));
}

/** Why the lab cannot run here, if it cannot. */
function cannotRun(): string | undefined {
  const uid = typeof process.getuid === "function" ? process.getuid() : -1;
  if (uid !== 0) return "lab needs root: it makes network namespaces and runs WireGuard, nftables, HAProxy and nginx in them (run it as root, e.g. with sudo)";
  const missing = LAB_PROGRAMS.filter((p) => !hasProgram(p.program));
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((m) => m.pkg))];
    return `lab needs ${missing.map((m) => m.program).join(", ")}: apt-get install ${pkgs.join(" ")}`;
  }
  return undefined;
}

/** The run being made or tested, for the signal handlers. */
interface Current {
  state?: LabState;
  aborted: boolean;
}

export const labCommand: Command = {
  name: "lab",
  summary: "run the edges' generated configs in network namespaces with the real daemons, and test them with real requests",
  usage: "homescale lab up|test|down [--edge NAME] [--build DIR] [--repo DIR] [--format text|json] [--no-color]",
  async run(argv: string[], io: Io): Promise<number> {
    const args = parseCommandArgs(argv, { edge: { type: "string" }, build: { type: "string" } }, ["text", "json"], io.cwd);
    const sub = args.positionals[0];
    if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError(`lab needs one of ${SUBCOMMANDS.join(", ")}${sub !== undefined ? `, not ${sub}` : ""}`);
    if (args.positionals.length > 1) throw new UsageError(`unexpected argument ${args.positionals[1]}`);
    const edgeName = args.values.edge as string | undefined;
    const buildDir = args.values.build as string | undefined;
    if (buildDir !== undefined && sub !== "test") throw new UsageError("--build goes with lab test");
    const why = cannotRun();
    if (why) {
      if (args.global.format === "json") io.stdout(`${JSON.stringify({ diagnostics: [], error: why, edges: [] }, null, 2)}\n`);
      io.stderr(`homescale lab: ${why}\n`);
      return EXIT.usage;
    }
    const current: Current = { aborted: false };
    const onSignal = (signal: NodeJS.Signals): void => {
      if (current.aborted) return;
      current.aborted = true;
      io.stderr(`homescale lab: ${signal}: taking the lab down\n`);
      void (async () => {
        if (current.state) await teardown(current.state);
        // What the interrupted step may still have started goes too.
        await new Promise((r) => setTimeout(r, 300));
        if (current.state) await teardown(current.state);
        process.exit(130);
      })();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
      if (sub === "down") return await down(io, args.global.format, edgeName);
      return await upOrTest(io, sub as "up" | "test", args.global, edgeName, buildDir, current, args.global.noColor);
    } catch (e) {
      if (e instanceof LabError || e instanceof FilesError || e instanceof TopologyError) throw new CommandFailure(e.message);
      throw e;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};

async function down(io: Io, format: string, edge: string | undefined): Promise<number> {
  const done: { edge: string; prefix: string }[] = [];
  for (const s of downable(edge)) {
    await teardown(s);
    done.push({ edge: s.edge, prefix: s.prefix });
  }
  const stray = await strayNamespaces();
  await sweep(stray);
  if (format === "json") io.stdout(`${JSON.stringify({ diagnostics: [], edges: done.map((d) => ({ ...d, state: "down" })), stray }, null, 2)}\n`);
  else io.stdout(done.length + stray.length === 0 ? "lab: nothing to take down\n" : `${done.map((d) => `lab: edge ${d.edge} (${d.prefix}) is down\n`).join("")}${stray.map((n) => `lab: removed ${n}, left by a crashed run\n`).join("")}`);
  return EXIT.ok;
}

async function upOrTest(
  io: Io,
  sub: "up" | "test",
  global: { repo: string; format: string },
  edgeName: string | undefined,
  buildDir: string | undefined,
  current: Current,
  noColor: boolean,
): Promise<number> {
  const started = Date.now();
  const result = checkFolder(global.repo, io.cwd);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    if (global.format === "json") io.stdout(`${JSON.stringify({ diagnostics: result.diagnostics, edges: [] }, null, 2)}\n`);
    else io.stderr(formatTextDiagnostics(errors, (f) => result.sources.get(f)?.text, paintFor(io, noColor)));
    return EXIT.errors;
  }
  const all = edgeExpectations(result.index);
  if (all.length === 0) throw new UsageError(`${global.repo} has no edges (edges in homescale.yaml) to run`);
  const chosen = edgeName === undefined ? all : all.filter((x) => x.edge === edgeName);
  if (chosen.length === 0) throw new UsageError(`there is no edge ${edgeName} (edges: ${all.map((x) => x.edge).join(", ")})`);
  const repo = fs.realpathSync(path.resolve(io.cwd, global.repo));
  const out = buildDir !== undefined ? path.resolve(io.cwd, buildDir) : undefined;
  if (out !== undefined && !fs.existsSync(path.join(out, "edges"))) throw new UsageError(`--build ${buildDir} holds no edges/ folder: give the --out of a homescale build`);

  const edges: { edge: string; prefix: string; checks: Check[] }[] = [];
  for (const x of chosen) {
    if (current.aborted) break;
    const running = sub === "test" && out === undefined ? readStates().find((s) => s.edge === x.edge && s.repo === repo && s.owner === undefined && s.plan !== undefined) : undefined;
    if (running) {
      edges.push({ edge: x.edge, prefix: running.prefix, checks: await probe(running.plan as LabPlan) });
      continue;
    }
    if (sub === "up") {
      const already = readStates().find((s) => s.edge === x.edge && s.repo === repo && !ownerAlive(s) && s.owner === undefined);
      if (already) throw new CommandFailure(`edge ${x.edge} of this repository is up already (${already.prefix}): lab down first`);
    }
    const state = newState(x.edge, repo, sub === "test");
    current.state = state;
    try {
      const dir = out ?? writeBuild(result, state.dir);
      const plan = await labUp(dir, x, { aborted: () => current.aborted, state });
      const checks = sub === "test" ? await probe(plan) : [];
      edges.push({ edge: x.edge, prefix: state.prefix, checks });
      if (sub === "test") await teardown(state);
    } catch (e) {
      // A failed start leaves nothing behind; an interrupted one is taken down by the handler.
      if (!current.aborted) await teardown(state);
      // Interrupted: the signal handler takes the lab down and exits 130; nothing more to say here.
      if (e instanceof Aborted || current.aborted) await new Promise(() => undefined);
      throw e;
    } finally {
      current.state = undefined;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const failed = edges.some((e) => e.checks.some((c) => c.result === "fail"));
  if (global.format === "json") {
    const doc = sub === "up" ? { diagnostics: result.diagnostics, edges: edges.map((e) => ({ edge: e.edge, prefix: e.prefix, state: "up" })) } : { diagnostics: result.diagnostics, edges: edges.map((e) => ({ edge: e.edge, checks: e.checks })) };
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  } else if (sub === "up") {
    io.stdout(edges.map((e) => `lab: edge ${e.edge} is up (${e.prefix}); lab test runs against it, lab down takes it down\n`).join(""));
  } else {
    io.stdout(formatLabText(edges, paintFor(io, noColor), seconds));
  }
  return failed ? EXIT.errors : EXIT.ok;
}

/** The repository's build, into the run's folder: the lab runs what `build` writes. */
function writeBuild(result: ReturnType<typeof checkFolder>, dir: string): string {
  const out = path.join(dir, "build");
  for (const a of renderArtifacts(renderContext(result.model, { index: result.index }))) {
    const file = path.join(out, a.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, a.content);
  }
  return out;
}

export type { EdgeExpectation };
