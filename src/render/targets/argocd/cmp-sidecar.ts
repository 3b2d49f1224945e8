/**
 * The argocd-repo-server sidecar that runs the plugin (plugin.ts), installed as Argo CD's docs
 * install a sidecar config-management plugin ("Config Management Plugins", sidecar plugin):
 *
 * - its entrypoint is /var/run/argocd/argocd-cmp-server, the binary the repo-server's copyutil init
 *   container copies into the var-files volume; it serves the plugin on a socket in the plugins
 *   volume, where the repo-server finds it. Both volumes are the repo-server's own (an emptyDir
 *   each, in Argo CD's manifests and in the argo-cd chart), so the sidecar only mounts them;
 * - it runs as user 999, Argo CD's user, and under the same restrictions as the repo-server
 *   container itself (no privilege escalation, no capabilities, a read-only root filesystem,
 *   RuntimeDefault seccomp): argocd-cmp-server unpacks each repository into /tmp, homescale only
 *   reads it and prints to stdout;
 * - plugin.yaml comes from the bootstrap's ConfigMap, mounted by subPath at
 *   /home/argocd/cmp-server/config/plugin.yaml, where argocd-cmp-server reads it at start;
 * - /tmp is an emptyDir of its own: Argo CD's docs warn against sharing the repo-server's, to keep a
 *   plugin that a crafted repository subverts away from the other repositories' files.
 *
 * The image is homescale.yaml's argocd.plugin.image, by default
 * ghcr.io/homescalecloud/homescale:<homescale version>: Node 20 with the homescale package
 * installed, so the generate command runs the `homescale` on PATH and downloads nothing. Its tag
 * changes with the homescale version, as plugin.yaml's spec.version does; a new version therefore
 * changes the pod template and restarts the repo-server, which is when argocd-cmp-server rereads
 * plugin.yaml.
 *
 * Two forms of one sidecar: a strategic-merge patch of the argocd-repo-server Deployment (Argo CD
 * installed from its manifests: kubectl patch, or a kustomize patch), and the argo-cd chart's
 * values repoServer.extraContainers and repoServer.volumes (HomeScale installs Argo CD with that
 * chart, as a dependency of apps/argocd). Strategic merge adds the container and the volumes by
 * name; the chart appends them to its own.
 */
import type { ArgocdPlugin } from "../../../model/types.js";
import { orderKeys, type K8sObject } from "../../k8s-object.js";
import { HOMESCALE_VERSION } from "../../version.js";
import { PLUGIN_CONFIG_KEY, PLUGIN_CONFIG_MAP, PLUGIN_NAME } from "./plugin.js";

/** The Deployment the sidecar joins, as Argo CD's manifests and the argo-cd chart name it. */
export const REPO_SERVER = "argocd-repo-server";

/** Where the default image lives: the registry HomeScale's CI pushes its images to (ci's default too). */
export const DEFAULT_PLUGIN_IMAGE_REPOSITORY = "ghcr.io/homescalecloud/homescale";

/** The repo-server's own volumes the sidecar mounts (Argo CD's manifests and the chart define both). */
export const REPO_SERVER_VOLUMES = ["var-files", "plugins"] as const;

const CONTAINER = `${PLUGIN_NAME}-cmp`;
const TMP_VOLUME = `${PLUGIN_NAME}-cmp-tmp`;

export interface Sidecar {
  container: Record<string, unknown>;
  /** The volumes the sidecar adds to the pod: plugin.yaml's ConfigMap and its own /tmp. */
  volumes: Record<string, unknown>[];
}

/** The image the sidecar runs: the one homescale.yaml names, else the default of this homescale version. */
export function pluginImage(plugin: ArgocdPlugin, version: string = HOMESCALE_VERSION): string {
  return plugin.image ?? `${DEFAULT_PLUGIN_IMAGE_REPOSITORY}:${version}`;
}

export function renderSidecar(plugin: ArgocdPlugin, version: string = HOMESCALE_VERSION): Sidecar {
  const container = {
    name: CONTAINER,
    image: pluginImage(plugin, version),
    imagePullPolicy: "IfNotPresent",
    command: ["/var/run/argocd/argocd-cmp-server"],
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 999,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [
      { name: "var-files", mountPath: "/var/run/argocd" },
      { name: "plugins", mountPath: "/home/argocd/cmp-server/plugins" },
      { name: PLUGIN_CONFIG_MAP, mountPath: "/home/argocd/cmp-server/config/plugin.yaml", subPath: PLUGIN_CONFIG_KEY },
      { name: TMP_VOLUME, mountPath: "/tmp" },
    ],
  };
  const volumes = [
    { name: PLUGIN_CONFIG_MAP, configMap: { name: PLUGIN_CONFIG_MAP } },
    { name: TMP_VOLUME, emptyDir: {} },
  ];
  return { container, volumes };
}

/** argocd/repo-server-patch.yaml: `kubectl -n <ns> patch deployment argocd-repo-server --patch-file ...`. */
export function renderRepoServerPatch(sidecar: Sidecar, namespace: string): K8sObject {
  return orderKeys({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: REPO_SERVER, namespace },
    spec: { template: { spec: { containers: [sidecar.container], volumes: sidecar.volumes } } },
  });
}

/** argocd/repo-server-values.yaml: the argo-cd chart's values (under the dependency's key in an umbrella chart). */
export function renderRepoServerValues(sidecar: Sidecar): Record<string, unknown> {
  return { repoServer: { extraContainers: [sidecar.container], volumes: sidecar.volumes } };
}
