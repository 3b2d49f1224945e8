/**
 * One Namespace the catalog creates on a cluster. Argo CD's CreateNamespace=true would create it
 * too, but bare; rendering it carries the Pod Security labels and puts it in an early sync wave,
 * before any app that deploys into it.
 */
import type { NamespacePlan } from "../../model/namespaces.js";
import type { Cluster, Model } from "../../model/types.js";
import { orderKeys, type K8sObject } from "../k8s-object.js";
import { clusterLabelKey, PART_OF, PART_OF_KEY, SYNC_WAVE_KEY } from "./labels.js";

const POD_SECURITY_MODES = ["enforce", "warn", "audit"] as const;

export function namespaceObject(model: Model, cluster: Cluster, ns: NamespacePlan): K8sObject {
  const labels: Record<string, string> = {
    [PART_OF_KEY]: PART_OF,
    [clusterLabelKey(model.platform)]: cluster.name,
  };
  if (ns.podSecurity !== undefined) {
    for (const mode of POD_SECURITY_MODES) labels[`pod-security.kubernetes.io/${mode}`] = ns.podSecurity;
  }
  return orderKeys({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: ns.name,
      labels,
      annotations: { [SYNC_WAVE_KEY]: String(model.catalog.namespaceSyncWave) },
    },
  });
}
