import { CATALOG_VALUES_FILE, SETTINGS_FILE } from "../../load/snapshot.js";
import { dig } from "../../model/deep-merge.js";
import type { Rule } from "../rule.js";

/** apps/values.yaml and homescale.yaml must not disagree on where Argo CD runs. */
export const catalogSettingsRule: Rule = {
  name: "catalog-settings",
  codes: ["HS075"],
  run({ model, report }) {
    const fromValues = dig(model.catalog.values, ["argocd", "namespace"]);
    if (typeof fromValues !== "string" || !model.platform.settingsFile) return;
    const fromSettings = model.platform.argocd.namespace;
    if (fromValues === fromSettings) return;
    report(
      "HS075",
      `apps/values.yaml puts Applications in namespace ${fromValues}, but ${SETTINGS_FILE} says Argo CD runs in ${fromSettings}`,
      { file: CATALOG_VALUES_FILE, path: ["argocd", "namespace"] },
      "make the two agree",
    );
  },
};
