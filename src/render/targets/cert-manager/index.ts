/** cert-manager: the cluster's ClusterIssuer and a Certificate per Envoy gateway. */
import type { ClusterTarget } from "../../target.js";
import { renderCertificates } from "./objects.js";

export const certManager: ClusterTarget = {
  id: "cert-manager",
  layer: "ingress",
  layerLabel: "Ingress",
  scope: "cluster",
  stream: true,
  description: "clusters/<cluster>/network.yaml: the ClusterIssuer (ACME DNS-01 through Cloudflare) and a Certificate covering every route of each Envoy gateway",
  diff: { by: "object" },
  render: (ctx, view) => [{ path: `clusters/${view.cluster.name}/network.yaml`, yaml: renderCertificates(ctx.index, view), skipEmpty: true }],
};
