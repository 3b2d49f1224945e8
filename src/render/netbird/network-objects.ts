/**
 * NetBird Kubernetes operator objects of one cluster (clusters/<cluster>/network.yaml), as plain
 * objects for the YAML emitter. apiVersion netbird.io/v1alpha1 (notes/research.md §2):
 * - one NetworkRouter named after the cluster (the operator creates a NetBird network of that
 *   name; terraform/netbird.tf.json finds it by that name for reverse-proxy targets), whose
 *   dnsZoneRef is the cluster's zone <cluster>.<internal domain> that Terraform creates;
 * - one NetworkResource per app enabled on the cluster that NetBird must reach: it has policy
 *   rules, or the NetBird reverse proxy publishes it there (the proxy's target is the app's
 *   internal name, and the operator creates that DNS record for the NetworkResource). It points
 *   at the app's Service in the app's namespace and joins the group app-<name> (a Terraform group).
 */
import { DEFAULT_OPERATOR_NAMESPACE } from "../../model/defaults.js";
import { exposuresOf } from "../../model/exposure.js";
import { appGroup, dnsZoneName, networkRouterName, serviceName } from "../../model/names.js";
import { effectiveSpec, isEnabled } from "../../model/resolve.js";
import type { Model } from "../../model/types.js";
import { compareCodePoints } from "../compare-code-points.js";
import { orderKeys, type K8sObject } from "../k8s-object.js";
import { netbirdSettings } from "../terraform/netbird.js";

export const NETBIRD_API_VERSION = "netbird.io/v1alpha1";

export interface NetbirdObject extends K8sObject {
  kind: "NetworkRouter" | "NetworkResource";
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: Record<string, unknown>;
}

/** Where the cluster's NetworkRouter lives: the operator app's namespace there, else "netbird". */
export function routerNamespace(model: Model, cluster: string): string {
  const app = model.appByName.get(netbirdSettings(model).operatorApp);
  if (app?.valid && isEnabled(app, cluster)) return effectiveSpec(app, cluster).namespace;
  return DEFAULT_OPERATOR_NAMESPACE;
}

export function renderNetworkObjects(model: Model, cluster: string): NetbirdObject[] {
  const { platform } = model;
  const labelDomain = platform.labelDomain;
  const baseLabels = { "app.kubernetes.io/part-of": "homescale", [`cluster.${labelDomain}/name`]: cluster };
  // The operator's CRDs arrive with the operator app in the same sync.
  const annotations = { "argocd.argoproj.io/sync-options": "SkipDryRunOnMissingResource=true" };
  const routerName = networkRouterName(cluster);
  const routerNs = routerNamespace(model, cluster);
  const out: NetbirdObject[] = [
    {
      apiVersion: NETBIRD_API_VERSION,
      kind: "NetworkRouter",
      metadata: { name: routerName, namespace: routerNs, labels: { ...baseLabels }, annotations: { ...annotations } },
      spec: { dnsZoneRef: { name: dnsZoneName(cluster, platform.internalDomain) } },
    },
  ];
  const resources: NetbirdObject[] = [];
  for (const app of model.apps) {
    if (!app.valid || !isEnabled(app, cluster)) continue;
    const hasRules = (app.raw.netbird?.policy?.rules ?? []).length > 0;
    const proxied = exposuresOf(model, app).some((e) => e.cluster === cluster && e.via === "netbird-proxy");
    if (!hasRules && !proxied) continue;
    const spec = effectiveSpec(app, cluster);
    resources.push({
      apiVersion: NETBIRD_API_VERSION,
      kind: "NetworkResource",
      metadata: {
        name: app.name,
        namespace: spec.namespace,
        labels: { ...baseLabels, [`app.${labelDomain}/name`]: app.name },
        annotations: { ...annotations },
      },
      spec: {
        networkRouterRef: { name: routerName, namespace: routerNs },
        serviceRef: { name: serviceName(spec, app.name) },
        groups: [{ name: appGroup(app.name) }],
      },
    });
  }
  resources.sort((a, b) => compareCodePoints(a.metadata.namespace, b.metadata.namespace) || compareCodePoints(a.metadata.name, b.metadata.name));
  return [...out, ...resources].map((o) => orderKeys(o));
}
