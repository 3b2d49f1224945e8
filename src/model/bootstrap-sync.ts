/**
 * What the bootstrap `apps-<cluster>` syncs. It syncs <argocd.path>/<cluster>/ of its repository,
 * recursively; by default that is this repository's own clusters/<cluster>/, which holds what was
 * written there by hand. Two kinds of file there must never be synced: an Application with the
 * bootstrap's own name (HomeScale's old app-of-apps, apps.yaml: synced, it would replace the
 * bootstrap), and an Omni cluster template (no Kubernetes object: the sync would fail). The
 * bootstrap leaves both out (directory.exclude), and check says so (HS078). With argocd.plugin the
 * bootstrap syncs no folder at all: the plugin renders the cluster from the platform's sources.
 */
import type { FolderApplication } from "./cluster-folders.js";
import { orDefault } from "./sprig-default.js";
import type { Cluster, Model } from "./types.js";

/** The bootstrap's folder in the repository, when homescale.yaml leaves argocd.path at its default. */
export const DEFAULT_BOOTSTRAP_PATH = "clusters";

export interface BootstrapSync {
  /** The folder synced is this repository's clusters/<cluster>/ (same repository and revision). */
  syncsSourceFolder: boolean;
  /** Applications there with the bootstrap's name (and namespace). */
  replacing: FolderApplication[];
  /** Paths relative to the folder that the bootstrap leaves out of its sync, sorted. */
  exclude: string[];
}

export function bootstrapSync(model: Model, cluster: Cluster): BootstrapSync {
  const { platform, catalog } = model;
  if (platform.argocd.plugin !== undefined) return { syncsSourceFolder: false, replacing: [], exclude: [] };
  const repo = orDefault(platform.argocd.repoURL, catalog.repoURL);
  const revision = orDefault(platform.argocd.targetRevision, catalog.targetRevision);
  const syncsSourceFolder = repo === catalog.repoURL && revision === catalog.targetRevision && platform.argocd.path.replace(/\/+$/, "") === DEFAULT_BOOTSTRAP_PATH;
  if (!syncsSourceFolder) return { syncsSourceFolder, replacing: [], exclude: [] };
  const folder = `${DEFAULT_BOOTSTRAP_PATH}/${cluster.name}/`;
  const replacing = (model.folderApplications ?? []).filter(
    (a) => a.cluster === cluster.name && a.name === `apps-${cluster.name}` && (a.namespace ?? catalog.argocdNamespace) === catalog.argocdNamespace,
  );
  const files = new Set([...replacing.map((a) => a.file), ...(model.folderTemplates ?? []).filter((f) => f.startsWith(folder))]);
  return { syncsSourceFolder, replacing, exclude: [...files].map((f) => f.slice(folder.length)).sort() };
}
