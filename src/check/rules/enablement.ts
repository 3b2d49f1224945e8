import { enabledClusters } from "../../model/resolve.js";
import type { Rule } from "../rule.js";

/** An app enabled on no cluster renders nothing; say so, quietly. */
export const enablementRule: Rule = {
  name: "enablement",
  codes: ["HS072"],
  run({ model, report }) {
    if (model.platform.clusters.length === 0) return;
    for (const app of model.apps) {
      if (!app.valid || enabledClusters(model, app).length > 0) continue;
      report(
        "HS072",
        `${app.name} is enabled on no cluster, so it renders no Application`,
        { file: app.file, path: app.raw.defaultDeploy !== undefined ? ["defaultDeploy"] : ["path"] },
        model.catalog.generation?.generation === 2 ? `set defaultDeploy: true, or apps.${app.name}.deploy: true in clusters/<name>/apps.yaml` : "set defaultDeploy: true, or clusters.<name>.deploy: true",
      );
    }
  },
};
