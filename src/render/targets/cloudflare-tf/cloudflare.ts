/**
 * terraform/cloudflare.tf.json: one Cloudflare tunnel per cluster that publishes apps through it,
 * its ingress (one rule per app, sorted by hostname, then `http_status:404`), proxied CNAMEs to
 * `<tunnel id>.cfargotunnel.com`, the DNS side of the NetBird reverse proxy (a wildcard CNAME
 * of the external domain plus one per name outside it), and each VPS edge's A record with a DNS-only
 * CNAME to it per name. Cloudflare provider v5: every nested
 * structure is an attribute (notes/research.md §3).
 *
 * Zones: a record's zone is the longest configured zone that is a suffix of its name (zoneOf),
 * looked up with one `data "cloudflare_zone"` per zone used. A name in no configured zone, and
 * every name when none are configured, takes its zone id from the map variable
 * `cloudflare_zone_ids` (public name -> zone id): homescale never guesses a zone from the labels.
 */
import { zoneOf } from "../../../model/exposure.js";
import type { PlatformIndex } from "../../../platform/index.js";
import { proxyClusterValue } from "../../terraform/module.js";
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
} from "../../emit/tf-json.js";
import type { TunnelRule } from "../../../platform/routes/tunnel.js";
import { proxiedSettings } from "./proxied-settings.js";

export const ACCOUNT_VARIABLE = "cloudflare_account_id";
export const ZONE_IDS_VARIABLE = "cloudflare_zone_ids";
const TUNNEL = "cloudflare_zero_trust_tunnel_cloudflared";
const TUNNEL_CONFIG = "cloudflare_zero_trust_tunnel_cloudflared_config";
const TUNNEL_TOKEN = "cloudflare_zero_trust_tunnel_cloudflared_token";

/** One ingress rule; with TLS, cloudflared checks the Service's certificate for the public name (SNI). */
function ingressRule(r: TunnelRule): TfBody {
  const rule: TfBody = { hostname: lit(r.hostname), service: lit(r.service) };
  if (r.originServerName !== undefined) rule.origin_request = { origin_server_name: lit(r.originServerName) };
  return rule;
}

/** The Terraform name of a DNS record: its name, with a leading `*.` spelled `wildcard.`. */
export function recordId(name: string): string {
  return name.replace(/^\*\./, "wildcard.");
}

/**
 * cloudflare.tf.json. The module's one required_providers block goes into the first Terraform file
 * of the registry that is written (render/outputs.ts): Terraform rejects a second.
 */
export function renderCloudflare(index: PlatformIndex): TfJson {
  const { model, routing } = index;
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

  // Keyed by the name itself, so that `*.example.net` and `wildcard.example.net` (both spelled
  // wildcard.example.net) get two resources; the one met first (exact names come first) keeps it.
  const record = (name: string, content: string, proxied: boolean, comment: string, type = "CNAME"): void => {
    const body: TfBody = { zone_id: zoneId(name), name: lit(name), type, content, proxied, ttl: 1, comment: lit(comment) };
    doc.resource("cloudflare_dns_record", records.name(name, recordId(name)), body);
  };

  const tunnelKeys = new Map<string, string>();
  for (const t of routing.tunnels) {
    const key = tunnels.name(t.name);
    tunnelKeys.set(t.name, key);
    doc.resource(TUNNEL, key, { account_id: account(), name: lit(t.name), config_src: "cloudflare" });
    doc.resource(TUNNEL_CONFIG, key, {
      account_id: account(),
      tunnel_id: ref(TUNNEL, key),
      config: {
        // In cloudflared's order (platform/routes/tunnel.ts): it takes the first rule that matches.
        ingress: [...t.rules.map(ingressRule), { service: "http_status:404" }],
      },
    });
    // The connector's token (the tunnel has no token attribute in v5).
    doc.data(TUNNEL_TOKEN, key, { account_id: account(), tunnel_id: ref(TUNNEL, key) });
    doc.output(`${key}-token`, {
      description: lit(`cloudflared token of tunnel ${t.name} (cluster ${t.cluster}).`),
      value: dataRef(TUNNEL_TOKEN, key, "token"),
      sensitive: true,
    });
  }

  // Tunnel names are proxied; the NetBird reverse proxy's are DNS only, so NetBird can validate its
  // custom domains and obtain certificates for them.
  // A VPS edge: one A record, DNS only (the VPS terminates nothing; Cloudflare's proxy would only
  // pass HTTP on its own ports); every name on the edge is a CNAME to it, so moving the VPS is one change.
  for (const e of routing.edges) {
    if (e.record === undefined || e.names.length === 0) continue;
    record(e.record, lit(e.edge.address), false, `homescale: edge ${e.edge.name}`, e.edge.address.includes(":") ? "AAAA" : "A");
  }
  for (const r of routing.records) {
    if (r.target.kind === "edge") {
      record(r.name, lit(r.target.record), false, `homescale: app ${r.app}, edge ${r.target.edge}`);
    } else if (r.target.kind === "tunnel") {
      record(r.name, `${ref(TUNNEL, tunnelKeys.get(r.target.tunnel)!)}.cfargotunnel.com`, true, `homescale: app ${r.app}, tunnel ${r.target.tunnel}`);
    } else {
      record(r.name, proxyClusterValue(model), false, r.app === undefined ? "homescale: NetBird reverse proxy" : `homescale: app ${r.app}, NetBird reverse proxy`);
    }
  }

  proxiedSettings(doc, routing.exposures, { zoneId, account, zoneOf: (name) => zoneOf(name, cf.zones) ?? name });

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
