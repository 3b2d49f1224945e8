/** The mesh providers, and which one a platform uses. */
import type { Model } from "../../model/types.js";
import { NetbirdMesh } from "./netbird.js";
import { NoMesh } from "./none.js";

/** Every provider; narrow on `id` for what only one of them has. */
export type Mesh = NetbirdMesh | NoMesh;

export function meshOf(model: Model): Mesh {
  return model.platform.mesh === "none" ? new NoMesh() : new NetbirdMesh(model);
}
