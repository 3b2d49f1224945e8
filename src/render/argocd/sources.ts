/**
 * An Application's source: the app's own Helm chart in the platform repository, with its values
 * rendered for the cluster. With extraSources it becomes `sources`, the app's chart first, so
 * `$ref/...` value files of later sources resolve the same way and tools that read sources[0] still
 * find the chart.
 */
import { renderValues, templateData } from "../../model/resolve.js";
import type { App, Catalog, Cluster } from "../../model/types.js";
import type { AppSpec } from "../../schema/app.js";
import { sortKeysDeep } from "../sort-keys-deep.js";
import { orDefault } from "./or-default.js";

export type Sources = { source: Record<string, unknown> } | { sources: Record<string, unknown>[] };

export function sourcesOf(catalog: Catalog, cluster: Cluster, app: App, spec: AppSpec): Sources {
  const helm: Record<string, unknown> = { releaseName: orDefault(spec.releaseName, app.name) };
  if (spec.valueFiles && spec.valueFiles.length > 0) helm.valueFiles = [...spec.valueFiles];
  // Always present, even when empty: the chart wrote `valuesObject: {}` for every app.
  helm.valuesObject = sortKeysDeep(renderValues(spec.values ?? {}, templateData(catalog, cluster)));
  const chart = {
    repoURL: orDefault(spec.repoURL, catalog.repoURL),
    targetRevision: orDefault(spec.targetRevision, catalog.targetRevision),
    path: spec.path,
    helm,
  };
  if (!spec.extraSources || spec.extraSources.length === 0) return { source: chart };
  // The chart printed extra sources with toYaml and no tpl: they pass through as written.
  return { sources: [chart, ...spec.extraSources.map((s) => sortKeysDeep(s) as Record<string, unknown>)] };
}
