/**
 * NetBird Kubernetes operator objects of one cluster (clusters/<cluster>/network.yaml), as plain
 * objects for the YAML emitter. apiVersion netbird.io/v1alpha1 (notes/research.md §2), only where
 * the operator runs (its CRDs exist nowhere else), and never a copy of what an app's chart renders:
 * - one NetworkRouter named after the cluster (the operator creates a NetBird network of that
 *   name; terraform/netbird.tf.json finds it by that name for reverse-proxy targets), whose
 *   dnsZoneRef is the cluster's zone <cluster>.<internal domain> that Terraform creates; none
 *   where a chart renders the cluster's router (HomeScale's netbird-crs);
 * - one NetworkResource per app enabled on the cluster that NetBird must reach: it has policy
 *   rules, or the NetBird reverse proxy publishes it there (the proxy's target is the app's
 *   internal name, and the operator creates that DNS record for the NetworkResource). It points
 *   at the app's Service in the app's namespace, names the cluster's router (the chart's, where a
 *   chart renders it) and joins the group app-<name> (a Terraform group). None for an app whose
 *   chart declares its own NetworkResources.
 */
import { AppSpecCache } from "../../describe/app-spec-cache.js";
import { baseSpec, overridesOnlyValues } from "../../../model/resolve.js";
import { appGroup, serviceName } from "../../../model/names.js";
import { Framed, Hole, materialize } from "../../describe/frame.js";
import type { App, Platform } from "../../../model/types.js";
import type { ClusterView, PlatformIndex } from "../../../platform/index.js";
import { ownResources } from "../../../platform/mesh/netbird.js";
import type { AppSpec } from "../../../schema/app.js";
import { appLabelKey, clusterLabelKey, PART_OF, PART_OF_KEY } from "../../labels.js";
import { compareCodePoints } from "../../../core/compare-code-points.js";
import { orderKeys, type K8sFrame, type K8sObject } from "../../k8s-object.js";

export const NETBIRD_API_VERSION = "netbird.io/v1alpha1";

export interface NetbirdObject extends K8sObject {
  kind: "NetworkRouter" | "NetworkResource";
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: Record<string, unknown>;
}

export function renderNetworkObjects(index: PlatformIndex, view: ClusterView): NetbirdObject[] {
  return describeNetworkObjects(index, view).map((o) => materialize(o) as NetbirdObject);
}

/**
 * The same objects as descriptions (describe/frame.ts), which is what build writes: a NetworkResource
 * is the same on every cluster but for the cluster's name and its router, so each app's is a frame.
 * Nothing when the platform's mesh is not NetBird.
 */
export function describeNetworkObjects(index: PlatformIndex, view: ClusterView): (NetbirdObject | Framed)[] {
  const mesh = index.mesh;
  if (mesh.id !== "netbird") return [];
  const { platform } = index.model;
  const cluster = view.cluster.name;
  const home = mesh.homeRouter(cluster);
  if (!home) return [];
  const out: (NetbirdObject | Framed)[] = [];
  if (mesh.rendersRouter(cluster)) {
    const router: NetbirdObject = orderKeys({
      apiVersion: NETBIRD_API_VERSION,
      kind: "NetworkRouter",
      metadata: { name: home.name, namespace: home.namespace, labels: baseLabels(platform, cluster), annotations: { ...ANNOTATIONS } },
      spec: { dnsZoneRef: { name: home.zone } },
    });
    out.push(router);
  }
  const parts = { cluster, router: home.name, routerNamespace: home.namespace };
  const resources: { namespace: string; name: string; object: Framed }[] = [];
  for (const p of ownResources(index, view)) {
    // The resource reads the namespace and service only: a cluster that overrides only values keeps the base's frame.
    const spec = overridesOnlyValues(p.app, cluster) ? baseSpec(p.app) : p.spec;
    resources.push({ namespace: p.namespace, name: p.app.name, object: new Framed(resourceFrame(platform, p.app, spec), parts) });
  }
  resources.sort((a, b) => compareCodePoints(a.namespace, b.namespace) || compareCodePoints(a.name, b.name));
  return [...out, ...resources.map((r) => r.object)];
}

// The operator's CRDs arrive with the operator app in the same sync.
const ANNOTATIONS = { "argocd.argoproj.io/sync-options": "SkipDryRunOnMissingResource=true" };
const CLUSTER = new Hole("cluster");
const ROUTER = new Hole("router");
const ROUTER_NAMESPACE = new Hole("routerNamespace");

function baseLabels<C extends string | Hole>(platform: Platform, cluster: C): Record<string, string | C> {
  return { [PART_OF_KEY]: PART_OF, [clusterLabelKey(platform)]: cluster };
}

/** Frames by effective app (every cluster without an override shares one). */
const frames = new AppSpecCache<{ platform: Platform; frame: K8sFrame }>();

/** An app's NetworkResource with holes for the cluster's name and its router. */
function resourceFrame(platform: Platform, app: App, spec: AppSpec): K8sFrame {
  const known = frames.get(app, spec);
  if (known && known.platform === platform) return known.frame;
  const frame: K8sFrame = orderKeys({
    apiVersion: NETBIRD_API_VERSION,
    kind: "NetworkResource",
    metadata: {
      name: app.name,
      namespace: spec.namespace,
      labels: { ...baseLabels(platform, CLUSTER), [appLabelKey(platform)]: app.name },
      annotations: { ...ANNOTATIONS },
    },
    spec: {
      networkRouterRef: { name: ROUTER, namespace: ROUTER_NAMESPACE },
      serviceRef: { name: serviceName(spec, app.name) },
      groups: [{ name: appGroup(app.name) }],
    },
  });
  frames.set(app, spec, { platform, frame });
  return frame;
}
