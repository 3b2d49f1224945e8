import { SETTINGS_FILE } from "../../load/snapshot.js";
import { whereOf } from "../../model/omni-types.js";
import type { Rule } from "../rule.js";

/**
 * etcd keeps a quorum of a majority: two members tolerate no failure, as one does, but need both
 * up; so a control plane has one node, or three and more. Counted where the control plane is
 * declared: the Talos nodes of homescale.yaml and an Omni template's ControlPlane.
 */
export const etcdQuorumRule: Rule = {
  name: "etcd-quorum",
  codes: ["HS137"],
  run(ctx) {
    const message = (where: string) => `${where} has two control-plane nodes: etcd needs a majority, so losing either stops the cluster; run 1, or 3 and more`;
    const hint = "add a third control-plane node, or make one a worker";
    for (const c of ctx.model.platform.clusters) {
      const cps = c.talos?.members.filter((n) => n.controlPlane) ?? [];
      if (cps.length !== 2) continue;
      ctx.report("HS137", message(`clusters.${c.name}.talos`), { file: SETTINGS_FILE, path: ["clusters", c.name, "talos", "nodes", cps[1]!.index, "controlPlane"] }, hint);
    }
    for (const t of ctx.model.omni?.templates ?? []) {
      for (const s of t.sets) {
        if (s.kind !== "ControlPlane") continue;
        if (s.machineClass?.size === "2") ctx.report("HS137", message(`the ControlPlane of ${t.file}`), whereOf(s.machineClass.at, ["size"]), "set machineClass.size to 1, or 3 and more");
        else if (s.machines.length === 2) ctx.report("HS137", message(`the ControlPlane of ${t.file}`), whereOf(s.at, ["machines", 1]), hint);
      }
    }
  },
};
