/** The CI build matrix (seed 001): image and chart targets for GitHub Actions. */
import type { PlatformTarget } from "../../target.js";
import { buildMatrix } from "./build-matrix.js";

export const ciMatrix: PlatformTarget = {
  id: "ci-matrix",
  layer: "ci",
  layerLabel: "CI",
  scope: "platform",
  description: "ci/build-matrix.json: image targets (apps with a Chart.yaml and a Dockerfile) and chart targets",
  diff: { by: "none", why: "the build matrix follows the app folders, whose changes the other layers show; `ci matrix --changed-since` answers what CI builds" },
  render: (ctx) => [{ path: "ci/build-matrix.json", json: buildMatrix(ctx.model) }],
};
