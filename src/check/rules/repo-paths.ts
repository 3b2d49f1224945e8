/**
 * Paths into the repository stay inside it: Argo CD refuses a source path or value file outside the
 * repository root ("..", an absolute path), but only at sync time. One rule for every such path:
 * an app's chart `path` (base and overrides), its `valueFiles` (relative to the chart, as Argo CD
 * resolves them; `$ref/...` and URLs name other sources), the `path` of its extra sources (inside
 * their own repositories), and homescale.yaml's argocd.path.
 */
import path from "node:path/posix";
import type { PathSegment } from "../../diag/diagnostic.js";
import { SETTINGS_FILE } from "../../load/snapshot.js";
import { isPlainObject } from "../../core/own.js";
import { effectiveSpec, isEnabled, origin } from "../../model/resolve.js";
import type { App } from "../../model/types.js";
import type { Rule, RuleContext } from "../rule.js";

/** Why a path relative to a repository root leaves it, or undefined when it stays inside. */
export function outsideRepository(p: string): string | undefined {
  if (p.startsWith("/") || p.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(p)) return "is absolute";
  const normal = path.normalize(p.replace(/\\/g, "/"));
  if (normal === ".." || normal.startsWith("../")) return "leads outside the repository";
  return undefined;
}

/** A value file that names another source (`$values/...`) or a URL is not a path of this repository. */
function isPathOfRepository(valueFile: string): boolean {
  return !valueFile.startsWith("$") && !/^[a-z][a-z0-9+.-]*:\/\//i.test(valueFile);
}

export const repoPathsRule: Rule = {
  name: "repo-paths",
  codes: ["HS031"],
  run(ctx) {
    for (const app of ctx.model.apps) {
      if (!app.valid) continue;
      checkApp(ctx, app);
    }
    const argocdPath = ctx.model.platform.argocd.path;
    const why = outsideRepository(argocdPath);
    if (why !== undefined && ctx.model.platform.settingsFile !== undefined) {
      ctx.report("HS031", `argocd.path ${argocdPath} ${why}`, { file: SETTINGS_FILE, path: ["argocd", "path"] }, "write a folder relative to the root of the rendered repository, such as clusters");
    }
  },
};

function checkApp(ctx: RuleContext, app: App): void {
  const seen = new Set<string>();
  const report = (where: PathSegment[], message: string, hint: string): void => {
    const key = where.join("\0");
    if (seen.has(key)) return;
    seen.add(key);
    ctx.report("HS031", message, { file: app.file, path: where }, hint);
  };
  const check = (spec: { path: string; valueFiles?: string[] | undefined; extraSources?: { path?: string | undefined }[] | undefined }, at: (p: PathSegment[]) => PathSegment[]): void => {
    const chartWhy = outsideRepository(spec.path);
    if (chartWhy !== undefined) report(at(["path"]), `path ${spec.path} ${chartWhy}`, `write the chart's folder relative to the repository root, such as apps/${app.name}`);
    (spec.valueFiles ?? []).forEach((vf, i) => {
      if (!isPathOfRepository(vf)) return;
      const why = vf.startsWith("/") ? "is absolute" : outsideRepository(path.join(spec.path, vf));
      if (why !== undefined) {
        report(at(["valueFiles", i]), `value file ${vf} ${why} (value files are relative to the chart, ${spec.path})`, "keep value files inside the repository, relative to the chart, such as values-prod.yaml");
      }
    });
    (spec.extraSources ?? []).forEach((src, i) => {
      if (typeof src.path !== "string") return;
      const why = outsideRepository(src.path);
      if (why !== undefined) report(at(["extraSources", i, "path"]), `extraSources[${i}].path ${src.path} ${why} of that source`, "write a folder relative to that repository's root");
    });
  };
  check(app.raw, (p) => p);
  const overrides = app.raw.clusters;
  if (!isPlainObject(overrides)) return;
  // An override that moves the chart or changes its value files: the combination is what Argo CD resolves.
  for (const cluster of Object.keys(overrides)) {
    const o = overrides[cluster];
    if (!isPlainObject(o) || !("path" in o || "valueFiles" in o || "extraSources" in o) || !isEnabled(app, cluster)) continue;
    check(effectiveSpec(app, cluster), (p) => {
      const from = origin(app, cluster, p.slice(0, 1));
      // A base value file that leaves the repository only under this cluster's path: said at the path that moved it.
      return from[0] === "clusters" ? [...from, ...p.slice(1)] : "path" in o && p[0] !== "path" ? ["clusters", cluster, "path"] : p;
    });
  }
}
