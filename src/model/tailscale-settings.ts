/**
 * homescale.yaml `tailscale` with its defaults applied. The defaults are HomeScale's own module
 * (infra/terraform/modules/tailscale at 84982fd, expected/tailscale-acl.json of the second corpus):
 * the operator tag tag:k8s owns every app and cluster tag and itself, tag:k8s-api and
 * tag:github-actions are owned as the module owns them, and after the apps' grants come the
 * Kubernetes API grant and autogroup:member -> autogroup:self.
 *
 * The NetBird era's source keywords keep their meaning: each maps to a group of the tailnet's
 * identity domain (team-infra-plat -> group:team-infra-plat@<domain>), `all` to `*`, github-actions
 * to the tag CI joins with.
 */
import type { PathSegment } from "../diag/diagnostic.js";
import type { TailscaleSettingsT } from "../schema/layers/tailscale.js";

export interface TailscaleGrantSetting {
  src: string[];
  dst: string[];
  ip: string[];
  /** Where it is written: tailscale.grants[i] of homescale.yaml; undefined for a default. */
  path?: PathSegment[];
}

export interface TailscaleSettings {
  /** The tailnet's DNS name without .ts.net; undefined: names are MagicDNS short names. */
  tailnet?: string;
  identityDomain: string;
  /** Source keyword -> the policy identifier it means, in order. */
  sources: Map<string, string>;
  /** homescale.yaml says tailscale.sources (else the defaults). */
  sourcesDeclared: boolean;
  operatorTag: string;
  /** Tags beyond the app, cluster and operator tags, with their owners. */
  tagOwners: Map<string, string[]>;
  tagOwnersDeclared: boolean;
  /** The grants after the apps' own. */
  grants: TailscaleGrantSetting[];
  grantsDeclared: boolean;
}

export const DEFAULT_OPERATOR_TAG = "tag:k8s";
export const DEFAULT_CI_TAG = "tag:github-actions";
export const DEFAULT_K8S_API_TAG = "tag:k8s-api";
/** HomeScale's Kubernetes dashboard: the default Kubernetes API grant admits it, when the repository has it. */
export const DASHBOARD_APP = "headlamp";

/** The keywords of seed 000, as the second corpus writes them out in full. */
function defaultSources(domain: string): Map<string, string> {
  const group = (k: string): string => `group:${k}@${domain}`;
  return new Map([
    ["all", "*"],
    ["team-infra-plat", group("team-infra-plat")],
    ["team-sec-plat", group("team-sec-plat")],
    ["github-actions", DEFAULT_CI_TAG],
    ["owners", group("owners")],
    ["sg-k8s-admin", group("sg-k8s-admin")],
  ]);
}

export function tailscaleSettings(t: TailscaleSettingsT | undefined, labelDomain: string): TailscaleSettings {
  const identityDomain = t?.identityDomain ?? labelDomain;
  const operatorTag = t?.operatorTag ?? DEFAULT_OPERATOR_TAG;
  const out: TailscaleSettings = {
    identityDomain,
    sources: t?.sources ? new Map(Object.entries(t.sources)) : defaultSources(identityDomain),
    sourcesDeclared: t?.sources !== undefined,
    operatorTag,
    tagOwners: t?.tagOwners
      ? new Map(Object.entries(t.tagOwners))
      : new Map([
          [DEFAULT_K8S_API_TAG, [operatorTag]],
          [DEFAULT_CI_TAG, ["autogroup:admin"]],
        ]),
    tagOwnersDeclared: t?.tagOwners !== undefined,
    grants: t?.grants
      ? t.grants.map((g, i) => ({ src: [...g.src], dst: [...g.dst], ip: [...g.ip], path: ["tailscale", "grants", i] }))
      : [
          // Keywords, so a platform that maps them elsewhere keeps the grant's meaning.
          { src: ["team-infra-plat", "team-sec-plat", "sg-k8s-admin", `app:${DASHBOARD_APP}`], dst: [DEFAULT_K8S_API_TAG], ip: ["tcp:443"] },
          { src: ["autogroup:member"], dst: ["autogroup:self"], ip: ["*"] },
        ],
    grantsDeclared: t?.grants !== undefined,
  };
  if (t?.tailnet !== undefined) out.tailnet = t.tailnet;
  return out;
}
