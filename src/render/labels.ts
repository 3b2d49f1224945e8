/**
 * The labels and annotations homescale puts on the Argo CD objects it renders: the same keys the
 * HomeScale catalog chart used, so selectors, notification templates and dashboards that read them
 * keep working after the switch.
 */
import type { Platform } from "../model/types.js";

export const PART_OF_KEY = "app.kubernetes.io/part-of";
export const PART_OF = "homescale";
export const APP_NAME_KEY = "app.kubernetes.io/name";
export const SYNC_WAVE_KEY = "argocd.argoproj.io/sync-wave";
/** Deleting an Application deletes what it deployed (Argo CD's cascading delete). */
export const RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";

/** app.<labelDomain>/name */
export function appLabelKey(platform: Platform): string {
  return `app.${platform.labelDomain}/name`;
}

/** cluster.<labelDomain>/name */
export function clusterLabelKey(platform: Platform): string {
  return `cluster.${platform.labelDomain}/name`;
}
