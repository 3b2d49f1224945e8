import { chartPath } from "../../model/chart-order.js";
import { namespacesOn } from "../../model/namespaces.js";
import type { Rule } from "../rule.js";

/**
 * Apps sharing a namespace on a cluster must agree on its Pod Security level: the Namespace gets
 * the level of the app the catalog chart meets first (model/namespaces.ts), and only that one.
 */
export const namespacesRule: Rule = {
  name: "namespaces",
  codes: ["HS074"],
  run({ model, report }) {
    const reported = new Set<string>();
    for (const c of model.platform.clusters) {
      for (const ns of namespacesOn(model, c.name)) {
        for (const conflict of ns.conflicts) {
          const key = `${conflict.app.file}\0${ns.name}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const first = ns.levelFrom;
          const gets = ns.podSecurity === undefined ? "sets none, so the Namespace gets no pod-security labels" : `sets ${ns.podSecurity}, so the Namespace gets ${ns.podSecurity}`;
          report(
            "HS074",
            `${conflict.app.name} sets podSecurity ${conflict.level} on namespace ${ns.name}, but ${first.name} makes that Namespace (the catalog chart meets apps/${chartPath(first.name)} first) and ${gets}`,
            { file: conflict.app.file, path: conflict.path },
            `give every app in ${ns.name} the same podSecurity, or set podSecurity: ${conflict.level} on ${first.name}`,
          );
        }
      }
    }
  },
};
