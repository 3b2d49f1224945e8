/** The Gateway API layer (seed 003): Envoy Gateways, their routes, ext-auth policies and reference grants. */
import type { ClusterTarget } from "../../target.js";
import { renderGatewayApi } from "./objects.js";

export const gatewayApi: ClusterTarget = {
  id: "gateway-api",
  layer: "ingress",
  layerLabel: "Ingress",
  scope: "cluster",
  stream: true,
  description: "clusters/<cluster>/network.yaml: Envoy Gateways (EnvoyProxy, Gateway, HTTPS redirect), an HTTPRoute per exposure, SecurityPolicy for ext-auth, ReferenceGrant",
  diff: { by: "object" },
  render: (ctx, view) => [{ path: `clusters/${view.cluster.name}/network.yaml`, yaml: renderGatewayApi(ctx.index, view), skipEmpty: true }],
};
