/**
 * terraform/cloudflare.tf.json: one Cloudflare tunnel per cluster that publishes apps through it,
 * its ingress (one rule per app, sorted by hostname, then `http_status:404`), proxied CNAMEs to
 * `<tunnel id>.cfargotunnel.com`, and the DNS side of the NetBird reverse proxy (a wildcard CNAME
 * of the external domain plus one per name outside it). Cloudflare provider v5: every nested
 * structure is an attribute (notes/research.md §3).
 *
 * Zones: a record's zone is the longest configured zone that is a suffix of its name (zoneOf),
 * looked up with one `data "cloudflare_zone"` per zone used. A name in no configured zone, and
 * every name when none are configured, takes its zone id from the map variable
 * `cloudflare_zone_ids` (public name -> zone id): homescale never guesses a zone from the labels.
 */
import { zoneOf } from "../../model/exposure.js";
import { tunnelName } from "../../model/names.js";
import type { Model } from "../../model/types.js";
import { proxyClusterValue } from "./netbird.js";
import { proxyRoutes, tunnelRoutes, wildcardOf } from "./public-names.js";
import {
  compareCodePoints,
  dataRef,
  hclString,
  lit,
  NameTable,
  ref,
  TfDoc,
  varIndexRef,
  varRef,
  type TfBody,
  type TfJson,
} from "../emit/tf-json.js";
import { CLOUDFLARE_PROVIDER } from "./providers.js";

export { CLOUDFLARE_PROVIDER };
export const ACCOUNT_VARIABLE = "cloudflare_account_id";
export const ZONE_IDS_VARIABLE = "cloudflare_zone_ids";
const TUNNEL = "cloudflare_zero_trust_tunnel_cloudflared";
const TUNNEL_CONFIG = "cloudflare_zero_trust_tunnel_cloudflared_config";
const TUNNEL_TOKEN = "cloudflare_zero_trust_tunnel_cloudflared_token";

/** The in-cluster URL a tunnel forwards to. */
export function clusterServiceUrl(service: string, namespace: string, port: number): string {
  return `http://${service}.${namespace}.svc.cluster.local:${port}`;
}

/** The Terraform name of a DNS record: its name, with a leading `*.` spelled `wildcard.`. */
export function recordId(name: string): string {
  return name.replace(/^\*\./, "wildcard.");
}

/**
 * cloudflare.tf.json. It has no `terraform` block: the module's one required_providers block is in
 * netbird.tf.json and names cloudflare/cloudflare too (Terraform rejects a second block).
 */
export function renderCloudflare(model: Model): TfJson {
  const doc = new TfDoc();
  const cf = model.platform.cloudflare;
  let accountUsed = false;
  const account = (): string => {
    accountUsed = true;
    return cf.accountId !== undefined ? lit(cf.accountId) : varRef(ACCOUNT_VARIABLE);
  };
  const tunnels = new NameTable();
  const records = new NameTable();
  const zoneNames = new NameTable();
  const unzoned: string[] = [];

  const zoneId = (name: string): string => {
    const zone = zoneOf(name, cf.zones);
    if (zone === undefined) {
      if (!unzoned.includes(name)) unzoned.push(name);
      return varIndexRef(ZONE_IDS_VARIABLE, name);
    }
    const key = zoneNames.name(zone);
    if (!doc.hasData("cloudflare_zone", key)) doc.data("cloudflare_zone", key, { filter: { name: lit(zone), account: { id: account() } } });
    return dataRef("cloudflare_zone", key);
  };

  const record = (name: string, content: string, proxied: boolean, comment: string): void => {
    const body: TfBody = { zone_id: zoneId(name), name: lit(name), type: "CNAME", content, proxied, ttl: 1, comment: lit(comment) };
    doc.resource("cloudflare_dns_record", records.name(recordId(name)), body);
  };

  for (const [cluster, routes] of tunnelRoutes(model)) {
    const name = tunnelName(cf.tunnelPrefix, cluster);
    const key = tunnels.name(name);
    doc.resource(TUNNEL, key, { account_id: account(), name: lit(name), config_src: "cloudflare" });
    doc.resource(TUNNEL_CONFIG, key, {
      account_id: account(),
      tunnel_id: ref(TUNNEL, key),
      config: {
        ingress: [
          ...routes.map((r) => ({ hostname: lit(r.exposure.expose.fqdn), service: lit(clusterServiceUrl(r.service, r.namespace, r.exposure.expose.port)) })),
          { service: "http_status:404" },
        ],
      },
    });
    // The connector's token (the tunnel has no token attribute in v5).
    doc.data(TUNNEL_TOKEN, key, { account_id: account(), tunnel_id: ref(TUNNEL, key) });
    doc.output(`${key}-token`, {
      description: lit(`cloudflared token of tunnel ${name} (cluster ${cluster}).`),
      value: dataRef(TUNNEL_TOKEN, key, "token"),
      sensitive: true,
    });
    for (const r of routes) {
      record(r.exposure.expose.fqdn, `${ref(TUNNEL, key)}.cfargotunnel.com`, true, `homescale: app ${r.exposure.app.name}, tunnel ${name}`);
    }
  }

  // NetBird reverse proxy: DNS only (not proxied), so NetBird can validate its custom domains and
  // obtain certificates for them.
  const proxied = proxyRoutes(model);
  if (proxied.length > 0) {
    const target = proxyClusterValue(model);
    record(wildcardOf(model.platform.externalDomain), target, false, "homescale: NetBird reverse proxy");
    const seen = new Set<string>();
    for (const r of proxied) {
      for (const n of r.names) {
        if (n.covered || seen.has(n.name.toLowerCase())) continue;
        seen.add(n.name.toLowerCase());
        record(n.name, target, false, `homescale: app ${r.exposure.app.name}, NetBird reverse proxy`);
      }
    }
  }

  if (accountUsed && cf.accountId === undefined) {
    doc.variable(ACCOUNT_VARIABLE, {
      type: "string",
      description: "Cloudflare account of the tunnels and zones. Set cloudflare.accountId in homescale.yaml to write it into the configuration instead.",
    });
  }
  if (unzoned.length > 0) {
    const names = [...unzoned].sort(compareCodePoints);
    doc.variable(ZONE_IDS_VARIABLE, {
      type: "map(string)",
      description: lit(
        (cf.zones.length === 0
          ? "No Cloudflare zones are configured (cloudflare.zones in homescale.yaml), so homescale does not guess a zone from a name's labels. "
          : "These public names are in none of the configured zones (cloudflare.zones in homescale.yaml). ") +
          `Map each public name to the id of its Cloudflare zone: ${names.join(", ")}.`,
      ),
      validation: [
        {
          condition: `\${alltrue([for n in [${names.map(hclString).join(", ")}] : contains(keys(var.${ZONE_IDS_VARIABLE}), n)])}`,
          error_message: lit(`cloudflare_zone_ids needs a zone id for each of: ${names.join(", ")}.`),
        },
      ],
    });
  }
  return doc.toJSON();
}
