/**
 * homescale.yaml `tailscale`: the tailnet a platform with `mesh: tailscale` renders its policy for
 * (tailscale_acl, the whole policy file) and names its mesh names in. Every field has a default that
 * reproduces HomeScale's own Terraform module (infra/terraform/modules/tailscale at 84982fd).
 */
import { Type, type Static } from "@sinclair/typebox";
import { withFormat } from "../annotate.js";
import { hostnameField } from "../format-fields.js";

/** A tag as Tailscale accepts it (tailcfg.CheckTag): `tag:`, a letter, then letters, digits and dashes. */
export const TAG_PATTERN = "^tag:[A-Za-z][A-Za-z0-9-]*$";

export const Tag = (description: string) =>
  withFormat(Type.String({ pattern: TAG_PATTERN, description }), "HS027", "a Tailscale tag", (s) =>
    s.startsWith("tag:") ? "a tag is tag: followed by a letter, then letters, digits and '-'" : "a tag starts with tag:",
  );

const Identifier = Type.String({
  minLength: 1,
  description: "A source keyword, app:<name>, or a policy identifier as written in the tailnet policy: *, group:<name>, tag:<name>, autogroup:<name>, a user's login.",
});

export const TailscaleGrant = Type.Object(
  {
    src: Type.Array(Identifier, { minItems: 1, description: "Who: source keywords, app:<name> (tag:app-<name>) or policy identifiers." }),
    dst: Type.Array(Identifier, { minItems: 1, description: "What: tags (tag:k8s-api), autogroup:self, *, or app:<name>." }),
    ip: Type.Array(Type.String({ pattern: "^(\\*|([a-z]+:)?(\\*|[0-9]{1,5}(-[0-9]{1,5})?))$" }), {
      minItems: 1,
      description: "Protocols and ports: *, tcp:443, udp:25565, tcp:80-90, 443.",
    }),
  },
  { additionalProperties: false, description: "A grant of the tailnet policy." },
);

export const TailscaleSettings = Type.Object(
  {
    tailnet: Type.Optional(
      withFormat(Type.String({ pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", description: "The tailnet's DNS name without .ts.net (tail7c652c): mesh names are <hostname>.<tailnet>.ts.net. Unset: MagicDNS short names, <hostname>." }), "HS027", "a tailnet name", () => "the tailnet name is one DNS label, such as tail7c652c (without .ts.net)"),
    ),
    identityDomain: Type.Optional(
      hostnameField("The domain of the tailnet's users and groups: the default source keywords mean group:<keyword>@<identityDomain>. Default: labelDomain."),
    ),
    sources: Type.Optional(
      Type.Record(Type.String(), Type.String({ minLength: 1 }), {
        description:
          "Source keywords and the policy identifier each means (group:team@example.com, tag:ci, autogroup:member, *). Replaces the default set: all (*), team-infra-plat, team-sec-plat, owners, sg-k8s-admin (group:<keyword>@<identityDomain>), github-actions (tag:github-actions).",
      }),
    ),
    operatorTag: Type.Optional(
      Tag("The tag of the Tailscale operator and its proxies: it owns tag:app-<name>, tag:cluster-<name> and itself, and auto-approves the operator's Services. Default: tag:k8s."),
    ),
    tagOwners: Type.Optional(
      Type.Record(Type.String({ pattern: TAG_PATTERN }), Type.Array(Type.String({ minLength: 1 })), {
        description: "Tags beyond tag:app-<name>, tag:cluster-<name> and the operator tag, with their owners. Replaces the default: tag:k8s-api (owned by the operator tag), tag:github-actions (autogroup:admin).",
      }),
    ),
    grants: Type.Optional(
      Type.Array(TailscaleGrant, {
        description:
          "Grants after the apps' own. Replaces the default: the Kubernetes API (team-infra-plat, team-sec-plat, sg-k8s-admin and app:headlamp when that app exists -> tag:k8s-api on tcp:443) and autogroup:member -> autogroup:self on every port.",
      }),
    ),
  },
  { additionalProperties: false, description: "The tailnet (mesh: tailscale): names, source keywords, tags, fixed grants." },
);

export type TailscaleSettingsT = Static<typeof TailscaleSettings>;
export type TailscaleGrantT = Static<typeof TailscaleGrant>;
