/**
 * The object layers of a plan: the Kubernetes objects every registry target that diffs by object
 * renders for each cluster (Namespaces, Applications, the app-of-apps, network objects), matched by
 * cluster/kind/namespace/name, with a field-level diff. Changes come out per cluster in sync-wave
 * order, the order Argo CD applies them, each under its target's layer.
 */
import { describedAlike, documentIdentity, plainDocument } from "../render/describe/documents.js";
import type { K8sObject } from "../render/k8s-object.js";
import { targets as registry } from "../render/registry.js";
import type { ClusterTarget, RenderContext, Target } from "../render/target.js";
import { diffValues, sameValue, type FieldChange } from "./diff-values.js";

export const SYNC_WAVE = "argocd.argoproj.io/sync-wave";

export type Action = "add" | "remove" | "change";

export interface ObjectChange {
  /** The layer of the target that renders the object ("argocd", ...). */
  layer: string;
  action: Action;
  kind: string;
  name: string;
  namespace?: string;
  cluster: string;
  /** Sync wave after (before for a removal): the order of the changes on one cluster. */
  wave: number;
  /** Wave before, when it changed. */
  waveBefore?: number;
  /** One line for a reader, e.g. "wave -30 -> -20; values: /replicas". */
  detail: string;
  /** Field-level diff of a change; empty for add and remove. */
  fields: FieldChange[];
  /** What the changed fields are about: "values", "wave", "sync options", "source", "destination", "labels", "other". */
  aspects: string[];
}

export function objectWave(o: K8sObject): number {
  const w = o.metadata.annotations?.[SYNC_WAVE];
  const n = w === undefined ? 0 : Number(w);
  return Number.isFinite(n) ? n : 0;
}

/** Every object the object targets render for one cluster, by "kind/namespace/name", as they describe them, with their layer. */
function clusterObjects(ctx: RenderContext, cluster: string, list: readonly Target[]): Map<string, { doc: unknown; layer: string }> {
  const out = new Map<string, { doc: unknown; layer: string }>();
  const view = ctx.index.cluster(cluster);
  if (!view) return out;
  for (const t of list) {
    if (t.scope !== "cluster" || t.diff.by !== "object") continue;
    for (const o of (t as ClusterTarget).render(ctx, view)) {
      if (!("yaml" in o)) continue;
      for (const doc of o.yaml) {
        const id = documentIdentity(doc);
        out.set(`${id.kind}/${id.namespace ?? ""}/${id.name}`, { doc, layer: t.layer });
      }
    }
  }
  return out;
}

export function aspectOf(path: string): string {
  if (path === `/metadata/annotations/${SYNC_WAVE.replace(/\//g, "~1")}`) return "wave";
  if (/^\/spec\/sources?(\/\d+)?\/helm\/(valuesObject|values|parameters)/.test(path)) return "values";
  if (path.startsWith("/spec/syncPolicy/syncOptions")) return "sync options";
  if (path.startsWith("/spec/syncPolicy")) return "sync policy";
  if (/^\/spec\/sources?\b/.test(path)) return "source";
  if (path.startsWith("/spec/destination")) return "destination";
  if (path.startsWith("/metadata/labels") || path.startsWith("/metadata/annotations")) return "metadata";
  return "other";
}

function describe(fields: FieldChange[], waveBefore: number, wave: number): { detail: string; aspects: string[] } {
  const aspects: string[] = [];
  const byAspect = new Map<string, FieldChange[]>();
  for (const f of fields) {
    const a = aspectOf(f.path);
    if (!byAspect.has(a)) {
      byAspect.set(a, []);
      aspects.push(a);
    }
    byAspect.get(a)!.push(f);
  }
  const parts: string[] = [];
  for (const a of aspects) {
    if (a === "wave") parts.push(`wave ${waveBefore} -> ${wave}`);
    else if (a === "values") {
      const paths = byAspect.get(a)!.map((f) => f.path.replace(/^\/spec\/sources?(\/\d+)?\/helm\/valuesObject/, "") || "/");
      parts.push(`values ${paths.slice(0, 3).join(", ")}${paths.length > 3 ? ` (+${paths.length - 3} more)` : ""}`);
    } else parts.push(`${a} (${byAspect.get(a)!.length} field${byAspect.get(a)!.length === 1 ? "" : "s"})`);
  }
  return { detail: parts.join("; "), aspects };
}

function clusterNames(ctx: RenderContext): string[] {
  return ctx.model.platform.clusters.map((c) => c.name);
}

/** The object changes of every cluster of either revision, clusters by name, then by wave. */
export function diffObjects(base: RenderContext, head: RenderContext, list: readonly Target[] = registry): ObjectChange[] {
  const clusters = [...new Set([...clusterNames(base), ...clusterNames(head)])].sort();
  const out: ObjectChange[] = [];
  for (const cluster of clusters) {
    const before = clusterObjects(base, cluster, list);
    const after = clusterObjects(head, cluster, list);
    const changes: ObjectChange[] = [];
    for (const [key, { doc: described, layer }] of before) {
      const d = after.get(key);
      // Two documents described alike are the same object: most objects of a plan, never materialized.
      if (d !== undefined && describedAlike(d.doc, described)) continue;
      const b = plainDocument(described) as K8sObject;
      const a = d === undefined ? undefined : (plainDocument(d.doc) as K8sObject);
      const base: Omit<ObjectChange, "action" | "wave" | "detail" | "fields" | "aspects"> = { layer: d?.layer ?? layer, kind: b.kind, name: b.metadata.name, cluster };
      if (b.metadata.namespace !== undefined) base.namespace = b.metadata.namespace;
      if (a === undefined) {
        changes.push({ ...base, action: "remove", wave: objectWave(b), detail: `removed from ${cluster}`, fields: [], aspects: [] });
        continue;
      }
      if (sameValue(a, b)) continue;
      const fields = diffValues(b, a);
      const wave = objectWave(a);
      const waveBefore = objectWave(b);
      const { detail, aspects } = describe(fields, waveBefore, wave);
      const c: ObjectChange = { ...base, action: "change", wave, detail, fields, aspects };
      if (waveBefore !== wave) c.waveBefore = waveBefore;
      changes.push(c);
    }
    for (const [key, { doc, layer }] of after) {
      if (before.has(key)) continue;
      const a = plainDocument(doc) as K8sObject;
      const c: ObjectChange = { layer, action: "add", kind: a.kind, name: a.metadata.name, cluster, wave: objectWave(a), detail: `added to ${cluster}`, fields: [], aspects: [] };
      if (a.metadata.namespace !== undefined) c.namespace = a.metadata.namespace;
      changes.push(c);
    }
    const kindRank = (k: string): number => (k === "Namespace" ? 0 : k === "Application" ? 1 : 2);
    changes.sort((x, y) => x.wave - y.wave || kindRank(x.kind) - kindRank(y.kind) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    out.push(...changes);
  }
  return out;
}
