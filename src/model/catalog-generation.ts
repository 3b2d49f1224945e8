/**
 * Which HomeScale catalog chart a repository is written for. The chart changed in mid-2026 (corpus
 * homescale-public-84982fd7): generation 1 reads per-cluster settings from app.yaml's
 * clusters.<name>; generation 2 reads each cluster's deploy toggles and values from the bootstrap
 * values (`apps.<name>` in clusters/<name>/apps.yaml, the `helm.values` of its catalog source) and
 * injects `homescale.exposePublicFqdns` into every Application.
 *
 * homescale.yaml may say which (catalog.generation). Otherwise the repository shows it: a
 * bootstrap whose catalog values hold `apps:`, or an `apps:` key in apps/values.yaml (the chart's
 * own default for those toggles), means generation 2; nothing of the kind, generation 1. check says
 * which one was used and why (HS160), for generation 2 and whenever the setting decided.
 */
import type { Finding, PathSegment, Where } from "../diag/diagnostic.js";
import { CATALOG_VALUES_FILE, SETTINGS_FILE } from "../load/snapshot.js";
import { parseYamlText } from "../parse/parse-yaml.js";
import { isPlainObject } from "../core/own.js";
import type { FolderApplication } from "./cluster-folders.js";

export type Generation = 1 | 2;

export interface CatalogGeneration {
  generation: Generation;
  /** homescale.yaml catalog.generation, a sign found in the repository, or nothing (generation 1). */
  decidedBy: "setting" | "detected" | "default";
  /** What decided it, in words, and where it is written. */
  reason: string;
  where?: Where;
}

/** The `apps` key of a bootstrap's catalog values, if its text has one at the top level (parsed only when it mentions it). */
function bootstrapAppsKey(a: FolderApplication): boolean {
  const cv = a.catalogValues;
  if (!cv || !/^apps:/m.test(cv.text)) return false;
  const value = parseYamlText(a.file, cv.text).file?.value;
  return isPlainObject(value) && isPlainObject(value.apps);
}

export function catalogGeneration(setting: Generation | undefined, catalogValues: Record<string, unknown>, folders: readonly FolderApplication[]): CatalogGeneration {
  if (setting !== undefined) {
    return { generation: setting, decidedBy: "setting", reason: `homescale.yaml sets catalog.generation: ${setting}`, where: { file: SETTINGS_FILE, path: ["catalog", "generation"] } };
  }
  const bootstrap = folders.find(bootstrapAppsKey);
  if (bootstrap) {
    const path: PathSegment[] = [...bootstrap.catalogValues!.path, "apps"];
    return {
      generation: 2,
      decidedBy: "detected",
      reason: `${bootstrap.file} passes per-cluster apps.<name> settings to the catalog chart`,
      where: { file: bootstrap.file, path, key: true },
    };
  }
  if (Object.hasOwn(catalogValues, "apps")) {
    return {
      generation: 2,
      decidedBy: "detected",
      reason: `${CATALOG_VALUES_FILE} has the key apps, the per-cluster deploy toggles and values of the current chart`,
      where: { file: CATALOG_VALUES_FILE, path: ["apps"], key: true },
    };
  }
  return { generation: 1, decidedBy: "default", reason: "no bootstrap values with apps.<name> and no apps key in apps/values.yaml" };
}

/** Where an app is turned on for a cluster, in the words of the repository's catalog generation. */
export function enableHint(generation: CatalogGeneration | undefined, app: string, appFile: string, cluster: string): string {
  return generation?.generation === 2 ? `apps.${app}.deploy: true in clusters/${cluster}/apps.yaml` : `clusters.${cluster}.deploy: true in ${appFile}`;
}

/** HS160: which generation is used and why. Silent for the default (generation 1, nothing said or seen). */
export function generationFinding(g: CatalogGeneration): Finding | undefined {
  if (g.decidedBy === "default" || !g.where) return undefined;
  const what =
    g.generation === 2
      ? "catalog generation 2: per-cluster deploy and values come from clusters/<name>/apps.yaml (apps.<name>), and every Application gets homescale.exposePublicFqdns"
      : "catalog generation 1: per-cluster settings come from clusters.<name> in app.yaml";
  return {
    code: "HS160",
    severity: "info",
    message: `${what} (${g.decidedBy === "setting" ? "set" : "detected"}: ${g.reason})`,
    hint: g.decidedBy === "setting" ? "remove catalog.generation from homescale.yaml to let homescale detect it" : "set catalog.generation in homescale.yaml to say it explicitly",
    where: g.where,
  };
}
