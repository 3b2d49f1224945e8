/** docs/topology.md: the platform drawn, from the same routes trace walks. */
import type { PlatformTarget } from "../../target.js";
import { renderTopology } from "./topology.js";

export const topologyDoc: PlatformTarget = {
  id: "topology-doc",
  layer: "docs",
  layerLabel: "Docs",
  scope: "platform",
  description: "docs/topology.md: mermaid diagrams of the clusters by sync wave, the public paths and the mesh access",
  diff: { by: "none", why: "a drawing of what the other layers render; their changes are the plan" },
  render: (ctx) => [{ path: "docs/topology.md", text: renderTopology(ctx.index) }],
};
