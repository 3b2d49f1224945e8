/**
 * The file layers of a plan: the targets that `plan` diffs as text (configs for hosts and nodes:
 * WireGuard, nftables, HAProxy, Talos patches), file by file, with the lines that change.
 */
import { fileText, type FileOutput } from "../render/outputs.js";
import { clusterFiles, platformFiles, selectedClusters, unitFilesOf } from "../render/outputs.js";
import { targets as registry } from "../render/registry.js";
import type { RenderContext, Target } from "../render/target.js";

export interface LineChange {
  op: "+" | "-";
  line: number;
  text: string;
}

export interface FileChange {
  layer: string;
  action: "add" | "remove" | "change";
  kind: "file";
  /** The file's path in the output tree. */
  name: string;
  /** The cluster, node or edge the file belongs to, when it belongs to one. */
  cluster?: string;
  detail: string;
  /** The lines that differ (at most MAX_LINES). */
  lines: LineChange[];
}

const MAX_LINES = 200;

interface Rendered {
  layer: string;
  unit?: string;
  text: string;
}

function files(ctx: RenderContext, list: readonly Target[]): Map<string, Rendered> {
  const out = new Map<string, Rendered>();
  const put = (layer: string, fs: FileOutput[], unit?: string): void => {
    for (const f of fs) {
      const r: Rendered = { layer, text: fileText(f) };
      if (unit !== undefined) r.unit = unit;
      out.set(f.path, r);
    }
  };
  for (const t of list) {
    if (t.diff.by !== "file") continue;
    if (t.scope === "platform") put(t.layer, platformFiles(ctx, [t]));
    else if (t.scope === "cluster") for (const view of selectedClusters(ctx)) put(t.layer, clusterFiles(ctx, view, [t]), view.cluster.name);
    else for (const { unit, files: fs } of unitFilesOf(ctx, t)) put(t.layer, fs, unit);
  }
  return out;
}

/** The lines that differ, by the longest common subsequence (files here are a few hundred lines); `-` lines number the old file, `+` the new. */
export function lineDiff(before: string, after: string): LineChange[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length * b.length > 4_000_000) {
    return [...a.map((text, i) => ({ op: "-" as const, line: i + 1, text })), ...b.map((text, i) => ({ op: "+" as const, line: i + 1, text }))];
  }
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push({ op: "-", line: ++i, text: a[i - 1]! });
    else out.push({ op: "+", line: ++j, text: b[j - 1]! }); // removals first, as diff prints them
  }
  return out;
}

export function diffFiles(base: RenderContext, head: RenderContext, list: readonly Target[] = registry): FileChange[] {
  const before = files(base, list);
  const after = files(head, list);
  const out: FileChange[] = [];
  const change = (path: string, r: Rendered, action: FileChange["action"], lines: LineChange[], detail: string): void => {
    const c: FileChange = { layer: r.layer, action, kind: "file", name: path, detail, lines: lines.slice(0, MAX_LINES) };
    if (r.unit !== undefined) c.cluster = r.unit;
    out.push(c);
  };
  for (const [path, b] of before) {
    const a = after.get(path);
    if (!a) change(path, b, "remove", [], "will be removed");
    else if (a.text !== b.text) {
      const lines = lineDiff(b.text, a.text);
      const added = lines.filter((l) => l.op === "+").length;
      change(path, a, "change", lines, `${added} line${added === 1 ? "" : "s"} added, ${lines.length - added} removed`);
    }
  }
  for (const [path, a] of after) if (!before.has(path)) change(path, a, "add", [], "will be created");
  return out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
