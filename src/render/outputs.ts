/**
 * The registry's outputs as files: what `build` writes, `build --stdout` prints and the render
 * threads share out. Targets compute; this module only puts each output into its file (several
 * targets' YAML documents may go into one file, in registry order) and turns it into text or bytes.
 */
import type { Model } from "../model/types.js";
import { indexPlatform, type ClusterView, type PlatformIndex } from "../platform/index.js";
import type { Artifact } from "../write/write-tree.js";
import type { ByteSink } from "./emit/byte-sink.js";
import { writeTfJson, type TfJson, type TfProvider } from "./emit/tf-json.js";
import { setOwn } from "../core/own.js";
import { emitYamlStream, writeYamlStream } from "./emit/yaml-emit.js";
import { targets as registry } from "./registry.js";
import type { ClusterTarget, Output, RenderContext, Target } from "./target.js";

export function renderContext(model: Model, opts: { index?: PlatformIndex; clusters?: readonly string[] } = {}): RenderContext {
  return { model, index: opts.index ?? indexPlatform(model), clusters: opts.clusters ?? [] };
}

/** The clusters the per-cluster targets render for: all, or those named. */
export function selectedClusters(ctx: RenderContext): ClusterView[] {
  const { clusters } = ctx.model.platform;
  const chosen = ctx.clusters.length === 0 ? clusters : clusters.filter((c) => ctx.clusters.includes(c.name));
  return chosen.map((c) => ctx.index.cluster(c.name)!);
}

/** A file as the targets describe it: its YAML documents, or its one other content. */
export interface FileOutput {
  path: string;
  outputs: Output[];
}

/** Outputs by file, files in the order first written to, each file's parts in registry order. */
function byFile(outputs: readonly Output[]): FileOutput[] {
  const files = new Map<string, Output[]>();
  for (const o of outputs) {
    const list = files.get(o.path);
    if (list) list.push(o);
    else files.set(o.path, [o]);
  }
  const out: FileOutput[] = [];
  for (const [path, parts] of files) {
    if (parts.length > 1 && parts.some((p) => !("yaml" in p))) throw new Error(`render: ${path} is written by more than one target`);
    // A YAML file that every contributor may leave out is not written when it has no document.
    if (parts.every((p) => "yaml" in p && p.skipEmpty === true && p.yaml.length === 0)) continue;
    out.push({ path, outputs: parts });
  }
  return out;
}

function documents(f: FileOutput): unknown[] {
  return f.outputs.flatMap((o) => ("yaml" in o ? o.yaml : []));
}

/** A file's text. */
export function fileText(f: FileOutput): string {
  const o = f.outputs[0]!;
  if ("yaml" in o) return emitYamlStream(documents(f));
  if ("tf" in o) return writeTfJson(o.tf);
  if ("json" in o) return `${JSON.stringify(o.json, null, 2)}\n`;
  return o.text;
}

function clusterTargets(list: readonly Target[] = registry): ClusterTarget[] {
  return list.filter((t): t is ClusterTarget => t.scope === "cluster");
}

/** One cluster's files. */
export function clusterFiles(ctx: RenderContext, view: ClusterView, list: readonly Target[] = registry): FileOutput[] {
  return byFile(clusterTargets(list).flatMap((t) => t.render(ctx, view)));
}

/**
 * The platform's own files (Terraform, CI, docs). The Terraform files are one module: its one
 * required_providers block, naming the providers of every Terraform file written, goes into the
 * first of them.
 */
export function platformFiles(ctx: RenderContext, list: readonly Target[] = registry): FileOutput[] {
  const providers: Record<string, TfProvider> = {};
  let first: { path: string; tf: TfJson } | undefined;
  const outputs = list.flatMap((t) => {
    if (t.scope !== "platform") return [];
    const out = t.render(ctx);
    if (out.some((o) => "tf" in o)) for (const [name, p] of Object.entries(t.providers ?? {})) setOwn(providers, name, p);
    for (const o of out) if ("tf" in o && first === undefined) first = o;
    return out;
  });
  if (first) first.tf = { terraform: { required_providers: providers }, ...first.tf };
  return byFile(outputs);
}

/** The files of the node and edge targets: every unit of each, in registry order. */
export function unitFiles(ctx: RenderContext, list: readonly Target[] = registry): FileOutput[] {
  return list.flatMap((t) => unitFilesOf(ctx, t).flatMap((u) => u.files));
}

/** One node or edge target's files, unit by unit (units outside the clusters asked for are left out). */
export function unitFilesOf(ctx: RenderContext, t: Target): { unit: string; files: FileOutput[] }[] {
  if (t.scope !== "node" && t.scope !== "edge") return [];
  return t
    .units(ctx)
    .filter((u) => {
      const c = t.unitCluster?.(u);
      return ctx.clusters.length === 0 || c === undefined || ctx.clusters.includes(c);
    })
    .map((u) => ({ unit: t.unitName(u), files: byFile(t.render(ctx, u)) }));
}

/** The files that are not any one cluster's (platform, nodes, edges), as text. */
export function platformArtifacts(ctx: RenderContext): Artifact[] {
  return [...platformFiles(ctx), ...unitFiles(ctx)].map((f) => ({ path: f.path, content: fileText(f) }));
}

/**
 * One cluster's files as UTF-8, each written into `sink` and handed to `file` before the next one
 * is written: the bytes are valid only during the call (build writes them to disk there).
 */
export function writeClusterFiles(ctx: RenderContext, view: ClusterView, sink: ByteSink, file: (a: Artifact) => void): void {
  for (const f of clusterFiles(ctx, view)) {
    sink.reset();
    if ("yaml" in f.outputs[0]!) writeYamlStream(documents(f), sink);
    else sink.push(fileText(f));
    file({ path: f.path, content: sink.view() });
  }
}

/** The manifests Argo CD applies on one cluster (the stream targets' documents), as one YAML stream. */
export function clusterManifests(ctx: RenderContext, cluster: string): string {
  const view = ctx.index.cluster(cluster);
  if (!view) return "";
  return emitYamlStream(clusterTargets().filter((t) => t.stream).flatMap((t) => t.render(ctx, view).flatMap((o) => ("yaml" in o ? o.yaml : []))));
}

/** Everything build writes, as text, sorted by path (tests and tools; build itself streams). */
export function renderArtifacts(ctx: RenderContext): Artifact[] {
  const out = selectedClusters(ctx).flatMap((view) => clusterFiles(ctx, view).map((f) => ({ path: f.path, content: fileText(f) })));
  return sortArtifacts([...out, ...platformArtifacts(ctx)]);
}

/** Byte order of paths: the order files are listed in build's report. */
export function sortArtifacts(artifacts: Artifact[]): Artifact[] {
  return artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
