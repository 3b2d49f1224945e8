/**
 * The CI build matrix (seed 001): an image target for every app folder with a Chart.yaml and a
 * Dockerfile (apps/<n>/Dockerfile or apps/<n>/src/Dockerfile), a chart target for every app with
 * a Chart.yaml. With a set of changed paths, only apps whose folder changed.
 */
import type { Model } from "../../../model/types.js";

export interface MatrixEntry {
  app: string;
  kind: "image" | "chart";
  /** The folder to build in. */
  context: string;
  dockerfile?: string;
  chart?: string;
  image?: string;
}

export interface BuildMatrix {
  include: MatrixEntry[];
}

export const DEFAULT_IMAGE_REGISTRY = "ghcr.io/homescalecloud";

export function buildMatrix(model: Model, opts: { changed?: ReadonlySet<string>; registry?: string } = {}): BuildMatrix {
  const registry = opts.registry ?? DEFAULT_IMAGE_REGISTRY;
  const changedApps = opts.changed ? appsTouched(opts.changed) : undefined;
  const include: MatrixEntry[] = [];
  for (const app of model.apps) {
    if (!app.hasChart) continue;
    if (changedApps && !changedApps.has(app.name)) continue;
    const folder = `apps/${app.name}`;
    if (app.dockerfile !== undefined) {
      const context = app.dockerfile.slice(0, app.dockerfile.lastIndexOf("/"));
      include.push({ app: app.name, kind: "image", context, dockerfile: app.dockerfile, image: `${registry}/${app.name}` });
    }
    include.push({ app: app.name, kind: "chart", context: folder, chart: folder });
  }
  return { include };
}

/** App folder names under apps/ that a list of changed paths touches. */
export function appsTouched(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const m = /^apps\/([^/]+)\//.exec(p);
    if (m) out.add(m[1]!);
  }
  return out;
}
