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
  codes: ["HS078", "HS165"],
  run({ model, report }) {
    const generation2 = model.catalog.generation?.generation === 2;
    for (const cluster of model.platform.clusters) {
      for (const app of bootstrapSync(model, cluster).replacing) {
        // Generation 2: the file is where the cluster's apps are enabled, homescale's input. It stays;
        // the bootstrap, which leaves it out of its sync, takes the place of its Application.
        if (generation2 && app.catalogValues !== undefined) {
          report(
            "HS165",
            `${app.file} is the catalog's per-cluster input (generation 2): homescale reads its apps.<name> deploy and values; clusters/${cluster.name}/bootstrap.yaml takes the place of the Application ${app.name} it defines and leaves the file out of its sync`,
            { file: app.file, offset: app.start, endOffset: app.end },
            `keep ${app.file}; apply ${DEFAULT_BOOTSTRAP_PATH}/${cluster.name}/bootstrap.yaml in place of ${app.name}`,
          );
          continue;
        }
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
