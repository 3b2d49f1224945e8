/** The providers of the terraform/ module (notes/research.md §1.0, §3). */
import type { TfProvider } from "../emit/tf-json.js";

/**
 * `~> 0.0.10` is >= 0.0.10 and < 0.1.0: the provider is still 0.0.x, where any release may break
 * the schema, so the constraint must have an upper bound (`>= 0.0.10` had none).
 */
export const NETBIRD_PROVIDER: TfProvider = { source: "netbirdio/netbird", version: "~> 0.0.10" };
/** `data.cloudflare_zero_trust_tunnel_cloudflared_token` first appears in 5.1.0, so 5.0.x cannot run this module. */
export const CLOUDFLARE_PROVIDER: TfProvider = { source: "cloudflare/cloudflare", version: "~> 5.1" };
/** tailscale_acl with overwrite_existing_content and tailscale_oauth_client as docs/resources of v0.29.2 describe them; still 0.x, so bounded below 1.0. */
export const TAILSCALE_PROVIDER: TfProvider = { source: "tailscale/tailscale", version: "~> 0.29" };
