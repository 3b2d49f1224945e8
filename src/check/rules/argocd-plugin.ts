/**
 * homescale.yaml argocd.plugin: Argo CD renders each cluster with homescale in a repo-server
 * sidecar (render/targets/argocd/cmp-sidecar.ts), and the bootstrap syncs the platform's sources
 * through it.
 *
 * - HS190: argocd.path names a folder of rendered output for the bootstrap to sync; with the plugin
 *   there is none (the bootstrap reads the repository root), so one of the two is a mistake.
 * - HS191: the sidecar's image must be the homescale that rendered plugin.yaml, so a tag that moves
 *   (none, or latest) can start another homescale on the next restart: a pinned tag or a digest.
 */
import { SETTINGS_FILE } from "../../load/snapshot.js";
import type { Rule } from "../rule.js";

export const argocdPluginRule: Rule = {
  name: "argocd-plugin",
  codes: ["HS190", "HS191"],
  run({ model, report }) {
    const { argocd } = model.platform;
    if (argocd.plugin === undefined) return;
    if (argocd.pathDeclared === true) {
      report(
        "HS190",
        `argocd.path ${argocd.path} names the rendered output the bootstrap syncs, but with argocd.plugin the bootstrap renders the repository root with the plugin and syncs no rendered folder`,
        { file: SETTINGS_FILE, path: ["argocd", "path"], key: true },
        "remove argocd.path (the plugin renders the platform where homescale.yaml is), or argocd.plugin to sync the rendered output",
      );
    }
    const image = argocd.plugin.image;
    const moving = image === undefined ? undefined : movingTag(image);
    if (moving !== undefined) {
      report(
        "HS191",
        `argocd.plugin.image ${image} ${moving === "" ? "has no tag" : "is tagged latest"}: the sidecar may start another homescale than the one that rendered plugin.yaml`,
        { file: SETTINGS_FILE, path: ["argocd", "plugin", "image"] },
        "tag the image with the homescale version (e.g. :0.1.0) or pin it by digest (@sha256:...)",
      );
    }
  },
};

/**
 * The tag of an image reference ([registry[:port]/]path[:tag][@digest]) when it moves: "" for
 * none, "latest"; undefined for a digest or any other tag.
 */
function movingTag(image: string): string | undefined {
  if (image.includes("@")) return undefined;
  const last = image.slice(image.lastIndexOf("/") + 1);
  const colon = last.indexOf(":");
  const tag = colon < 0 ? "" : last.slice(colon + 1);
  return tag === "" || tag === "latest" ? tag : undefined;
}
