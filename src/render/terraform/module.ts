/**
 * What the files of the terraform/ module share: one module, so a variable one file declares the
 * other may read. The NetBird reverse-proxy cluster is the target of netbird.tf.json's custom
 * domains and of cloudflare.tf.json's CNAMEs to it.
 */
import type { Model } from "../../model/types.js";
import { lit, varRef } from "../emit/tf-json.js";

/** Declared by netbird.tf.json when homescale.yaml leaves netbird.reverseProxy.cluster out. */
export const PROXY_CLUSTER_VARIABLE = "netbird_proxy_cluster";

/** The reverse-proxy cluster address as a Terraform value: the setting, else the variable. */
export function proxyClusterValue(model: Model): string {
  const c = model.platform.netbird?.reverseProxyCluster;
  return c !== undefined ? lit(c) : varRef(PROXY_CLUSTER_VARIABLE);
}
