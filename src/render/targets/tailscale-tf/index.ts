/** The tailnet as Terraform (seed 002, HomeScale today): the policy file and the operator's OAuth client. */
import { TAILSCALE_PROVIDER } from "../../terraform/providers.js";
import type { PlatformTarget } from "../../target.js";
import { renderTailscale } from "./tailscale.js";

export const tailscaleTerraform: PlatformTarget = {
  id: "tailscale-tf",
  layer: "terraform",
  layerLabel: "Terraform",
  scope: "platform",
  description: "terraform/tailscale.tf.json: the tailnet policy (tag owners, grants, auto-approvers) and the operator's OAuth client (mesh: tailscale)",
  // tailscale/tailscale cannot change an OAuth client in place; the policy is one attribute, updated in place.
  providers: { tailscale: TAILSCALE_PROVIDER },
  diff: { by: "resource", replaceOn: { tailscale_oauth_client: ["description", "scopes", "tags"] } },
  render(ctx) {
    const doc = renderTailscale(ctx.index);
    return doc ? [{ path: "terraform/tailscale.tf.json", tf: doc }] : [];
  },
};
