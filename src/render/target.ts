/**
 * A render target: one thing an engine consumes (Argo CD's Applications, a Terraform file, a Talos
 * patch), as a module that computes it from the platform index. Targets only compute; the registry
 * (registry.ts) lists them, `build` writes what they return, `plan` diffs it, and none of them reads
 * another target. Adding a target is one module and one line in the registry.
 *
 * A target says where it belongs:
 * - its layer: what `plan` groups its changes under ("argocd", "terraform", ...), with a label;
 * - its scope: rendered once for the platform, or once per cluster, node or edge;
 * - how `plan` diffs it: Kubernetes objects by kind, namespace and name; Terraform resources by
 *   address, with the attributes whose change forces a replacement; whole files; or not at all.
 */
import type { ClusterView, PlatformIndex } from "../platform/index.js";
import type { Model } from "../model/types.js";
import type { TfJson, TfProvider } from "./emit/tf-json.js";

export interface RenderContext {
  model: Model;
  index: PlatformIndex;
  /** The clusters build renders the per-cluster targets for (all when empty). */
  clusters: readonly string[];
}

/** One file's content, or a part of it: YAML documents from several targets may share a file. */
export type Output =
  | {
      path: string;
      /** YAML documents, plain objects or descriptions (describe/), written as one stream. */
      yaml: readonly unknown[];
      /** A file that ends up with no document is not written (default: it is written, empty). */
      skipEmpty?: boolean;
    }
  | { path: string; tf: TfJson }
  | { path: string; json: unknown }
  | { path: string; text: string };

export type Diff =
  | { by: "object" }
  | { by: "resource"; replaceOn: Readonly<Record<string, readonly string[]>> }
  | { by: "file" }
  | { by: "none"; why: string };

interface TargetBase {
  id: string;
  layer: string;
  layerLabel: string;
  /** What it renders, for `homescale build --list` and the docs. */
  description: string;
  diff: Diff;
}

export interface PlatformTarget extends TargetBase {
  scope: "platform";
  /**
   * The Terraform providers its `tf` outputs use. All of terraform/ is one module, which may have
   * one required_providers block: build puts it, naming every provider, in the first file written.
   */
  providers?: Readonly<Record<string, TfProvider>>;
  render(ctx: RenderContext): Output[];
}

export interface ClusterTarget extends TargetBase {
  scope: "cluster";
  /** Part of the manifests Argo CD applies on the cluster (`build --cluster C --stdout`, the plugin). */
  stream: boolean;
  render(ctx: RenderContext, cluster: ClusterView): Output[];
}

/**
 * A target rendered once per node of a cluster (a Talos machine) or per edge (a VPS): it says which
 * units there are, what each is called in a plan, and renders one at a time.
 */
export interface UnitTarget<U = unknown> extends TargetBase {
  scope: "node" | "edge";
  /** The units to render: for nodes, those of the clusters build renders (ctx.clusters). */
  units(ctx: RenderContext): readonly U[];
  /** A unit's name where `plan` reports its changes: "<cluster>/<node>", or the edge's name. */
  unitName(unit: U): string;
  /** The cluster a unit belongs to, if any (`build --cluster` keeps only those). */
  unitCluster?(unit: U): string | undefined;
  render(ctx: RenderContext, unit: U): Output[];
}

// The unit type is the target's own business: the registry holds targets of every unit type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Target = PlatformTarget | ClusterTarget | UnitTarget<any>;

/** The file an output goes to, and what kind of content it is. */
export function outputKind(o: Output): "yaml" | "tf" | "json" | "text" {
  return "yaml" in o ? "yaml" : "tf" in o ? "tf" : "json" in o ? "json" : "text";
}
