/**
 * `homescale serve`: the dashboard's HTTP server. It answers GET (and HEAD) for the page's own
 * files, the JSON endpoints (api.ts) and one event stream (/events, server-sent events) that says
 * when the repository changed; nothing else. Requests that do not name this server in their Host
 * header are refused (DNS rebinding), paths are matched exactly (never mapped to files), and the
 * repository is only read.
 */
import http from "node:http";
import path from "node:path";
import { handleApi } from "./api.js";
import { loadAssets, type Asset } from "./assets.js";
import { allowedHosts, hostPort } from "./hosts.js";
import { Planner } from "./planner.js";
import { watchRepo, type Watcher, type WatchOptions } from "./watch.js";
import { failureMessage, Workspace } from "./workspace.js";

export interface ServeOptions {
  repo: string;
  host: string;
  port: number;
  /** The plan page's default base revision (else HEAD). */
  base?: string;
  watch?: WatchOptions["mode"] | "off";
  debounceMs?: number;
  /** Where the page's files are (default: dist/page/ of this installation). */
  assetDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  workspace: Workspace;
  watcher: Watcher | undefined;
  /** Checks the repository again now and tells the pages (what the watcher calls). */
  refresh(): void;
  close(): Promise<void>;
}

/** The page may load only its own files and talk only to this server. */
const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};

const HEARTBEAT_MS = 15_000;

type View = "overview" | "topology" | "access" | "plan";
/** The endpoints that say which view a page shows. */
const VIEW_OF_API: Record<string, View | undefined> = {
  "/api/overview": "overview",
  "/api/topology": "topology",
  "/api/access": "access",
  "/api/plan.md": "plan",
};

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const assets = loadAssets(opts.assetDir);
  const repo = path.resolve(opts.repo);
  const ws = new Workspace(repo);
  ws.reload();
  const planner = new Planner(repo, opts.base);
  const streams = new Set<http.ServerResponse>();
  let allowed = new Set<string>();
  /** The view whose data a page asked for last (the warm-up derives it first). */
  let lastAsked: View | undefined;

  const announce = (): void => {
    const s = ws.get();
    const data = JSON.stringify({ generation: s.generation, ...(s.failure !== undefined ? { failure: s.failure } : {}) });
    for (const res of streams) res.write(`event: update\ndata: ${data}\n\n`);
  };

  const server = http.createServer((req, res) => {
    try {
      serve(req, res);
    } catch (e) {
      // A bug answers with its message, never with a stack trace or a dropped connection.
      if (!res.headersSent) send(res, 500, "application/json; charset=utf-8", JSON.stringify({ error: failureMessage(e, repo) }));
      else res.end();
    }
  });

  const serve = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const host = (req.headers.host ?? "").toLowerCase();
    if (!allowed.has(host)) {
      send(res, 403, "text/plain; charset=utf-8", "homescale serve answers only requests addressed to it (the Host header names another site)\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      send(res, 405, "text/plain; charset=utf-8", "read-only: only GET and HEAD\n");
      return;
    }
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    // The path as sent, undecoded: only exact names are answered, so %2e%2e and friends are just unknown names.
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
    const asset: Asset | undefined = assets.get(pathname);
    if (asset) {
      send(res, 200, asset.type, asset.body, req.method === "HEAD");
      return;
    }
    if (pathname === "/events") {
      openStream(res);
      return;
    }
    if (pathname.startsWith("/api/")) {
      if (VIEW_OF_API[pathname] !== undefined) lastAsked = VIEW_OF_API[pathname];
      const reply = handleApi(pathname, query, ws, planner);
      if (reply) {
        send(res, reply.status, reply.type === "json" ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8", reply.body, req.method === "HEAD");
        return;
      }
    }
    send(res, 404, "text/plain; charset=utf-8", "not found\n");
  };

  const openStream = (res: http.ServerResponse): void => {
    res.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive" });
    // The browser reconnects half a second after a drop; the first message says where things are.
    res.write(`retry: 500\nevent: hello\ndata: ${JSON.stringify({ generation: ws.generation })}\n\n`);
    streams.add(res);
    res.on("close", () => streams.delete(res));
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  allowed = allowedHosts(opts.host, port);

  // The topology and the access matrix of a large platform take a second each to derive: done while
  // nobody is asking, instead of on the page's first request. At the start both, one after the
  // other. After a change only what the page last looked at (the topology unless it was the access
  // matrix), and at once if the page shows it: its update then waits for that one derivation, and
  // neither it nor the next change waits for the other (1.1-1.6 s at 2,000 apps), which is derived
  // when first asked. Each derivation is its own task: a request arriving meanwhile is answered
  // between them.
  let warmer: NodeJS.Timeout | undefined;
  const warm = (start: boolean): void => {
    if (warmer) clearTimeout(warmer);
    const l = ws.get().loaded;
    const topology = (): unknown => l?.topology();
    const rules = (): unknown => l?.rules();
    const jobs = start ? [topology, rules] : [lastAsked === "access" ? rules : topology];
    const next = (delay: number): void => {
      const job = jobs.shift();
      if (!job) return;
      warmer = setTimeout(() => {
        try {
          job();
        } catch {
          // the request that needs it reports the failure
        }
        next(0);
      }, delay);
      warmer.unref();
    };
    // A page on the overview (or a plan) asks for neither: its request, which arrives right after the event, is answered first.
    next(!start && (lastAsked === "topology" || lastAsked === "access") ? 0 : 150);
  };
  const refresh = (): void => {
    ws.reload();
    announce();
    warm(false);
  };
  warm(true);
  const watcher =
    opts.watch === "off"
      ? undefined
      : watchRepo(repo, {
          mode: opts.watch ?? "fs",
          debounceMs: opts.debounceMs ?? 30,
          onChange(changes) {
            if (changes.has("tree")) refresh();
            else {
              ws.refsChanged();
              announce();
            }
          },
        });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(": still here\n\n");
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    url: `http://${hostPort(opts.host, port)}/`,
    port,
    workspace: ws,
    watcher,
    refresh,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        if (warmer) clearTimeout(warmer);
        watcher?.close();
        for (const res of streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, headOnly = false): void {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": type, "Content-Length": String(bytes.length) });
  res.end(headOnly ? undefined : bytes);
}
