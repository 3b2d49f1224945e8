/** ingress-nginx (seed 004): an Ingress per exposure through a gateway of kind nginx. */
import type { ClusterTarget } from "../../target.js";
import { renderIngresses } from "./objects.js";

export const ingressNginx: ClusterTarget = {
  id: "ingress-nginx",
  layer: "ingress",
  layerLabel: "Ingress",
  scope: "cluster",
  stream: true,
  description: "clusters/<cluster>/network.yaml: an Ingress per exposure through an nginx gateway (class, hosts, TLS through cert-manager)",
  diff: { by: "object" },
  render: (ctx, view) => [{ path: `clusters/${view.cluster.name}/network.yaml`, yaml: renderIngresses(ctx.index, view), skipEmpty: true }],
};
