/**
 * Talos machine-config patches, one file per node (seed 002): talos/<cluster>/<node>.yaml for every
 * node of clusters.<c>.talos. Secrets stay out: the extensions' tokens are ${VAR} references.
 */
import { nodePatchPlan, type NodePatchPlan } from "../../../model/talos-patch-plan.js";
import type { RenderContext, UnitTarget } from "../../target.js";
import { patchDocuments } from "./documents.js";

export const talosPatches: UnitTarget<NodePatchPlan> = {
  id: "talos-patches",
  layer: "talos",
  layerLabel: "Talos",
  scope: "node",
  description: "talos/<cluster>/<node>.yaml: each node's machine-config patch (interfaces, node-IP pin, resolvers, KubeSpan, extension configs, subnets)",
  diff: { by: "file" },
  units(ctx: RenderContext) {
    const out: NodePatchPlan[] = [];
    for (const c of ctx.model.platform.clusters) {
      if (!c.talos || (ctx.clusters.length > 0 && !ctx.clusters.includes(c.name))) continue;
      for (const n of c.talos.members) {
        const plan = nodePatchPlan(c, c.talos, n);
        if (plan) out.push(plan);
      }
    }
    return out;
  },
  unitName: (p) => `${p.cluster}/${p.node.name}`,
  unitCluster: (p) => p.cluster,
  render: (_ctx, p) => [{ path: `talos/${p.cluster}/${p.node.name}.yaml`, yaml: patchDocuments(p) }],
};
