import { namespacesOn } from "../../model/namespaces.js";
import type { Rule } from "../rule.js";

/** Apps sharing a namespace on a cluster must agree on its Pod Security level. */
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
          report(
            "HS074",
            `${conflict.app.name} sets podSecurity ${conflict.level} on namespace ${ns.name}, but ${ns.levelFrom!.name} sets ${ns.podSecurity} (first in folder order wins)`,
            { file: conflict.app.file, path: conflict.path },
            "give every app in the namespace the same podSecurity",
          );
        }
      }
    }
  },
};
