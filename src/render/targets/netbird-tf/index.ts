/** NetBird's account as Terraform (seed 000): groups, policies, DNS zones, subnet routing, CI key, reverse proxy. */
import type { PlatformTarget } from "../../target.js";
import { NETBIRD_PROVIDER } from "../../terraform/providers.js";
import { renderNetbird } from "./netbird.js";

export const netbirdTerraform: PlatformTarget = {
  id: "netbird-tf",
  layer: "terraform",
  layerLabel: "Terraform",
  scope: "platform",
  description: "terraform/netbird.tf.json: NetBird groups, policies, DNS zones, networks, CI setup key, reverse-proxy services (mesh: netbird)",
  // What netbirdio/netbird cannot update in place (its ForceNew attributes).
  diff: { by: "resource", replaceOn: { netbird_setup_key: ["type", "ephemeral"], netbird_dns_zone: ["domain"] } },
  providers: { netbird: NETBIRD_PROVIDER },
  render(ctx) {
    const doc = renderNetbird(ctx.index);
    return doc ? [{ path: "terraform/netbird.tf.json", tf: doc }] : [];
  },
};
