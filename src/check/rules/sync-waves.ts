import { effectiveSpec, isEnabled, origin } from "../../model/resolve.js";
import type { Rule } from "../rule.js";

const CRS_SUFFIX = "-crs";

/** A <x>-crs app holds custom resources of operator <x>: it must sync in a later wave than <x>. */
export const syncWavesRule: Rule = {
  name: "sync-waves",
  codes: ["HS073"],
  run({ model, report }) {
    for (const crs of model.apps) {
      if (!crs.valid || !crs.name.endsWith(CRS_SUFFIX)) continue;
      const op = model.appByName.get(crs.name.slice(0, -CRS_SUFFIX.length));
      if (!op?.valid) continue;
      const inverted: { cluster: string; crsWave: number; opWave: number }[] = [];
      for (const c of model.platform.clusters) {
        if (!isEnabled(crs, c.name) || !isEnabled(op, c.name)) continue;
        const crsWave = effectiveSpec(crs, c.name).syncWave ?? 0;
        const opWave = effectiveSpec(op, c.name).syncWave ?? 0;
        if (crsWave <= opWave) inverted.push({ cluster: c.name, crsWave, opWave });
      }
      if (inverted.length === 0) continue;
      const first = inverted[0]!;
      const where = { file: crs.file, path: origin(crs, first.cluster, ["syncWave"]) };
      report(
        "HS073",
        `${crs.name} (wave ${first.crsWave}) syncs ${first.crsWave === first.opWave ? "in the same wave as" : "before"} its operator ${op.name} (wave ${first.opWave}) on ${inverted.map((i) => i.cluster).join(", ")}`,
        where,
        `give ${crs.name} a wave above ${first.opWave}, so the operator's CRDs exist first`,
      );
    }
  },
};
