/**
 * The catalog layer (seed 001): per cluster, the Namespaces and Applications HomeScale's catalog
 * chart renders, and the app-of-apps bootstrap that is applied by hand once; with argocd.plugin,
 * the argocd-repo-server sidecar that renders them in Argo CD.
 */
import type { ClusterTarget, PlatformTarget } from "../../target.js";
import { describeApplications } from "./applications.js";
import { renderBootstrap } from "./bootstrap.js";
import { renderRepoServerPatch, renderRepoServerValues, renderSidecar } from "./cmp-sidecar.js";

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

export const argocdCmpSidecar: PlatformTarget = {
  id: "argocd-cmp",
  layer: "argocd",
  layerLabel: "Argo CD",
  scope: "platform",
  description:
    "argocd/repo-server-patch.yaml and argocd/repo-server-values.yaml: the argocd-repo-server sidecar that runs homescale as a config-management plugin, as a Deployment patch and as argo-cd chart values (argocd.plugin)",
  // Applied by hand or pasted into the chart's values, not synced: plan shows them line by line.
  diff: { by: "file" },
  render(ctx) {
    const { plugin } = ctx.model.platform.argocd;
    if (plugin === undefined) return [];
    const sidecar = renderSidecar(plugin);
    return [
      { path: "argocd/repo-server-patch.yaml", yaml: [renderRepoServerPatch(sidecar, ctx.model.catalog.argocdNamespace)] },
      { path: "argocd/repo-server-values.yaml", yaml: [renderRepoServerValues(sidecar)] },
    ];
  },
};
