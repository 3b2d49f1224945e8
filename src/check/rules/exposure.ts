import { closest } from "../../diag/suggest.js";
import { allExposures, exposureTargets, zoneOf } from "../../model/exposure.js";
import { isEnabled } from "../../model/resolve.js";
import type { Rule } from "../rule.js";

/** exposePublic must land on a cluster that runs the app (and its tunnel); names are unique and in a zone. */
export const exposureRule: Rule = {
  name: "exposure",
  codes: ["HS053", "HS054", "HS055", "HS056", "HS057", "HS058"],
  run({ model, report }) {
    const { platform } = model;
    const clusterNames = platform.clusters.map((c) => c.name);
    const connector = model.appByName.get(platform.cloudflare.connectorApp);
    for (const app of model.apps) {
      if (!app.valid) continue;
      for (const t of exposureTargets(app)) {
        const where = { file: app.file, path: t.path };
        if (!platform.clusterByName.has(t.cluster)) {
          const g = closest(t.cluster, clusterNames);
          report("HS053", `exposePublic.cluster ${t.cluster} names no cluster`, where, g !== undefined ? `did you mean ${g}?` : `clusters: ${clusterNames.join(", ")}`);
          continue;
        }
        if (t.path[0] === "clusters" && t.path[1] !== t.cluster) {
          report(
            "HS058",
            `exposePublic under clusters.${String(t.path[1])} names cluster ${t.cluster}; an override can only publish on its own cluster`,
            where,
            `write cluster: ${String(t.path[1])}, or move exposePublic to the top level`,
          );
          continue;
        }
        if (!isEnabled(app, t.cluster)) {
          report(
            "HS054",
            `exposePublic.cluster is ${t.cluster}, but ${app.name} is not enabled there`,
            where,
            `set clusters.${t.cluster}.deploy: true, or publish from a cluster that runs the app`,
          );
        }
      }
    }
    const exposures = allExposures(model);
    const claimed = new Map<string, string>();
    for (const e of exposures) {
      const fqdnWhere = { file: e.app.file, path: e.fqdnPath };
      if (e.via === "tunnel" && !(connector?.valid && isEnabled(connector, e.cluster))) {
        report(
          "HS055",
          `${e.app.name} is published through the Cloudflare tunnel of ${e.cluster}, but no tunnel connector (${platform.cloudflare.connectorApp}) runs there`,
          { file: e.app.file, path: e.clusterPath },
          connector ? `enable ${platform.cloudflare.connectorApp} on ${e.cluster} (clusters.${e.cluster}.deploy: true)` : `add the ${platform.cloudflare.connectorApp} app`,
        );
      }
      const names = [{ name: e.expose.fqdn, path: e.fqdnPath }];
      if (e.expose.alias !== undefined) names.push({ name: e.expose.alias, path: [...e.fqdnPath.slice(0, -1), "alias"] });
      for (const n of names) {
        const key = n.name.toLowerCase().replace(/\.$/, "");
        const first = claimed.get(key);
        if (first !== undefined) {
          report("HS056", `public name ${n.name} is already claimed by ${first}`, { file: e.app.file, path: n.path }, "each public name routes to one app");
        } else claimed.set(key, `${e.app.file} (cluster ${e.cluster})`);
        if (platform.cloudflare.zones.length > 0 && zoneOf(n.name, platform.cloudflare.zones) === undefined) {
          report(
            "HS057",
            `public name ${n.name} is in none of the configured zones (${platform.cloudflare.zones.join(", ")})`,
            { file: e.app.file, path: n.path },
            "add its zone to cloudflare.zones in homescale.yaml",
          );
        }
      }
    }
  },
};
