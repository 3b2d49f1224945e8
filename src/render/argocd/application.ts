/**
 * The Argo CD Application of one app on one cluster, field for field what HomeScale's catalog chart
 * rendered (apps/templates/applications.yaml), so moving a cluster to homescale changes no live
 * object. Beyond the chart: the app's own `labels`, `extraSources` as written in app.yaml, and
 * per-app `revisionHistoryLimit`.
 *
 * An app is usually the same on every cluster but for the cluster's name, so what does not depend
 * on the cluster is worked out once per effective app (fixedParts) and shared between its
 * Applications; the YAML writer then writes those parts once too. The object is built in the
 * canonical key order of k8s-object.ts directly.
 */
import { setOwn } from "../../model/deep-merge.js";
import { applicationName } from "../../model/names.js";
import { holdsTemplate, renderValues } from "../../model/render-values.js";
import { effectiveSpec, templateData } from "../../model/resolve.js";
import { share } from "../../model/shared-tree.js";
import type { TemplateData } from "../../model/template.js";
import type { App, Catalog, Cluster, Model, Platform } from "../../model/types.js";
import type { AppSpec } from "../../schema/app.js";
import { sortedMap, type K8sObject } from "../k8s-object.js";
import { renderSorted, sortKeysDeep } from "../sort-keys-deep.js";
import { destinationOf } from "./destination.js";
import { APP_NAME_KEY, appLabelKey, clusterLabelKey, PART_OF, PART_OF_KEY, RESOURCES_FINALIZER, SYNC_WAVE_KEY } from "./labels.js";
import { chartSourceOf, sourcesOf, type ChartSource } from "./sources.js";
import { orDefault } from "./or-default.js";
import { syncPolicyOf } from "./sync-policy.js";

/** The same list in every Application (like every part reused below, never mutated). One line: not worth a shared text. */
const FINALIZERS = [RESOURCES_FINALIZER];

export function applicationObject(model: Model, cluster: Cluster, app: App): K8sObject {
  const spec = effectiveSpec(app, cluster.name);
  const fixed = fixedParts(model, app, spec);
  const data = templateData(model.catalog, cluster);

  const appSpec: Record<string, unknown> = { project: fixed.project };
  const sources = sourcesOf(fixed.chart, renderSorted(spec.values ?? {}, data), fixed.extraSources);
  if ("source" in sources) appSpec.source = sources.source;
  else appSpec.sources = sources.sources;
  appSpec.destination = destinationOf(model.catalog, cluster, spec);
  if (spec.ignoreDifferences && spec.ignoreDifferences.length > 0) appSpec.ignoreDifferences = renderSorted(spec.ignoreDifferences, data);
  if (fixed.syncPolicy) appSpec.syncPolicy = fixed.syncPolicy;
  appSpec.revisionHistoryLimit = fixed.revisionHistoryLimit;

  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: fixed.name,
      namespace: model.catalog.argocdNamespace,
      labels: labelsOn(model.platform, cluster, app, spec, data),
      annotations: fixed.annotations ?? annotationsOf(spec, data),
      finalizers: FINALIZERS,
    },
    spec: appSpec,
  };
}

interface FixedParts {
  catalog: Catalog;
  platform: Platform;
  app: App;
  name: string;
  project: string;
  chart: ChartSource;
  extraSources: readonly Record<string, unknown>[] | undefined;
  syncPolicy: Record<string, unknown> | undefined;
  revisionHistoryLimit: number;
  /** Undefined when the app's own annotations hold templates (then they differ per cluster). */
  annotations: Record<string, string> | undefined;
}

/** Per effective app: the base spec is one object shared by every cluster without an override. */
const fixedBySpec = new WeakMap<AppSpec, FixedParts>();

function fixedParts(model: Model, app: App, spec: AppSpec): FixedParts {
  const { catalog, platform } = model;
  const known = fixedBySpec.get(spec);
  if (known && known.catalog === catalog && known.platform === platform && known.app === app) return known;
  const ownAnnotations = spec.annotations ?? EMPTY;
  const fixed: FixedParts = {
    catalog,
    platform,
    app,
    name: applicationName(catalog.applicationNamePrefix, app.name),
    project: orDefault(spec.project, catalog.project),
    chart: chartSourceOf(catalog, app, spec),
    // The chart printed extra sources with toYaml and no tpl: they pass through as written, sorted.
    extraSources: spec.extraSources && spec.extraSources.length > 0 ? spec.extraSources.map((s) => share(sortKeysDeep(s) as Record<string, unknown>)) : undefined,
    syncPolicy: shareIfAny(syncPolicyOf(catalog, spec)),
    revisionHistoryLimit: spec.revisionHistoryLimit ?? catalog.revisionHistoryLimit,
    annotations: holdsTemplate(ownAnnotations) ? undefined : annotationsOf(spec, NO_DATA),
  };
  fixedBySpec.set(spec, fixed);
  return fixed;
}

const EMPTY: Record<string, string> = share({});

function shareIfAny<T extends object>(tree: T | undefined): T | undefined {
  return tree === undefined ? undefined : share(tree);
}
/** Data for trees known to hold no template (never read). */
const NO_DATA: TemplateData = { Values: {} };

/**
 * The app's own labels (the chart passed them through tpl like annotations, so they may use
 * {{ .Values.cluster.name }}), then ours, which win: they identify the object to selectors,
 * notifications and the sync order, and an app.yaml must not be able to disguise one app as another.
 */
function labelsOn(platform: Platform, cluster: Cluster, app: App, spec: AppSpec, data: TemplateData): Record<string, string> {
  const merged: Record<string, string> = {};
  const own = renderValues(spec.labels ?? EMPTY, data) as Record<string, string>;
  for (const k of Object.keys(own)) setOwn(merged, k, own[k]!);
  setOwn(merged, APP_NAME_KEY, app.name);
  setOwn(merged, PART_OF_KEY, PART_OF);
  setOwn(merged, appLabelKey(platform), app.name);
  setOwn(merged, clusterLabelKey(platform), cluster.name);
  return sortedMap(merged);
}

/** The app's own annotations (through tpl, as the chart did) and the sync wave, which wins. */
function annotationsOf(spec: AppSpec, data: TemplateData): Record<string, string> {
  const merged: Record<string, string> = {};
  const own = renderValues(spec.annotations ?? EMPTY, data) as Record<string, string>;
  for (const k of Object.keys(own)) setOwn(merged, k, own[k]!);
  setOwn(merged, SYNC_WAVE_KEY, String(spec.syncWave ?? 0));
  return sortedMap(merged);
}
