/** The mesh providers, and which one a platform uses (homescale.yaml mesh). */
import type { App, Model } from "../../model/types.js";
import type { Placement } from "../placement.js";
import { NetbirdMesh } from "./netbird.js";
import { NoMesh } from "./none.js";
import { TailscaleMesh } from "./tailscale.js";

/** Every provider; narrow on `id` for what only one of them has. */
export type Mesh = NetbirdMesh | TailscaleMesh | NoMesh;

/**
 * `placements`: every app on every cluster (the index's), for what the apps' charts declare on the
 * mesh; `placementsOf`: one app's, so that a mesh reads only the apps whose charts declare something.
 */
export function meshOf(model: Model, placements: () => readonly Placement[] = () => [], placementsOf: (app: App) => readonly Placement[] = (a) => placements().filter((p) => p.app === a)): Mesh {
  if (model.platform.mesh === "none") return new NoMesh();
  return model.platform.mesh === "tailscale" ? new TailscaleMesh(model, placements) : new NetbirdMesh(model, placementsOf);
}
