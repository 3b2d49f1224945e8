/**
 * The Argo CD Application of one app on one cluster, field for field what HomeScale's catalog chart
 * rendered (apps/templates/applications.yaml), so moving a cluster to homescale changes no live
 * object. Beyond the chart: the app's own `labels`, `extraSources` as written in app.yaml, and
 * per-app `revisionHistoryLimit`.
 *
 * An app is usually the same on every cluster but for the cluster's name, so the Application is
 * built once per effective app as a frame (frame.ts) with holes for the cluster's name and for the
 * trees that hold templates, and filled per cluster; the YAML writer writes the frame's text once.
 * The frame is built in the canonical key order of k8s-object.ts directly.
 */
import { AppSpecCache } from "../../describe/app-spec-cache.js";
import { setOwn } from "../../../core/own.js";
import { chartValuesOf } from "../../../model/chart-values.js";
import { applicationName } from "../../../model/names.js";
import { holdsTemplate } from "../../../model/template-values.js";
import { renderValues } from "../../describe/values.js";
import { baseSpec, overridesOnlyValues } from "../../../model/resolve.js";
import type { ClusterView } from "../../../platform/index.js";
import type { Placement } from "../../../platform/placement.js";
import { share } from "../../describe/shared-tree.js";
import type { TemplateData } from "../../../gotpl/template.js";
import type { App, Catalog, Model, Platform } from "../../../model/types.js";
import type { AppSpec } from "../../../schema/app.js";
import { Framed, Hole } from "../../describe/frame.js";
import { sortedMap, type K8sFrame } from "../../k8s-object.js";
import { describeSorted, sortKeysDeep } from "../../describe/sort-keys-deep.js";
import { destinationOf } from "./destination.js";
import { APP_NAME_KEY, appLabelKey, clusterLabelKey, PART_OF, PART_OF_KEY, RESOURCES_FINALIZER, SYNC_WAVE_KEY } from "../../labels.js";
import { chartSourceOf, sourcesOf } from "./sources.js";
import { orDefault } from "../../../model/sprig-default.js";
import { syncPolicyOf } from "./sync-policy.js";

/** The same list in every Application (like every part reused below, never mutated). One line: not worth a shared text. */
const FINALIZERS = [RESOURCES_FINALIZER];

/**
 * The Application as a description (model/frame.ts): the app's frame and this cluster's parts;
 * materialize() gives the object.
 */
export function describeApplication(model: Model, view: ClusterView, placement: Placement): Framed {
  const { app, spec } = placement;
  const cluster = view.cluster;
  // The frame holds everything but the values, so a cluster that overrides only values keeps the base's frame.
  const fixed = fixedParts(model, app, overridesOnlyValues(app, cluster.name) ? baseSpec(app) : spec);
  const values = chartValuesOf(model, app, spec) ?? EMPTY;
  // Asked of the sorted tree, which describing it then plans for free (a plan is kept per tree).
  const sorted = sortKeysDeep(values) as object;
  const templatedValues = holdsTemplate(sorted);
  const data = fixed.templated || templatedValues ? view.data : NO_DATA;
  // Template-free values are the same sorted tree on every cluster: shared from the first, so the
  // YAML writer keeps its text the first time it writes it.
  const parts: Record<string, unknown> = { cluster: cluster.name, values: templatedValues ? describeSorted(values, data, sorted) : share(sorted) };
  if (fixed.templated) {
    if (fixed.templated.labels) parts.labels = labelsOn(model.platform, cluster.name, app, spec, data);
    if (fixed.templated.annotations) parts.annotations = annotationsOf(spec, data);
    if (fixed.templated.ignoreDifferences) parts.ignoreDifferences = describeSorted(spec.ignoreDifferences ?? [], data);
  }
  return new Framed(fixed.frame, parts);
}

/** Which of the app's trees besides its values hold templates, so differ per cluster (undefined when none does). */
interface Templated {
  labels: boolean;
  annotations: boolean;
  ignoreDifferences: boolean;
}

interface FixedParts {
  catalog: Catalog;
  platform: Platform;
  /**
   * The Application with a hole for each part that depends on the cluster (frame.ts): the
   * cluster's name, the values, and the other trees that hold templates.
   */
  frame: K8sFrame;
  templated: Templated | undefined;
}

/** Per effective app: the base spec is one object shared by every cluster without an override. */
const fixedBySpec = new AppSpecCache<FixedParts>();

const CLUSTER = new Hole("cluster");
/** Values are a part of every Application: rendered per cluster, or the app's sorted tree, shared. */
const VALUES = new Hole("values");

function fixedParts(model: Model, app: App, spec: AppSpec): FixedParts {
  const { catalog, platform } = model;
  const known = fixedBySpec.get(app, spec);
  if (known && known.catalog === catalog && known.platform === platform) return known;

  const t: Templated = {
    labels: holdsTemplate(spec.labels),
    annotations: holdsTemplate(spec.annotations),
    ignoreDifferences: holdsTemplate(spec.ignoreDifferences),
  };
  const templated = t.labels || t.annotations || t.ignoreDifferences ? t : undefined;
  const whereTemplated = (name: keyof Templated, fixed: () => unknown): unknown => (t[name] ? new Hole(name) : fixed());

  const chart = chartSourceOf(catalog, app, spec);
  // The chart printed extra sources with toYaml and no tpl: they pass through as written, sorted.
  const extraSources = spec.extraSources && spec.extraSources.length > 0 ? spec.extraSources.map((s) => share(sortKeysDeep(s) as Record<string, unknown>)) : undefined;
  const appSpec: Record<string, unknown> = { project: orDefault(spec.project, catalog.project) };
  const sources = sourcesOf(chart, VALUES, extraSources);
  if ("source" in sources) appSpec.source = sources.source;
  else appSpec.sources = sources.sources;
  appSpec.destination = destinationOf(catalog, CLUSTER, spec);
  if (spec.ignoreDifferences && spec.ignoreDifferences.length > 0) appSpec.ignoreDifferences = whereTemplated("ignoreDifferences", () => sortKeysDeep(spec.ignoreDifferences));
  const syncPolicy = syncPolicyOf(catalog, spec);
  if (syncPolicy) appSpec.syncPolicy = share(syncPolicy);
  appSpec.revisionHistoryLimit = spec.revisionHistoryLimit ?? catalog.revisionHistoryLimit;

  const frame: K8sFrame = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: applicationName(catalog.applicationNamePrefix, app.name),
      namespace: catalog.argocdNamespace,
      labels: t.labels ? new Hole("labels") : labelsOn(platform, CLUSTER, app, spec, NO_DATA),
      annotations: t.annotations ? new Hole("annotations") : annotationsOf(spec, NO_DATA),
      finalizers: FINALIZERS,
    },
    spec: appSpec,
  };
  const fixed: FixedParts = { catalog, platform, frame, templated };
  fixedBySpec.set(app, spec, fixed);
  return fixed;
}

const EMPTY: Record<string, string> = share({});

/** Data for trees known to hold no template (never read). */
const NO_DATA: TemplateData = { Values: {} };

/**
 * The app's own labels (the chart passed them through tpl like annotations, so they may use
 * {{ .Values.cluster.name }}), then ours, which win: they identify the object to selectors,
 * notifications and the sync order, and an app.yaml must not be able to disguise one app as another.
 */
function labelsOn(platform: Platform, cluster: string | Hole, app: App, spec: AppSpec, data: TemplateData): Record<string, string | Hole> {
  const merged: Record<string, string | Hole> = {};
  const own = renderValues(spec.labels ?? EMPTY, data) as Record<string, string>;
  for (const k of Object.keys(own)) setOwn(merged, k, own[k]!);
  setOwn(merged, APP_NAME_KEY, app.name);
  setOwn(merged, PART_OF_KEY, PART_OF);
  setOwn(merged, appLabelKey(platform), app.name);
  setOwn(merged, clusterLabelKey(platform), cluster as string);
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
