/**
 * The catalog layer (seed 001): per cluster, the Namespaces and Applications HomeScale's catalog
 * chart renders, and the app-of-apps bootstrap that is applied by hand once.
 */
import type { ClusterTarget } from "../../target.js";
import { describeApplications } from "./applications.js";
import { renderBootstrap } from "./bootstrap.js";

export const argocdApplications: ClusterTarget = {
  id: "argocd-applications",
  layer: "argocd",
  layerLabel: "Argo CD",
  scope: "cluster",
  stream: true,
  description: "clusters/<cluster>/applications.yaml: Namespaces + one Argo CD Application per enabled app (the catalog chart's objects)",
  diff: { by: "object" },
  render: (ctx, view) => [{ path: `clusters/${view.cluster.name}/applications.yaml`, yaml: describeApplications(ctx.model, view) }],
};

export const argocdBootstrap: ClusterTarget = {
  id: "argocd-bootstrap",
  layer: "argocd",
  layerLabel: "Argo CD",
  scope: "cluster",
  // Applied once by hand, not synced from the cluster's manifests.
  stream: false,
  description: "clusters/<cluster>/bootstrap.yaml: the cluster's app-of-apps Application and the plugin config",
  diff: { by: "object" },
  render: (ctx, view) => [{ path: `clusters/${view.cluster.name}/bootstrap.yaml`, yaml: renderBootstrap(ctx.model, view.cluster) }],
};
