/**
 * An Application's source: the app's own Helm chart in the platform repository, with its values
 * rendered for the cluster. With extraSources it becomes `sources`, the app's chart first, so
 * `$ref/...` value files of later sources resolve the same way and tools that read sources[0] still
 * find the chart.
 */
import { share } from "../../describe/shared-tree.js";
import type { App, Catalog } from "../../../model/types.js";
import type { AppSpec } from "../../../schema/app.js";
import { orDefault } from "../../../model/sprig-default.js";

export type Sources = { source: Record<string, unknown> } | { sources: Record<string, unknown>[] };

/** The parts of the app's chart source that are the same on every cluster (shared: never mutate them). */
export interface ChartSource {
  repoURL: string;
  targetRevision: string;
  path: string;
  releaseName: string;
  valueFiles: readonly string[] | undefined;
}

export function chartSourceOf(catalog: Catalog, app: App, spec: AppSpec): ChartSource {
  return {
    repoURL: orDefault(spec.repoURL, catalog.repoURL),
    targetRevision: orDefault(spec.targetRevision, catalog.targetRevision),
    path: spec.path,
    releaseName: orDefault(spec.releaseName, app.name),
    valueFiles: spec.valueFiles && spec.valueFiles.length > 0 ? share([...spec.valueFiles]) : undefined,
  };
}

/** `valuesObject` is the app's values as rendered for the cluster; extra sources come sorted, as written. */
export function sourcesOf(chart: ChartSource, valuesObject: unknown, extraSources: readonly Record<string, unknown>[] | undefined): Sources {
  const helm: Record<string, unknown> = { releaseName: chart.releaseName };
  if (chart.valueFiles) helm.valueFiles = chart.valueFiles;
  // Always present, even when empty: the chart wrote `valuesObject: {}` for every app.
  helm.valuesObject = valuesObject;
  const source = { repoURL: chart.repoURL, targetRevision: chart.targetRevision, path: chart.path, helm };
  if (!extraSources) return { source };
  return { sources: [source, ...extraSources] };
}
