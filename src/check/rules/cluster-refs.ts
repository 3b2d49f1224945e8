import { didYouMean } from "../../diag/suggest.js";
import type { Rule } from "../rule.js";

/** clusters.<name> in an app.yaml must name a cluster of the platform. */
export const clusterRefsRule: Rule = {
  name: "cluster-refs",
  codes: ["HS050"],
  run({ model, report }) {
    const known = model.platform.clusters.map((c) => c.name);
    for (const app of model.apps) {
      if (!app.valid) continue;
      for (const name of Object.keys(app.raw.clusters ?? {})) {
        if (model.platform.clusterByName.has(name)) continue;
        report(
          "HS050",
          `clusters.${name} names no cluster (clusters: ${known.join(", ") || "none"})`,
          { file: app.file, path: ["clusters", name], key: true },
          didYouMean(name, known) ??
            (model.platform.clustersFrom === "settings" ? "add the cluster to homescale.yaml clusters" : `add a clusters/${name}/ folder`),
        );
      }
    }
  },
};
