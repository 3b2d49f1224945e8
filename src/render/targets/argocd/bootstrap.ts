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
import { PLUGIN_NAME, renderPlugin } from "./plugin.js";

/** The Kubernetes API of the cluster Argo CD runs in, as Argo CD itself names it. */
const IN_CLUSTER = "https://kubernetes.default.svc";

export interface BootstrapOptions {
  /** The homescale version the plugin announces. Default: HOMESCALE_VERSION. */
  version?: string;
}

export function renderBootstrap(model: Model, cluster: Cluster, opts: BootstrapOptions = {}): K8sObject[] {
  const { platform, catalog } = model;
  // What the cluster's folder holds that no sync may meet (model/bootstrap-sync.ts).
  const { exclude } = bootstrapSync(model, cluster);
  const directory: Record<string, unknown> = { recurse: true };
  if (exclude.length > 0) directory.exclude = exclude.length === 1 ? exclude[0] : `{${exclude.join(",")}}`;
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
        path: `${platform.argocd.path.replace(/\/+$/, "")}/${cluster.name}`,
        directory,
      },
      destination: { server: IN_CLUSTER, namespace },
      ignoreDifferences: [{ group: "argoproj.io", kind: "Application", jsonPointers: ["/metadata/finalizers"] }],
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
  const pluginConfig: K8sObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${PLUGIN_NAME}-cmp-plugin`, namespace, labels },
    data: { "plugin.yaml": emitYamlDocument(renderPlugin(opts.version)) },
  };
  return [orderKeys(appOfApps), orderKeys(pluginConfig)];
}
