/** Cloudflare as Terraform (seeds 000, 002): tunnels, their ingress, the public DNS records. */
import type { PlatformTarget } from "../../target.js";
import { CLOUDFLARE_PROVIDER } from "../../terraform/providers.js";
import { renderCloudflare } from "./cloudflare.js";

export const cloudflareTerraform: PlatformTarget = {
  id: "cloudflare-tf",
  layer: "terraform",
  layerLabel: "Terraform",
  scope: "platform",
  description: "terraform/cloudflare.tf.json: Cloudflare tunnels, tunnel ingress in cloudflared's order, public CNAMEs, each VPS edge's A record",
  // What cloudflare/cloudflare v5 cannot update in place.
  diff: {
    by: "resource",
    replaceOn: {
      cloudflare_zero_trust_tunnel_cloudflared: ["name", "account_id", "config_src"],
      cloudflare_zero_trust_tunnel_cloudflared_config: ["account_id", "tunnel_id"],
      cloudflare_dns_record: ["zone_id", "name", "type"],
      cloudflare_zero_trust_access_application: ["account_id", "zone_id"],
      cloudflare_ruleset: ["zone_id", "kind", "phase"],
    },
  },
  providers: { cloudflare: CLOUDFLARE_PROVIDER },
  render: (ctx) => [{ path: "terraform/cloudflare.tf.json", tf: renderCloudflare(ctx.index) }],
};
