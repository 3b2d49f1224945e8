/**
 * The one list of render targets, in the order their outputs are written (and, for a file that
 * several targets write into, the order of their documents). `build`, `build --stdout`, the render
 * threads and `plan` iterate this list; a new target is a module under targets/ and a line here.
 */
import { argocdApplications, argocdBootstrap, argocdCmpSidecar } from "./targets/argocd/index.js";
import { ciMatrix } from "./targets/ci/index.js";
import { edgeHosts } from "./targets/edge/index.js";
import { cloudflareTerraform } from "./targets/cloudflare-tf/index.js";
import { topologyDoc } from "./targets/docs/index.js";
import { netbirdOperator } from "./targets/netbird-operator/index.js";
import { netbirdTerraform } from "./targets/netbird-tf/index.js";
import { certManager } from "./targets/cert-manager/index.js";
import { gatewayApi } from "./targets/gateway-api/index.js";
import { ingressNginx } from "./targets/ingress-nginx/index.js";
import { lanPool } from "./targets/lan-pool/index.js";
import { omniTemplates } from "./targets/omni/index.js";
import { talosPatches } from "./targets/talos/index.js";
import { tailscaleTerraform } from "./targets/tailscale-tf/index.js";
import type { Target } from "./target.js";

export const targets: readonly Target[] = [
  argocdApplications,
  argocdBootstrap,
  argocdCmpSidecar,
  netbirdOperator,
  lanPool,
  gatewayApi,
  ingressNginx,
  certManager,
  netbirdTerraform,
  tailscaleTerraform,
  cloudflareTerraform,
  edgeHosts,
  ciMatrix,
  topologyDoc,
  talosPatches,
  omniTemplates,
];
