/**
 * terraform/tailscale.tf.json (mesh: tailscale): the tailnet policy file as one `tailscale_acl`
 * (platform/mesh/tailnet-policy.ts: tag owners, grants, auto-approvers), and the OAuth client the
 * Kubernetes operator joins with, created after the policy that owns its tag (upstream's race,
 * depends_on). The client's secret lives in Terraform's state and a sensitive output, never here.
 *
 * The module's one required_providers block lands here when the mesh is Tailscale: it goes into the
 * first Terraform file written (render/outputs.ts), and netbird.tf.json writes nothing then.
 */
import type { PlatformIndex } from "../../../platform/index.js";
import { tailnetPolicy } from "../../../platform/mesh/tailnet-policy.js";
import { sortKeysDeep } from "../../describe/sort-keys-deep.js";
import { lit, ref, TfDoc, type TfJson } from "../../emit/tf-json.js";

/** What the operator's client may do: devices and auth keys for its proxies, Tailscale Services for its ingress (#847-#861). */
export const OPERATOR_SCOPES = ["devices:core", "auth_keys", "services"];

export function renderTailscale(index: PlatformIndex): TfJson | undefined {
  const mesh = index.mesh;
  if (mesh.id !== "tailscale") return undefined;
  const { model } = index;
  const policy = tailnetPolicy(
    mesh,
    model.apps.map((a) => a.name),
    model.platform.clusters.map((c) => c.name),
  );
  const doc = new TfDoc();
  doc.resource("tailscale_acl", "this", {
    acl: lit(`${JSON.stringify(sortKeysDeep(policy), null, 2)}\n`),
    // The tailnet's current policy is replaced, not merged: this file is the whole policy.
    overwrite_existing_content: true,
  });
  doc.resource("tailscale_oauth_client", "operator", {
    description: lit("homescale: Tailscale Kubernetes operator"),
    scopes: OPERATOR_SCOPES,
    tags: [lit(mesh.settings.operatorTag)],
    depends_on: ["tailscale_acl.this"],
  });
  doc.output("operator-oauth-client-id", { description: "OAuth client id of the Tailscale operator (its Helm values' oauth.clientId).", value: ref("tailscale_oauth_client", "operator") });
  doc.output("operator-oauth-client-secret", {
    description: "OAuth client secret of the Tailscale operator (its Helm values' oauth.clientSecret).",
    value: ref("tailscale_oauth_client", "operator", "key"),
    sensitive: true,
  });
  return doc.toJSON();
}
