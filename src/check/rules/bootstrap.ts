/**
 * The bootstrap `apps-<cluster>` (render/argocd/bootstrap.ts) syncs <argocd.path>/<cluster>/ of
 * its repository, recursively. By default that is this repository's own clusters/<cluster>/, where
 * HomeScale kept its app-of-apps, apps.yaml: an Application of the very same name (pointing at the
 * Helm catalog). Synced, it replaces the bootstrap, and the cluster is back on the old app-of-apps.
 * Any Application of that name and namespace in the synced folder does the same.
 */
import { orDefault } from "../../model/sprig-default.js";
import type { Rule } from "../rule.js";

/** The bootstrap's folder in the repository, when homescale.yaml leaves argocd.path at its default. */
const DEFAULT_PATH = "clusters";

export const bootstrapRule: Rule = {
  name: "bootstrap",
  codes: ["HS078"],
  run({ model, report }) {
    const { platform, catalog } = model;
    // Another repository or branch (the rendered output) holds no hand-written apps.yaml of this one.
    const repo = orDefault(platform.argocd.repoURL, catalog.repoURL);
    const revision = orDefault(platform.argocd.targetRevision, catalog.targetRevision);
    if (repo !== catalog.repoURL || revision !== catalog.targetRevision) return;
    if (platform.argocd.path.replace(/\/+$/, "") !== DEFAULT_PATH) return;
    for (const app of model.folderApplications ?? []) {
      const cluster = platform.clusterByName.get(app.cluster);
      if (!cluster || app.name !== `apps-${cluster.name}` || (app.namespace ?? catalog.argocdNamespace) !== catalog.argocdNamespace) continue;
      const instead = app.sourcePaths.filter((p) => p !== "" && p !== `${DEFAULT_PATH}/${cluster.name}`);
      report(
        "HS078",
        `${app.file} defines the Application ${app.name}, the name of homescale's bootstrap for ${cluster.name}, which syncs ${DEFAULT_PATH}/${cluster.name}/: ` +
          `once synced, it replaces the bootstrap${instead.length > 0 ? ` with an app-of-apps of ${instead.join(", ")}` : ""}`,
        { file: app.file, offset: app.start, endOffset: app.end },
        `delete ${app.file} when you apply ${DEFAULT_PATH}/${cluster.name}/bootstrap.yaml (it takes its place), or point argocd.repoURL, targetRevision or path in homescale.yaml at the rendered output`,
      );
    }
  },
};
