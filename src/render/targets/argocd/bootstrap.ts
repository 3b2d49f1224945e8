/**
 * clusters/<cluster>/bootstrap.yaml: what is applied by hand once per cluster (kubectl apply -f),
 * after which Argo CD manages everything, this file included.
 *
 * - The app-of-apps Application `apps-<cluster>` syncs the cluster's rendered folder
 *   (<platform.argocd.path>/<cluster>: applications.yaml, network.yaml and this file), recursively,
 *   with prune and self-heal, as HomeScale's clusters/<cluster>/apps.yaml did. It has no
 *   resources finalizer, as the original had none: deleting it must not cascade into every app.
 *   Like the original it ignores differences in child Applications' finalizers, so removing one
 *   by hand (to delete an app without its resources) does not read as drift.
 * - With argocd.plugin in homescale.yaml, apps-<cluster> syncs no rendered folder: its source is
 *   the platform's repository root, rendered by the plugin for this cluster (plugin.name
 *   homescale-<version>, env CLUSTER), in the argocd-repo-server sidecar cmp-sidecar.ts renders.
 *   The plugin prints the cluster's manifests without this file, so this file is then applied
 *   again by hand when homescale is upgraded (the plugin's name carries the version).
 * - A ConfigMap holding plugin.yaml, the Config Management Plugin (plugin.ts), for an
 *   argocd-repo-server sidecar to mount. A bare ConfigManagementPlugin object cannot go here: it is
 *   no Kubernetes kind, and one unknown kind in the folder fails the whole app-of-apps sync.
 */
import { bootstrapSync } from "../../../model/bootstrap-sync.js";
import type { Cluster, Model } from "../../../model/types.js";
import { orderKeys, type K8sObject } from "../../k8s-object.js";
import { emitYamlDocument } from "../../emit/yaml-emit.js";
import { clusterLabelKey, PART_OF, PART_OF_KEY } from "../../labels.js";
import { orDefault } from "../../../model/sprig-default.js";
import { PLUGIN_CONFIG_KEY, PLUGIN_CONFIG_MAP, pluginSourceName, renderPlugin } from "./plugin.js";

/** The Kubernetes API of the cluster Argo CD runs in, as Argo CD itself names it. */
const IN_CLUSTER = "https://kubernetes.default.svc";

export interface BootstrapOptions {
  /** The homescale version the plugin announces. Default: HOMESCALE_VERSION. */
  version?: string;
}

export function renderBootstrap(model: Model, cluster: Cluster, opts: BootstrapOptions = {}): K8sObject[] {
  const { platform, catalog } = model;
  const namespace = catalog.argocdNamespace;
  const labels = { [PART_OF_KEY]: PART_OF, [clusterLabelKey(platform)]: cluster.name };
  const appOfApps: K8sObject = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: `apps-${cluster.name}`, namespace, labels },
    spec: {
      project: catalog.project,
      source: {
        repoURL: orDefault(platform.argocd.repoURL, catalog.repoURL),
        targetRevision: orDefault(platform.argocd.targetRevision, catalog.targetRevision),
        ...(platform.argocd.plugin === undefined ? renderedFolder(model, cluster) : pluginSource(cluster, opts.version)),
      },
      destination: { server: IN_CLUSTER, namespace },
      ignoreDifferences: [{ group: "argoproj.io", kind: "Application", jsonPointers: ["/metadata/finalizers"] }],
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
  const pluginConfig: K8sObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: PLUGIN_CONFIG_MAP, namespace, labels },
    data: { [PLUGIN_CONFIG_KEY]: emitYamlDocument(renderPlugin(opts.version)) },
  };
  return [orderKeys(appOfApps), orderKeys(pluginConfig)];
}

/** The cluster's folder of rendered output, recursively, less what no sync may meet (model/bootstrap-sync.ts). */
function renderedFolder(model: Model, cluster: Cluster): Record<string, unknown> {
  const { exclude } = bootstrapSync(model, cluster);
  const directory: Record<string, unknown> = { recurse: true };
  if (exclude.length > 0) directory.exclude = exclude.length === 1 ? exclude[0] : `{${exclude.join(",")}}`;
  return { path: `${model.platform.argocd.path.replace(/\/+$/, "")}/${cluster.name}`, directory };
}

/**
 * The platform's sources at the repository root (where the plugin discovers homescale.yaml), with
 * the cluster the generate command renders, which Argo CD passes as ARGOCD_ENV_CLUSTER.
 */
function pluginSource(cluster: Cluster, version: string | undefined): Record<string, unknown> {
  return { path: ".", plugin: { name: pluginSourceName(version), env: [{ name: "CLUSTER", value: cluster.name }] } };
}
