/**
 * The Omni cluster templates as omnictl takes them (seed 001): for each cluster with a
 * clusters/<c>/cluster.yaml, the folder HomeScale's CI builds in a temporary directory before
 * `omnictl cluster template sync -f <dir>/cluster.yaml`: the template, and beside it the patch
 * files it names, each with CI's variables substituted. The template itself stays the source;
 * this copy is what Omni receives, so `plan` diffs it line by line, and CI can sync it as it is.
 */
import { substituteText } from "../../../model/omni-substitute.js";
import type { ClusterTarget, Output } from "../../target.js";

export const omniTemplates: ClusterTarget = {
  id: "omni-templates",
  layer: "omni",
  layerLabel: "Omni",
  scope: "cluster",
  stream: false,
  description: "omni/<cluster>/cluster.yaml and the patches beside it: the template and its file patches as CI hands them to omnictl (variables substituted)",
  diff: { by: "file" },
  render(ctx, view) {
    const omni = ctx.model.omni;
    const t = omni?.templates.find((x) => x.cluster === view.cluster.name);
    if (!omni || !t) return [];
    const dir = `omni/${t.cluster}`;
    const out: Output[] = [{ path: `${dir}/cluster.yaml`, text: substituteText(t.source.text, t.substitutions) }];
    const written = new Set<string>();
    for (const p of t.patches) {
      if (p.resolved === undefined || p.file === undefined || written.has(p.resolved)) continue;
      written.add(p.resolved);
      const text = omni.patchTexts.get(p.resolved);
      if (text === undefined) continue;
      out.push({ path: `${dir}/${omni.settings.patchesAs}/${p.resolved.slice(omni.settings.patches.length + 1)}`, text: substituteText(text, t.substitutions) });
    }
    return out;
  },
};
