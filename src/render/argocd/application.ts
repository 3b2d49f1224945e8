/**
 * The Argo CD Application of one app on one cluster, field for field what HomeScale's catalog chart
 * rendered (apps/templates/applications.yaml), so moving a cluster to homescale changes no live
 * object. Beyond the chart: the app's own `labels`, `extraSources` as written in app.yaml, and
 * per-app `revisionHistoryLimit`.
 */
import { applicationName } from "../../model/names.js";
import { effectiveSpec, renderValues, templateData } from "../../model/resolve.js";
import type { App, Cluster, Model } from "../../model/types.js";
import { orderKeys, type K8sObject } from "../k8s-object.js";
import { sortKeysDeep } from "../sort-keys-deep.js";
import { destinationOf } from "./destination.js";
import {
  APP_NAME_KEY,
  appLabelKey,
  clusterLabelKey,
  PART_OF,
  PART_OF_KEY,
  RESOURCES_FINALIZER,
  SYNC_WAVE_KEY,
} from "./labels.js";
import { orDefault } from "./or-default.js";
import { sourcesOf } from "./sources.js";
import { syncPolicyOf } from "./sync-policy.js";

export function applicationObject(model: Model, cluster: Cluster, app: App): K8sObject {
  const { platform, catalog } = model;
  const spec = effectiveSpec(app, cluster.name);
  const data = templateData(catalog, cluster);
  // The chart passed annotations and ignoreDifferences through tpl, so they may use
  // {{ .Values.cluster.name }}; labels get the same treatment for symmetry.
  const ownLabels = renderValues(spec.labels ?? {}, data) as Record<string, string>;
  const ownAnnotations = renderValues(spec.annotations ?? {}, data) as Record<string, string>;
  // Ours are written last and win: they identify the object to selectors, notifications and the
  // sync order, and an app.yaml must not be able to disguise one app as another.
  const labels = {
    ...ownLabels,
    [APP_NAME_KEY]: app.name,
    [PART_OF_KEY]: PART_OF,
    [appLabelKey(platform)]: app.name,
    [clusterLabelKey(platform)]: cluster.name,
  };
  const annotations = { ...ownAnnotations, [SYNC_WAVE_KEY]: String(spec.syncWave ?? 0) };

  const appSpec: Record<string, unknown> = {
    project: orDefault(spec.project, catalog.project),
    ...sourcesOf(catalog, cluster, app, spec),
    destination: destinationOf(catalog, cluster, spec),
  };
  if (spec.ignoreDifferences && spec.ignoreDifferences.length > 0) {
    appSpec.ignoreDifferences = sortKeysDeep(renderValues(spec.ignoreDifferences, data));
  }
  const syncPolicy = syncPolicyOf(catalog, spec);
  if (syncPolicy) appSpec.syncPolicy = syncPolicy;
  appSpec.revisionHistoryLimit = spec.revisionHistoryLimit ?? catalog.revisionHistoryLimit;

  return orderKeys({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: applicationName(catalog.applicationNamePrefix, app.name),
      namespace: catalog.argocdNamespace,
      labels,
      annotations,
      finalizers: [RESOURCES_FINALIZER],
    },
    spec: appSpec,
  });
}
