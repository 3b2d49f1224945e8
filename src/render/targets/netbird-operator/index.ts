/** The NetBird operator's objects on each cluster (seed 000): its NetworkRouter and NetworkResources. */
import type { ClusterTarget } from "../../target.js";
import { describeNetworkObjects } from "./objects.js";

export const netbirdOperator: ClusterTarget = {
  id: "netbird-operator",
  layer: "argocd",
  layerLabel: "Argo CD",
  scope: "cluster",
  stream: true,
  description: "clusters/<cluster>/network.yaml: the NetBird operator's NetworkRouter and NetworkResources (mesh: netbird)",
  diff: { by: "object" },
  render: (ctx, view) => [{ path: `clusters/${view.cluster.name}/network.yaml`, yaml: describeNetworkObjects(ctx.index, view), skipEmpty: true }],
};
