/**
 * The shape every Kubernetes-style object renderer returns, and the one key order they are written
 * in. The order is cdk8s's habit: identity first (apiVersion, kind, metadata), then spec, then the
 * rest sorted, so a reviewer finds the same field at the same place in every object and a diff never
 * shows a key moving.
 */

import { compareCodePoints, sortedKeys } from "../core/compare-code-points.js";
import { setOwn } from "../core/own.js";
import type { Hole } from "./describe/frame.js";

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  [field: string]: unknown;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/**
 * A Kubernetes object as a frame describes it (describe/frame.ts): the same object on every
 * cluster, with a Hole where a cluster's part goes. Never a K8sObject: materialize() makes one.
 */
export interface K8sFrame {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string | Hole;
    namespace?: string | Hole;
    labels?: Record<string, string | Hole> | Hole;
    annotations?: Record<string, string | Hole> | Hole;
    finalizers?: string[];
  };
  [field: string]: unknown;
}

const TOP_FIRST = ["apiVersion", "kind", "metadata", "spec"];
const META_FIRST = ["name", "namespace", "labels", "annotations", "finalizers"];

/**
 * A copy of obj with its top-level and metadata keys in the canonical order. Labels and annotations
 * are sorted too: their order means nothing to Kubernetes, and sorting makes the output independent
 * of the order in which a renderer happened to merge them. Everything under spec keeps the order its
 * renderer chose, because that order is written for readers (repoURL before path before helm).
 * Keys whose value is undefined are dropped, as JSON would.
 */
export function orderKeys<T extends K8sObject | K8sFrame>(obj: T): T {
  const out = ordered(obj, TOP_FIRST) as T;
  const meta = ordered(obj.metadata, META_FIRST) as Record<string, unknown>;
  // A map that is one hole (its values vary per cluster) is ordered where its part is made.
  for (const k of ["labels", "annotations"] as const) {
    const m = obj.metadata[k];
    if (m !== undefined && isMap(m)) meta[k] = sortedMap(m);
  }
  out.metadata = meta as T["metadata"];
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function ordered(obj: Record<string, unknown>, first: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of first) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj).filter((k) => !first.includes(k)).sort(compareCodePoints)) {
    if (obj[k] !== undefined) out[k] = obj[k];
  }
  return out;
}

/** A copy with keys in code-point order (setOwn: a `__proto__` label stays a label). */
export function sortedMap<V>(m: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const k of sortedKeys(m)) setOwn(out, k, m[k]!);
  return out;
}
