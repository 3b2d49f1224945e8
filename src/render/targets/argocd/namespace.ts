/**
 * One Namespace the catalog creates on a cluster. Argo CD's CreateNamespace=true would create it
 * too, but bare; rendering it carries the Pod Security labels and puts it in an early sync wave,
 * before any app that deploys into it.
 */
import type { NamespacePlan } from "../../../model/namespaces.js";
import type { Cluster, Model } from "../../../model/types.js";
import { Framed, Hole } from "../../describe/frame.js";
import { orderKeys, type K8sFrame } from "../../k8s-object.js";
import { clusterLabelKey, PART_OF, PART_OF_KEY, SYNC_WAVE_KEY } from "../../labels.js";

const POD_SECURITY_MODES = ["enforce", "warn", "audit"] as const;

/** Frames by model and by namespace name and Pod Security level: the same Namespace is on many clusters. */
const frames = new WeakMap<Model, Map<string, K8sFrame>>();
const CLUSTER = new Hole("cluster");

/** The Namespace as a description (model/frame.ts): one frame per namespace, the cluster's name as its part. */
export function describeNamespace(model: Model, cluster: Cluster, ns: NamespacePlan): Framed {
  let byNamespace = frames.get(model);
  if (!byNamespace) frames.set(model, (byNamespace = new Map()));
  const key = `${ns.name}\n${ns.podSecurity ?? ""}`;
  let frame = byNamespace.get(key);
  if (!frame) {
    frame = namespaceFrame(model, ns);
    byNamespace.set(key, frame);
  }
  return new Framed(frame, { cluster: cluster.name });
}

/** The Namespace with a hole for the cluster's name (frame.ts). */
function namespaceFrame(model: Model, ns: NamespacePlan): K8sFrame {
  const labels: Record<string, string | Hole> = {
    [PART_OF_KEY]: PART_OF,
    [clusterLabelKey(model.platform)]: CLUSTER,
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
