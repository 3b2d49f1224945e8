import fs from "node:fs";
import path from "node:path";
import { parseCommandArgs } from "../args.js";
import { CommandFailure, EXIT, UsageError, type Io } from "../io.js";
import { isLoopback } from "../../serve/hosts.js";
import { MissingAssetsError } from "../../serve/assets.js";
import { startServer, type RunningServer } from "../../serve/server.js";
import type { Command } from "./command.js";

/** The port when none is given: fixed, so a bookmark keeps working; --port 0 takes any free one. */
export const DEFAULT_PORT = 7117;

/**
 * homescale serve: the dashboard over the repository, until interrupted (Ctrl-C, SIGTERM: exit 0).
 * 2 for a bad command line or a port that cannot be had.
 */
export const serveCommand: Command = {
  name: "serve",
  summary: "the dashboard: clusters and waves, the route topology, access, plans; live as files change (read-only)",
  usage: "homescale serve [--repo DIR] [--host 127.0.0.1] [--port N] [--base REV]",
  async run(argv: string[], io: Io): Promise<number> {
    const args = parseCommandArgs(argv, { host: { type: "string" }, port: { type: "string" }, base: { type: "string" } }, ["text"], io.cwd);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const host = (args.values.host as string | undefined) ?? "127.0.0.1";
    if (host === "") throw new UsageError("--host needs an address");
    const portText = (args.values.port as string | undefined) ?? String(DEFAULT_PORT);
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port ${portText} is not a port (0-65535; 0 picks a free one)`);
    const repo = path.resolve(io.cwd, args.global.repo);
    if (!fs.existsSync(repo) || !fs.statSync(repo).isDirectory()) throw new UsageError(`cannot open repository folder ${args.global.repo}`);
    const base = args.values.base as string | undefined;
    if (base === "") throw new UsageError("--base needs a revision");

    let server: RunningServer;
    try {
      server = await startServer({ repo, host, port: Number(portText), ...(base !== undefined ? { base } : {}) });
    } catch (e) {
      if (e instanceof MissingAssetsError) throw new CommandFailure(e.message);
      const err = e as NodeJS.ErrnoException;
      if (err.code === "EADDRINUSE") throw new CommandFailure(`port ${portText} is in use on ${host}; choose another with --port N (--port 0 picks a free one)`);
      if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND" || err.code === "EAI_AGAIN") throw new CommandFailure(`cannot listen on ${host}: it is not an address of this machine (${err.code})`);
      if (err.code === "EACCES") throw new CommandFailure(`not allowed to listen on port ${portText} (ports below 1024 need privileges)`);
      throw e;
    }
    if (!isLoopback(host)) {
      io.stderr(
        `homescale serve: warning: --host ${host} is not a loopback address: anyone who can reach this machine on port ${server.port} can read the platform's ` +
          `names, access rules, diagnostics and plans (the page has no login)\n`,
      );
    }
    const state = server.workspace.get();
    const counts = state.loaded ? state.loaded.result.diagnostics.filter((d) => d.severity === "error").length : 0;
    io.stdout(`homescale serve: ${server.url} (${path.relative(io.cwd, repo) || "."}${counts > 0 ? `, ${counts} error${counts === 1 ? "" : "s"} shown on the page` : ""}; watching ${server.watcher?.mode === "poll" ? "by polling" : "for changes"}; Ctrl-C stops)\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void server.close().then(resolve);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    return EXIT.ok;
  },
};
