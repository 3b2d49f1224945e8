import { SETTINGS_FILE } from "../../load/snapshot.js";
import { whereOf, type OmniTemplate } from "../../model/omni-types.js";
import { kubernetesVersionProblem, parseTolerant, talosVersionProblem } from "../../schema/talos/versions.js";
import type { Rule, RuleContext } from "../rule.js";

/**
 * Versions, where they are written: an Omni template's Talos version (with its `v`, as omnictl
 * wants it) and Kubernetes version (semver), the two supported together (Talos's compatibility
 * ranges), features that need a newer Talos; and the Talos version of each clusters.<c>.talos,
 * which decides the shape of the node patches, so homescale must know its documents.
 */
export const talosVersionsRule: Rule = {
  name: "talos-versions",
  codes: ["HS126"],
  run(ctx) {
    for (const t of ctx.model.omni?.templates ?? []) template(ctx, t);
    for (const c of ctx.model.platform.clusters) {
      const v = c.talos?.version;
      const problem = v !== undefined ? talosVersionProblem(v) : undefined;
      if (problem !== undefined) ctx.report("HS126", problem, { file: SETTINGS_FILE, path: ["clusters", c.name, "talos", "version"] }, "write the Talos version the nodes run, v1.10.0 to v1.14.x");
    }
  },
};

function template(ctx: RuleContext, t: OmniTemplate): void {
  const r = ctx.report;
  for (const c of t.clusters) {
    const tv = c.talosVersion;
    const talosOk = tv !== undefined && talosVersionProblem(tv) === undefined;
    if (tv === undefined || tv === "") r("HS126", "the Cluster needs talos.version", whereOf(c.at, ["talos"], true), "e.g. talos: {version: v1.13.4}");
    else {
      const problem = talosVersionProblem(tv);
      if (problem !== undefined) r("HS126", problem, whereOf(c.at, ["talos", "version"]));
    }
    const kv = c.kubernetesVersion;
    if (kv === undefined || kv === "") r("HS126", "the Cluster needs kubernetes.version", whereOf(c.at, ["kubernetes"], true), "e.g. kubernetes: {version: v1.36.2}");
    else {
      const problem = kubernetesVersionProblem(kv, talosOk ? parseTolerant(tv!) : undefined);
      if (problem !== undefined) r("HS126", problem, whereOf(c.at, ["kubernetes", "version"]), "pick a Kubernetes version the Talos version supports, or change both");
    }
    const talos = talosOk ? parseTolerant(tv!) : undefined;
    if (c.features.disablePublicDiscoveryService === true && talos !== undefined && talos.minor < 14) {
      r("HS126", `features.disablePublicDiscoveryService needs Talos 1.14 or later; the Cluster runs ${tv}`, whereOf(c.at, ["features", "disablePublicDiscoveryService"]));
    }
  }
}
