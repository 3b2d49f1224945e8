/**
 * Telling the dashboard that the repository changed. Node 20's recursive fs.watch works on Linux
 * (inotify per folder, new folders included: checked when this was written); where it cannot
 * start or fails later (no inotify watches left, the folder replaced), the watcher falls back to
 * polling sizes and modification times. Events are debounced: an editor's save is several writes.
 *
 * Two kinds of change: the tree (a file homescale may read: check again) and git's refs (HEAD or a
 * branch moved: a plan against it may differ). Hidden folders other than .git's refs are ignored,
 * as the loader ignores them.
 */
import fs from "node:fs";
import path from "node:path";

export type Change = "tree" | "refs";

export interface WatchOptions {
  mode?: "fs" | "poll";
  /** Quiet time after the last event before reporting (default 30 ms). */
  debounceMs?: number;
  /** Interval of the polling fallback (default 250 ms). */
  pollMs?: number;
  onChange(changes: ReadonlySet<Change>): void;
}

export interface Watcher {
  readonly mode: "fs" | "poll";
  close(): void;
}

/** What a changed path (relative, either separator) means, if anything. */
export function classify(rel: string): Change | undefined {
  const parts = rel.split(/[\\/]/).filter((p) => p !== "");
  if (parts.length === 0) return "tree";
  if (parts[0] === ".git") {
    const rest = parts.slice(1).join("/");
    return rest === "HEAD" || rest === "packed-refs" || rest.startsWith("refs/") || rest === "refs" ? "refs" : undefined;
  }
  return parts.some((p) => p.startsWith(".")) ? undefined : "tree";
}

export function watchRepo(dir: string, opts: WatchOptions): Watcher {
  const debounce = opts.debounceMs ?? 30;
  let pending = new Set<Change>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const note = (c: Change): void => {
    if (closed) return;
    pending.add(c);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const batch = pending;
      pending = new Set();
      opts.onChange(batch);
    }, debounce);
  };

  let fsWatcher: fs.FSWatcher | undefined;
  let poller: NodeJS.Timeout | undefined;
  let mode: "fs" | "poll" = opts.mode ?? "fs";

  const startPolling = (): void => {
    mode = "poll";
    let last = signatures(dir);
    poller = setInterval(() => {
      const now = signatures(dir);
      if (now.tree !== last.tree) note("tree");
      if (now.refs !== last.refs) note("refs");
      last = now;
    }, opts.pollMs ?? 250);
    poller.unref();
  };

  if (mode === "fs") {
    try {
      fsWatcher = fs.watch(dir, { recursive: true }, (_event, file) => {
        // No name: something changed, where is unknown.
        const c = file === null ? "tree" : classify(String(file));
        if (c) note(c);
      });
      fsWatcher.on("error", () => {
        fsWatcher?.close();
        fsWatcher = undefined;
        if (!closed) startPolling();
        note("tree");
      });
    } catch {
      startPolling();
    }
  } else startPolling();

  return {
    get mode() {
      return mode;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      fsWatcher?.close();
      if (poller) clearInterval(poller);
    },
  };
}

/** Sizes and modification times of everything the tree and the refs consist of. */
function signatures(dir: string): { tree: string; refs: string } {
  const tree: string[] = [];
  const refs: string[] = [];
  const walk = (abs: string, rel: string, into: string[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      into.push(`${rel}:gone`);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (into === tree && e.name.startsWith(".")) continue;
      const p = path.join(abs, e.name);
      if (e.isDirectory()) walk(p, r, into);
      else {
        try {
          const st = fs.statSync(p);
          into.push(`${r}:${st.size}:${st.mtimeMs}`);
        } catch {
          // removed between the listing and the stat: the next round sees it gone
        }
      }
    }
  };
  walk(dir, "", tree);
  const git = path.join(dir, ".git");
  for (const f of ["HEAD", "packed-refs"]) {
    try {
      const st = fs.statSync(path.join(git, f));
      refs.push(`${f}:${st.size}:${st.mtimeMs}`);
    } catch {
      // not a git repository, or no packed refs
    }
  }
  if (fs.existsSync(path.join(git, "refs"))) walk(path.join(git, "refs"), "refs", refs);
  return { tree: tree.join("\n"), refs: refs.join("\n") };
}
