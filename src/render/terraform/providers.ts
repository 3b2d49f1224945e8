/** The providers of the terraform/ module (notes/research.md §1.0, §3). */
import type { TfProvider } from "../emit/tf-json.js";

export const NETBIRD_PROVIDER: TfProvider = { source: "netbirdio/netbird", version: ">= 0.0.10" };
export const CLOUDFLARE_PROVIDER: TfProvider = { source: "cloudflare/cloudflare", version: "~> 5" };
