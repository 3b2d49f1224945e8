/**
 * What Cloudflare's proxy does with a published name besides carrying it (exposePublic.access and
 * cacheBypass, HomeScale today):
 *
 * - access: a self-hosted Access application for the name (cloudflare_zero_trust_access_application,
 *   v5), with the reusable Access policies the exposure names, else those of the variable
 *   `cloudflare_access_policy_ids` (in order: precedence 1, 2, ...). Without a policy Access lets no
 *   one in, so the variable has no default.
 * - cacheBypass: Cloudflare caches nothing of the name. A zone has one entry-point ruleset of the
 *   cache phase, so every bypassed name of a zone is one rule (http.host eq ...) of one
 *   `cloudflare_ruleset` per zone, named cache-<zone>, rules in name order.
 *
 * Both only for names Cloudflare proxies: exposures through a tunnel (via tunnel or gateway) of an
 * app that runs where it is exposed. check warns about the others (HS174).
 */
import type { Exposure } from "../../../model/exposure.js";
import { compareCodePoints, lit, NameTable, tfName, varRef, type TfBody, type TfDoc } from "../../emit/tf-json.js";

export const ACCESS_POLICIES_VARIABLE = "cloudflare_access_policy_ids";
const ACCESS_APP = "cloudflare_zero_trust_access_application";
const RULESET = "cloudflare_ruleset";

export interface Zones {
  /** The zone id of a public name, as a Terraform value. */
  zoneId(name: string): string;
  /** The account id, as a Terraform value. */
  account(): string;
  /** The zone a name is in (the name itself when no configured zone holds it). */
  zoneOf(name: string): string;
}

/** Exposures whose name Cloudflare's proxy serves. */
export function proxiedExposures(exposures: readonly Exposure[]): Exposure[] {
  return exposures.filter((e) => e.deployed && (e.via === "tunnel" || e.via === "gateway"));
}

export function proxiedSettings(doc: TfDoc, exposures: readonly Exposure[], zones: Zones): void {
  const proxied = proxiedExposures(exposures).sort((a, b) => compareCodePoints(a.expose.fqdn, b.expose.fqdn));
  const apps = new NameTable();
  let policiesVariable = false;
  for (const e of proxied) {
    const access = e.expose.access;
    if (access === undefined) continue;
    const fqdn = e.expose.fqdn;
    const policies = access.policies && access.policies.length > 0 ? access.policies.map((id, i) => ({ id: lit(id), precedence: i + 1 })) : undefined;
    if (!policies) policiesVariable = true;
    const body: TfBody = {
      account_id: zones.account(),
      name: lit(access.name ?? fqdn),
      domain: lit(fqdn),
      type: "self_hosted",
      policies: policies ?? `\${[for i, id in var.${ACCESS_POLICIES_VARIABLE} : { id = id, precedence = i + 1 }]}`,
    };
    if (access.sessionDuration !== undefined) body.session_duration = access.sessionDuration;
    doc.resource(ACCESS_APP, apps.name(fqdn, tfName(fqdn)), body);
  }
  if (policiesVariable) {
    doc.variable(ACCESS_POLICIES_VARIABLE, {
      type: "list(string)",
      description: "Ids of the reusable Cloudflare Access policies of the Access applications whose exposePublic.access names none (first: precedence 1).",
    });
  }
  const byZone = new Map<string, Exposure[]>();
  for (const e of proxied) {
    if (e.expose.cacheBypass !== true) continue;
    const zone = zones.zoneOf(e.expose.fqdn);
    const list = byZone.get(zone);
    if (list) list.push(e);
    else byZone.set(zone, [e]);
  }
  const rulesets = new NameTable();
  for (const zone of [...byZone.keys()].sort(compareCodePoints)) {
    const list = byZone.get(zone)!;
    doc.resource(RULESET, rulesets.name(zone, `cache-${tfName(zone)}`), {
      zone_id: zones.zoneId(list[0]!.expose.fqdn),
      name: lit(`homescale: cache bypass (${zone})`),
      kind: "zone",
      phase: "http_request_cache_settings",
      rules: list.map((e) => ({
        description: lit(`homescale: app ${e.app.name}, no caching of ${e.expose.fqdn}`),
        expression: lit(e.expose.fqdn.startsWith("*.") ? `(ends_with(http.host, "${e.expose.fqdn.slice(1)}"))` : `(http.host eq "${e.expose.fqdn}")`),
        action: "set_cache_settings",
        action_parameters: { cache: false },
        enabled: true,
      })),
    });
  }
}
