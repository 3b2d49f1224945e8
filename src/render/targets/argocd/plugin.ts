/**
 * The Argo CD Config Management Plugin that renders a cluster's manifests in the repo-server, for
 * platforms that would rather not commit rendered output. It is not a Kubernetes resource: the
 * argocd-cmp-server sidecar reads it from /home/argocd/cmp-server/config/plugin.yaml (bootstrap.ts
 * ships it in a ConfigMap to mount there).
 *
 * - discover: the source folder must hold homescale.yaml, so the plugin never claims an unrelated
 *   repository; an Application points its source at the repository root (path: .).
 * - generate: runs in that folder and must print the manifests of ONE cluster, only manifests, on
 *   stdout: `homescale build --cluster NAME --stdout` (the Applications and network objects of that
 *   cluster, not its bootstrap). The cluster comes from the Application's
 *   `plugin.env: [{name: CLUSTER, value: <name>}]`, which Argo CD passes as ARGOCD_ENV_CLUSTER.
 *   `set -u` makes a missing CLUSTER an error instead of an empty --cluster; a failed build exits
 *   non-zero, which Argo CD reports instead of syncing (and pruning against) empty output.
 * - version: Argo CD then names the plugin `homescale-<version>`, so an Application chooses the
 *   homescale release that renders it.
 */
import type { K8sObject } from "../../k8s-object.js";
import { orderKeys } from "../../k8s-object.js";
import { HOMESCALE_VERSION } from "../../version.js";

export const PLUGIN_NAME = "homescale";

/** The ConfigMap that ships plugin.yaml (bootstrap.ts), and its key, which the sidecar mounts by subPath. */
export const PLUGIN_CONFIG_MAP = `${PLUGIN_NAME}-cmp-plugin`;
export const PLUGIN_CONFIG_KEY = "plugin.yaml";

/** What an Application's spec.source.plugin.name says: Argo CD names a versioned plugin <name>-<version>. */
export function pluginSourceName(version: string = HOMESCALE_VERSION): string {
  return `${PLUGIN_NAME}-${version}`;
}

export const GENERATE_SCRIPT = 'set -eu; exec homescale build --repo . --cluster "$ARGOCD_ENV_CLUSTER" --stdout';

export function renderPlugin(version: string = HOMESCALE_VERSION): K8sObject {
  return orderKeys({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ConfigManagementPlugin",
    metadata: { name: PLUGIN_NAME },
    spec: {
      version,
      generate: { command: ["sh", "-c", GENERATE_SCRIPT] },
      discover: { fileName: "homescale.yaml" },
    },
  });
}
