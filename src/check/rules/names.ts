import { CATALOG_VALUES_FILE, SETTINGS_FILE } from "../../load/snapshot.js";
import { chartOrder } from "../../model/chart-order.js";
import { dig } from "../../model/deep-merge.js";
import { applicationName, fullApplicationName, policyName } from "../../model/names.js";
import { explainName, isDns1123Label } from "../../schema/formats/kubernetes-names.js";
import type { Rule, RuleContext } from "../rule.js";

const labelHint = (s: string): string => explainName(s, "label");

/** App folders, namespaces and cluster names are DNS-1123 labels; Application names fit in 63. */
export const namesRule: Rule = {
  name: "names",
  codes: ["HS040", "HS041", "HS042", "HS043", "HS044", "HS045"],
  run(ctx) {
    const { model, report } = ctx;
    settingsNamespaces(ctx);
    for (const c of model.platform.clusters) {
      if (!isDns1123Label(c.name)) {
        report("HS044", `cluster name ${c.name} is not a DNS-1123 label`, { file: c.file, path: c.path, key: true }, labelHint(c.name));
      }
    }
    const byName = new Map<string, string>();
    // In the order the chart renders (and Terraform's fileset lists) the apps: of two with one name, the later one overwrites.
    for (const app of chartOrder(model)) {
      if (!isDns1123Label(app.name)) {
        report(
          "HS040",
          `app folder apps/${app.name} is not a DNS-1123 label, so it cannot name an Application or a NetBird group`,
          app.valid ? { file: app.file, path: ["path"] } : { file: app.file, offset: 0 },
          `rename the folder: ${labelHint(app.name)}`,
        );
      }
      if (!app.valid) continue;
      const namespaces: { ns: string; path: (string | number)[] }[] = [{ ns: app.raw.namespace, path: ["namespace"] }];
      for (const [cluster, o] of Object.entries(app.raw.clusters ?? {})) {
        if (typeof o?.namespace === "string") namespaces.push({ ns: o.namespace, path: ["clusters", cluster, "namespace"] });
      }
      for (const { ns, path } of namespaces) {
        if (!isDns1123Label(ns)) report("HS041", `namespace ${ns} is not a DNS-1123 label`, { file: app.file, path }, labelHint(ns));
      }
      const full = fullApplicationName(model.catalog.applicationNamePrefix, app.name);
      const name = applicationName(model.catalog.applicationNamePrefix, app.name);
      if (full.length > 63) {
        report(
          "HS042",
          `Application name ${full} is ${full.length} characters; it is cut to ${name}`,
          { file: app.file, path: ["path"] },
          "shorten the folder name or applicationNamePrefix",
        );
      }
      const other = byName.get(name);
      if (other !== undefined) {
        report(
          "HS043",
          `apps/${app.name} and apps/${other} both render the Application ${name}`,
          { file: app.file, path: ["path"] },
          "shorten the folder names so they differ within the first 63 characters",
        );
      } else byName.set(name, app.name);
    }
    // app-<name>-<i> of an app with several rules can be app-<name>-<i> of another app's single rule.
    const policies = new Map<string, string>();
    for (const app of chartOrder(model)) {
      if (!app.valid) continue;
      const rules = app.raw.netbird?.policy?.rules ?? [];
      rules.forEach((_r, i) => {
        const name = policyName(app.name, i, rules.length);
        const other = policies.get(name);
        if (other === undefined) {
          policies.set(name, app.name);
          return;
        }
        report(
          "HS045",
          `the NetBird policy ${name} of apps/${app.name} has the name of a policy of apps/${other}`,
          { file: app.file, path: rules.length === 1 ? ["netbird", "policy", "rules"] : ["netbird", "policy", "rules", i] },
          `rename one of the two app folders (policies are named app-<folder> for one rule, app-<folder>-<i> for several)`,
        );
      });
    }
  },
};

/** Where Argo CD runs, as homescale.yaml and apps/values.yaml name it: a namespace like any other. */
function settingsNamespaces({ model, report }: RuleContext): void {
  const places: { file: string; value: unknown }[] = [
    { file: CATALOG_VALUES_FILE, value: dig(model.catalog.values, ["argocd", "namespace"]) },
  ];
  // The default (argocd) is a valid name, so an invalid one was written in homescale.yaml.
  if (model.platform.settingsFile !== undefined) {
    places.push({ file: SETTINGS_FILE, value: model.platform.argocd.namespace });
  }
  for (const { file, value } of places) {
    if (typeof value === "string" && !isDns1123Label(value)) {
      report("HS041", `namespace ${value} is not a DNS-1123 label`, { file, path: ["argocd", "namespace"] }, labelHint(value));
    }
  }
}
