/**
 * An app's access block is read by the platform's mesh only: a netbird: block on a Tailscale
 * platform (or tailscale: on NetBird) renders nothing, and its app is reachable by no one.
 */
import type { Rule } from "../rule.js";

export const meshScopeRule: Rule = {
  name: "mesh-scope",
  codes: ["HS167"],
  run({ model, index, report }) {
    const mesh = index.mesh;
    const blocks = (["netbird", "tailscale"] as const).filter((b) => b !== mesh.block);
    for (const app of model.apps) {
      if (!app.valid) continue;
      for (const other of blocks) {
        if (app.raw[other] === undefined) continue;
        if (mesh.block === undefined) {
          report(
            "HS167",
            `${app.name} has a ${other}: block, but the platform has no mesh (mesh: none): it renders nothing`,
            { file: app.file, path: [other], key: true },
            `remove it, or set mesh: ${other} in homescale.yaml`,
          );
          continue;
        }
        report(
          "HS167",
          `${app.name} has a ${other}: block, but the platform's mesh is ${mesh.id}: it renders nothing, and no ${mesh.label} policy admits anyone to ${app.name}`,
          { file: app.file, path: [other], key: true },
          app.raw[mesh.block] === undefined ? `rename it to ${mesh.block}: (the rules have the same shape), or set mesh: ${other} in homescale.yaml` : `remove it: the ${mesh.block}: block is the one read`,
        );
      }
    }
  },
};
