import { closest } from "../../diag/suggest.js";
import { CATALOG_VALUES_FILE, SETTINGS_FILE } from "../../load/snapshot.js";
import { dig } from "../../model/deep-merge.js";
import { isPlainObject } from "../../core/own.js";
import { templateStrings } from "../../model/template-values.js";
import { enabledClusters } from "../../model/resolve.js";
import type { Model } from "../../model/types.js";
import { CatalogSchema } from "../../schema/catalog.js";
import type { Rule, RuleContext } from "../rule.js";

/**
 * apps/values.yaml, the catalog's defaults: it must give the Applications a repository, its keys
 * are the chart's (a misspelt one is silently ignored by the chart), and it must not disagree with
 * homescale.yaml on where Argo CD runs.
 */
export const catalogSettingsRule: Rule = {
  name: "catalog-settings",
  codes: ["HS075", "HS079", "HS080"],
  run(ctx) {
    argocdNamespace(ctx);
    repoURL(ctx);
    unknownKeys(ctx);
  },
};

function argocdNamespace({ model, report }: RuleContext): void {
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
}

/**
 * The chart's `default $.Values.repoURL $app.repoURL`: an app without its own repoURL gets the
 * catalog's, and an empty, null or missing one in apps/values.yaml gives an Application that Argo CD
 * rejects (as it does the bootstrap, which falls back to it too).
 */
function repoURL({ model, report }: RuleContext): void {
  const { catalog, platform } = model;
  // Without apps/values.yaml there is no catalog file to fix (small repositories, tests): nothing to say here.
  if (catalog.repoURL !== "" || catalog.unreadable === true || catalog.file === undefined) return;
  const relying = model.apps.filter((a) => a.valid && (a.raw.repoURL ?? "") === "" && enabledClusters(model, a).length > 0);
  const bootstrap = platform.argocd.repoURL === undefined && platform.clusters.length > 0;
  if (relying.length === 0 && !bootstrap) return;
  const what = [relying.length > 0 ? `the Applications of ${relying.length} app${relying.length === 1 ? "" : "s"}` : "", bootstrap ? "the bootstrap" : ""]
    .filter((s) => s !== "")
    .join(" and ");
  const raw = Object.hasOwn(catalog.values, "repoURL") ? catalog.values.repoURL : undefined;
  const state = raw === undefined ? "has no repoURL" : raw === null ? "sets repoURL to null" : "sets repoURL to an empty string";
  report(
    "HS079",
    `apps/values.yaml ${state}, so ${what} get no repository`,
    { file: CATALOG_VALUES_FILE, path: raw === undefined ? [] : ["repoURL"], key: raw !== undefined },
    "set repoURL: to the repository that holds the app charts, e.g. https://github.com/example/platform.git",
  );
}

const KNOWN_KEYS = Object.keys((CatalogSchema as unknown as { properties: Record<string, unknown> }).properties);

/**
 * apps/values.yaml is a Helm values file, so any key may be there for templates to read as
 * .Values.<key>; a key that no template reads and the chart does not know does nothing, which is
 * how a misspelt `targetRevison` goes unnoticed.
 */
function unknownKeys({ model, report }: RuleContext): void {
  const { catalog } = model;
  if (catalog.file === undefined) return;
  // Generation 2's chart reads apps (the per-cluster toggles and values the bootstraps set).
  const known = catalog.generation?.generation === 2 ? [...KNOWN_KEYS, "apps"] : KNOWN_KEYS;
  const unknown = Object.keys(catalog.values).filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const read = keysReadByTemplates(model);
  for (const key of unknown) {
    if (read.has(key)) continue;
    const guess = closest(key, KNOWN_KEYS);
    report(
      "HS080",
      `apps/values.yaml has a key ${key} that the catalog does not know and no template reads, so it does nothing`,
      { file: CATALOG_VALUES_FILE, path: [key], key: true },
      guess !== undefined ? `did you mean ${guess}?` : `known keys: ${KNOWN_KEYS.join(", ")}; templates read others as {{ .Values.${key} }}`,
    );
  }
}

const TEMPLATED_FIELDS = ["values", "labels", "annotations", "ignoreDifferences"] as const;
const VALUES_KEY = /\.Values\.([A-Za-z_][A-Za-z0-9_]*)|index\s+\.Values\s+"([^"]+)"/g;

/** The top-level keys of .Values that some app's templates mention. Walked only when apps/values.yaml has unknown keys. */
function keysReadByTemplates(model: Model): Set<string> {
  const out = new Set<string>();
  for (const app of model.apps) {
    if (!app.valid) continue;
    const trees: unknown[] = TEMPLATED_FIELDS.map((f) => app.raw[f]);
    const overrides = isPlainObject(app.raw.clusters) ? app.raw.clusters : {};
    for (const o of Object.values(overrides)) if (isPlainObject(o)) for (const f of TEMPLATED_FIELDS) trees.push(o[f]);
    for (const tree of trees) {
      if (tree === undefined) continue;
      for (const t of templateStrings(tree)) for (const m of t.text.matchAll(VALUES_KEY)) out.add(m[1] ?? m[2]!);
    }
  }
  return out;
}
