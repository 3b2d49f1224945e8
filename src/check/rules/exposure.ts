import { closest } from "../../diag/suggest.js";
import { enableHint } from "../../model/catalog-generation.js";
import { chartOrder } from "../../model/chart-order.js";
import { exposureTargets, zoneOf } from "../../model/exposure.js";
import { isEnabled } from "../../model/resolve.js";
import { shadowedBy } from "../../platform/routes/tunnel.js";
import type { Exposure } from "../../model/exposure.js";
import type { Rule, RuleContext } from "../rule.js";

/**
 * exposePublic must land on a cluster that runs the app (and its tunnel); every public name routes
 * to one app, lies in a configured zone, and is not silently covered by another name's wildcard.
 * The declarations are read from the model, what they publish from the routes.
 */
export const exposureRule: Rule = {
  name: "exposure",
  codes: ["HS053", "HS054", "HS055", "HS056", "HS057", "HS058", "HS061", "HS174"],
  run({ model, index, report }) {
    const { platform } = model;
    const clusterNames = platform.clusters.map((c) => c.name);
    for (const app of model.apps) {
      if (!app.valid) continue;
      for (const key of ["exposePublic", "exposeLan"] as const) {
        for (const t of exposureTargets(app, key)) {
          const where = { file: app.file, path: t.path };
          if (!platform.clusterByName.has(t.cluster)) {
            const g = closest(t.cluster, clusterNames);
            report("HS053", `${key}.cluster ${t.cluster} names no cluster`, where, g !== undefined ? `did you mean ${g}?` : `clusters: ${clusterNames.join(", ")}`);
            continue;
          }
          if (t.path[0] === "clusters" && t.path[1] !== t.cluster) {
            report(
              "HS058",
              `${key} under clusters.${String(t.path[1])} names cluster ${t.cluster}; an override can only serve names on its own cluster`,
              where,
              `write cluster: ${String(t.path[1])}, or move ${key} to the top level`,
            );
            continue;
          }
          if (!isEnabled(app, t.cluster)) {
            report(
              "HS054",
              `${key}.cluster is ${t.cluster}, but ${app.name} is not enabled there`,
              where,
              `set ${model.catalog.generation?.generation === 2 ? enableHint(model.catalog.generation, app.name, app.file, t.cluster) : `clusters.${t.cluster}.deploy: true`}, or serve the name from a cluster that runs the app`,
            );
          }
        }
      }
    }
    proxyOnly(index.routing.exposures, report);
    const { routing } = index;
    const connector = platform.cloudflare.connectorApp;
    for (const t of routing.tunnels) {
      if (!t.connector.running) {
        for (const r of t.rules) {
          report(
            "HS055",
            `${r.exposure.app.name} is published through the Cloudflare tunnel of ${t.cluster}, but no tunnel connector (${connector}) runs there`,
            r.exposure.at.cluster,
            model.appByName.has(connector) ? `enable ${connector} on ${t.cluster} (clusters.${t.cluster}.deploy: true)` : `add the ${connector} app`,
          );
        }
      }
      for (const { wildcard, shadowed } of shadowedBy(t)) {
        report(
          "HS061",
          `${wildcard.hostname} on tunnel ${t.name} also matches ${shadowed.hostname} (${shadowed.exposure.app.name}): cloudflared sends that name to its own rule, listed first, but without it the wildcard's app (${wildcard.exposure.app.name}) would answer`,
          wildcard.exposure.at.fqdn,
          "narrow the wildcard, or keep the overlap on purpose",
        );
      }
    }
    // The second claim is reported: in the order the chart and Terraform's fileset meet the apps.
    const rank = new Map(chartOrder(model).map((a, i) => [a.name, i]));
    const claims = routing.routes.filter((r) => r.published && r.scope === "public").sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : rank.get(a.app)! - rank.get(b.app)!));
    const claimed = new Map<string, string>();
    for (const r of claims) {
      const first = claimed.get(r.key);
      if (first !== undefined) {
        report("HS056", `public name ${r.name} is already claimed by ${first}`, r.decl, "each public name routes to one app");
      } else claimed.set(r.key, `${model.appByName.get(r.app)!.file} (cluster ${r.cluster})`);
      if (platform.cloudflare.zones.length > 0 && zoneOf(r.name, platform.cloudflare.zones) === undefined) {
        report(
          "HS057",
          `public name ${r.name} is in none of the configured zones (${platform.cloudflare.zones.join(", ")})`,
          r.decl,
          "add its zone to cloudflare.zones in homescale.yaml",
        );
      }
    }
  },
};

/**
 * tls is how a Cloudflare tunnel reaches the Service; access and cacheBypass are what Cloudflare's
 * proxy does with the name. Elsewhere nothing renders them (HS174).
 */
function proxyOnly(exposures: readonly Exposure[], report: RuleContext["report"]): void {
  for (const e of exposures) {
    const wrong: string[] = [];
    if (e.expose.tls === true && e.via !== "tunnel") wrong.push("tls");
    if (e.via !== "tunnel" && e.via !== "gateway") {
      if (e.expose.cacheBypass === true) wrong.push("cacheBypass");
      if (e.expose.access !== undefined) wrong.push("access");
    }
    for (const f of wrong) {
      report(
        "HS174",
        `${f} on ${e.expose.fqdn}, which goes via ${e.via}: ${f === "tls" ? "only a tunnel's own rule to the Service has an origin server name" : "only names Cloudflare proxies (through a tunnel) have Access applications and cache rules"}, so it renders nothing`,
        e.at[f as "tls" | "cacheBypass" | "access"],
        f === "tls" ? "remove tls, or publish through the tunnel (via: tunnel)" : `remove ${f}, or publish through a tunnel (via: tunnel or gateway)`,
      );
    }
  }
}
