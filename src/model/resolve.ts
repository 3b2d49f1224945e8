/**
 * Per-cluster resolution, exactly as DESIGN.md states it:
 * - enabled on C when clusters.C.deploy says so, else defaultDeploy (default false);
 * - the effective app on C is the base deep-merged with clusters.C minus deploy;
 * - value strings are template-evaluated with .Values = catalog values + this cluster.
 */
import type { PathSegment } from "../diag/diagnostic.js";
import type { AppSpec } from "../schema/app.js";
import { deepMerge } from "./deep-merge.js";
import { omit } from "../core/own.js";
import { isPlainObject, own } from "../core/own.js";
import type { ChartFiles, TemplateData } from "../gotpl/template.js";
import type { App, Catalog, Cluster, Model, Resolved } from "./types.js";

export function override(app: App, cluster: string): Record<string, unknown> | undefined {
  const clusters = app.raw.clusters;
  const o = isPlainObject(clusters) ? own(clusters, cluster) : undefined;
  return isPlainObject(o) ? o : undefined;
}

export function isEnabled(app: App, cluster: string): boolean {
  const o = override(app, cluster);
  if (o && typeof o.deploy === "boolean") return o.deploy;
  return app.raw.defaultDeploy === true;
}

/** An app without its clusters map, kept per app: every cluster without an override shares it. */
const bases = new WeakMap<object, AppSpec>();

/** The app without any cluster's override: what every cluster without one gets. Never mutate it. */
export function baseSpec(app: App): AppSpec {
  let base = bases.get(app.raw);
  if (!base) {
    base = omit(app.raw, "clusters") as AppSpec;
    bases.set(app.raw, base);
  }
  return base;
}

/**
 * One top-level field of the effective app on a cluster that is no map (namespace, podSecurity,
 * service): the override's when it sets the field, else the base's, as effectiveSpec's merge has it,
 * without merging the rest (values above all) to read it.
 */
export function effectiveScalar<K extends "namespace" | "podSecurity" | "service" | "releaseName">(app: App, cluster: string, key: K): AppSpec[K] {
  const o = override(app, cluster);
  if (o !== undefined && Object.hasOwn(o, key)) return o[key] as AppSpec[K];
  return (app.raw as AppSpec)[key];
}

/** True when the cluster's override, if any, changes nothing but the app's values. */
export function overridesOnlyValues(app: App, cluster: string): boolean {
  const o = override(app, cluster);
  return !o || setsOnly(o, ["deploy", "values"]);
}

/** True when the override sets no key but these (`deploy` says where the app runs, not what it is). */
function setsOnly(o: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const k in o) if (Object.hasOwn(o, k) && !keys.includes(k)) return false;
  return true;
}

/** Merged specs per app and cluster with an override: check and every renderer ask for the same ones. */
const merged = new WeakMap<object, Map<string, AppSpec>>();

/**
 * The app as it is on a cluster. Shared between calls and clusters: never mutate it. The same app
 * and cluster give the very same object each time, which renderers key their per-app work on.
 */
export function effectiveSpec(app: App, cluster: string): AppSpec {
  const base = baseSpec(app);
  const o = override(app, cluster);
  // Most overrides only say `deploy`: the app is then the base itself, not a copy of it.
  if (!o || setsOnly(o, ["deploy"])) return base;
  let byCluster = merged.get(app.raw);
  if (!byCluster) merged.set(app.raw, (byCluster = new Map()));
  let spec = byCluster.get(cluster);
  if (!spec) {
    spec = deepMerge(base, omit(o, "deploy")) as AppSpec;
    byCluster.set(cluster, spec);
  }
  return spec;
}

/** Where a field of the effective app on a cluster comes from: the override if it sets it, else the base. */
export function origin(app: App, cluster: string, path: readonly PathSegment[]): PathSegment[] {
  let cur: unknown = override(app, cluster);
  for (const seg of path) {
    // A list in the override replaced the base's whole: everything in it is the override's.
    if (Array.isArray(cur)) return ["clusters", cluster, ...path];
    if (!isPlainObject(cur) || !Object.hasOwn(cur, String(seg))) return [...path];
    cur = cur[String(seg)];
  }
  return ["clusters", cluster, ...path];
}

export function resolveAll(model: Model): Resolved[] {
  const out: Resolved[] = [];
  for (const cluster of model.platform.clusters) {
    for (const app of model.apps) {
      if (!app.valid || !isEnabled(app, cluster.name)) continue;
      out.push({ app, cluster, spec: effectiveSpec(app, cluster.name) });
    }
  }
  return out;
}

export function enabledClusters(model: Model, app: App): Cluster[] {
  return model.platform.clusters.filter((c) => isEnabled(app, c.name));
}

const dataOf = new WeakMap<Catalog, WeakMap<Cluster, TemplateData>>();

const NO_FILES = new Map<string, Uint8Array>();

/** `.Files` of the catalog chart: the files its values read (Helm reads a file it does not have as ""). */
function chartFiles(catalog: Catalog): ChartFiles {
  const files = catalog.chartFiles ?? NO_FILES;
  return { get: (path) => files.get(path) };
}

/**
 * What templates see under .Values on a cluster: the catalog values with cluster.name and region
 * set. Built once per catalog and cluster (every app asks), so templates must only read it.
 */
export function templateData(catalog: Catalog, cluster: Cluster): TemplateData {
  let byCluster = dataOf.get(catalog);
  if (!byCluster) dataOf.set(catalog, (byCluster = new WeakMap()));
  let data = byCluster.get(cluster);
  if (!data) {
    // Generation 2: the chart's values are the catalog's with the cluster's bootstrap values over them (helm -f -f).
    const values = cluster.catalogValues ? (deepMerge(catalog.values, cluster.catalogValues) as Record<string, unknown>) : catalog.values;
    const clusterValues = isPlainObject(values.cluster) ? values.cluster : {};
    data = { Values: { ...values, cluster: { ...clusterValues, name: cluster.name, region: cluster.region } }, Files: chartFiles(catalog) };
    byCluster.set(cluster, data);
  }
  return data;
}
