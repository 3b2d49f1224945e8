/** LAN LoadBalancer addresses: Cilium LB-IPAM + L2 announcements, or MetalLB. */
import type { ClusterTarget } from "../../target.js";
import { renderLanPool } from "./objects.js";

export const lanPool: ClusterTarget = {
  id: "lan-pool",
  layer: "lan",
  layerLabel: "LAN addresses",
  scope: "cluster",
  stream: true,
  description: "clusters/<cluster>/network.yaml: the LoadBalancer pool and its L2 announcement (Cilium LB-IPAM, or MetalLB)",
  diff: { by: "object" },
  render: (ctx, view) => [{ path: `clusters/${view.cluster.name}/network.yaml`, yaml: renderLanPool(ctx.index, view), skipEmpty: true }],
};
