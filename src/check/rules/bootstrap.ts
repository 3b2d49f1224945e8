/**
 * The bootstrap `apps-<cluster>` syncs this repository's clusters/<cluster>/ by default, where
 * HomeScale kept its app-of-apps (apps.yaml), an Application of the very same name. Synced, it would
 * replace the bootstrap; the bootstrap leaves it out of its sync (model/bootstrap-sync.ts), and this
 * says so, with the migration step: delete it once bootstrap.yaml is applied.
 */
import { bootstrapSync, DEFAULT_BOOTSTRAP_PATH } from "../../model/bootstrap-sync.js";
import type { Rule } from "../rule.js";

export const bootstrapRule: Rule = {
  name: "bootstrap",
  codes: ["HS078"],
  run({ model, report }) {
    for (const cluster of model.platform.clusters) {
      for (const app of bootstrapSync(model, cluster).replacing) {
        const instead = app.sourcePaths.filter((p) => p !== "" && p !== `${DEFAULT_BOOTSTRAP_PATH}/${cluster.name}`);
        report(
          "HS078",
          `${app.file} defines the Application ${app.name}, the name of homescale's bootstrap for ${cluster.name}, which syncs ${DEFAULT_BOOTSTRAP_PATH}/${cluster.name}/: ` +
            `synced, it would replace the bootstrap${instead.length > 0 ? ` with an app-of-apps of ${instead.join(", ")}` : ""}; the bootstrap leaves it out of its sync (directory.exclude)`,
          { file: app.file, offset: app.start, endOffset: app.end },
          `delete ${app.file} when you apply ${DEFAULT_BOOTSTRAP_PATH}/${cluster.name}/bootstrap.yaml (it takes its place), or point argocd.repoURL, targetRevision or path in homescale.yaml at the rendered output`,
        );
      }
    }
  },
};
