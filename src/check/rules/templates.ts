import type { PathSegment } from "../../diag/diagnostic.js";
import { CATALOG_DIR, CATALOG_VALUES_FILE } from "../../load/snapshot.js";
import { checkTemplate, templateOf, templateStrings } from "../../model/template-values.js";
import { isPlainObject } from "../../core/own.js";
import { isEnabled, templateData } from "../../model/resolve.js";
import { hasTemplate, SUPPORTED_FUNCTIONS, TemplateError } from "../../gotpl/template.js";
import type { Rule, RuleContext } from "../rule.js";

const TEMPLATED_FIELDS = ["values", "labels", "annotations", "ignoreDifferences"] as const;

const HINT = `supported: {{ .Values.<path> }}, string literals, if/else/end and ${SUPPORTED_FUNCTIONS.join(", ")}`;

/**
 * Template expressions in values must be within the supported subset, and must evaluate on every
 * cluster where the app runs (a comparison of a string with a number fails only at render time).
 */
export const templatesRule: Rule = {
  name: "templates",
  codes: ["HS070", "HS081", "HS166"],
  run(ctx) {
    const { model, report } = ctx;
    unevaluated(ctx);
    // Each template must evaluate on each cluster the app runs on (checkTemplate looks a simple
    // template's fields up once per cluster, and keeps any other's result for render).
    const dataOf = new Map(model.platform.clusters.map((c) => [c.name, templateData(model.catalog, c)] as const));
    for (const app of model.apps) {
      if (!app.valid) continue;
      const places: { path: PathSegment[]; text: string; key: boolean; cluster?: string }[] = [];
      const overrides = isPlainObject(app.raw.clusters) ? app.raw.clusters : {};
      // The fields the renderer evaluates, as Helm's chart did: values, labels, annotations, ignoreDifferences.
      // (Paths are made only for fields that are there: most overrides set none of them.)
      for (const field of TEMPLATED_FIELDS) {
        if (app.raw[field] !== undefined) templateStrings(app.raw[field], [field], places);
        for (const cluster of Object.keys(overrides)) {
          const o = overrides[cluster];
          if (!isPlainObject(o) || o[field] === undefined) continue;
          for (const t of templateStrings(o[field], ["clusters", cluster, field])) places.push({ ...t, cluster });
        }
      }
      if (places.length === 0) continue;
      const enabledOn = model.platform.clusters.filter((c) => isEnabled(app, c.name)).map((c) => dataOf.get(c.name)!);
      for (const p of places) {
        missingChartFiles(ctx, app.file, p);
        try {
          templateOf(p.text); // a syntax error is reported even where the app runs nowhere
          // An override's template is evaluated on its own cluster alone (if the app runs there).
          const on = p.cluster === undefined ? enabledOn : isEnabled(app, p.cluster) && dataOf.has(p.cluster) ? [dataOf.get(p.cluster)!] : [];
          checkTemplate(p.text, on);
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          report("HS070", e.message, { file: app.file, path: p.path, key: p.key, needle: e.action }, HINT);
        }
      }
    }
  },
};

/**
 * Fields the catalog chart copies into the Application without `tpl` (`default $.Values.repoURL
 * $app.repoURL`, toYaml of syncPolicy and extra sources): a template there reaches Argo CD as
 * written, braces and all. Read by neither engine, it is almost always a mistake.
 */
const UNEVALUATED_APP_FIELDS = ["project", "repoURL", "targetRevision", "destination", "syncOptions", "syncPolicy", "valueFiles", "extraSources"] as const;
const UNEVALUATED_CATALOG_FIELDS = ["project", "repoURL", "targetRevision", "destination", "syncOptions", "syncPolicy"] as const;

function unevaluated({ model, report }: RuleContext): void {
  const warn = (file: string, place: { path: PathSegment[]; text: string; key: boolean }): void => {
    report(
      "HS081",
      `${String(place.path[place.path[0] === "clusters" ? 2 : 0])} holds a template expression, but the catalog chart does not evaluate it there: Argo CD gets ${JSON.stringify(place.text.length > 60 ? `${place.text.slice(0, 60)}…` : place.text)} as written`,
      { file, path: place.path, key: place.key, needle: "{{" },
      "write the value itself; templates are evaluated only in values, labels, annotations and ignoreDifferences",
    );
  };
  if (model.catalog.file !== undefined) {
    for (const f of UNEVALUATED_CATALOG_FIELDS) for (const p of stringsWithTemplates(model.catalog.values[f], [f])) warn(CATALOG_VALUES_FILE, p);
  }
  for (const app of model.apps) {
    if (!app.valid) continue;
    const raw = app.raw as Record<string, unknown>;
    for (const f of UNEVALUATED_APP_FIELDS) if (raw[f] !== undefined) for (const p of stringsWithTemplates(raw[f], [f])) warn(app.file, p);
    const overrides = isPlainObject(app.raw.clusters) ? app.raw.clusters : {};
    for (const cluster of Object.keys(overrides)) {
      const o = overrides[cluster];
      if (!isPlainObject(o)) continue;
      for (const f of UNEVALUATED_APP_FIELDS) if (o[f] !== undefined) for (const p of stringsWithTemplates(o[f], ["clusters", cluster, f])) warn(app.file, p);
    }
  }
}

/** Every string (key or value) holding `{{` in a tree, with its path. */
function stringsWithTemplates(v: unknown, path: PathSegment[], out: { path: PathSegment[]; text: string; key: boolean }[] = []) {
  if (typeof v === "string") {
    if (hasTemplate(v)) out.push({ path: [...path], text: v, key: false });
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => stringsWithTemplates(item, [...path, i], out));
  } else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      if (hasTemplate(k)) out.push({ path: [...path, k], text: k, key: true });
      stringsWithTemplates(v[k], [...path, k], out);
    }
  }
  return out;
}

const FILES_GET = /Files\.Get\s+["`]([^"`]+)["`]/g;

/**
 * `.Files.Get` of a file the repository does not have reads "" in Helm, silently: a checksum of
 * nothing, a config of nothing. Only literal paths are read (the subset requires one).
 */
function missingChartFiles({ model, report }: RuleContext, file: string, place: { path: PathSegment[]; text: string; key: boolean }): void {
  if (!place.text.includes("Files.Get")) return;
  const missing = [...place.text.matchAll(FILES_GET)]
    .map((m) => m[1]!)
    .filter((path) => !path.startsWith("/") && !path.split("/").includes("..") && !model.catalog.chartFiles?.has(path));
  if (missing.length === 0) return;
  const shown = [...new Set(missing)].map((p) => `${CATALOG_DIR}/${p}`);
  report(
    "HS166",
    `.Files.Get reads ${shown.join(", ")}, ${shown.length === 1 ? "which is" : "which are"} not in the repository: Helm reads ${shown.length === 1 ? "it" : "each"} as "" (a checksum of ${shown.length === 1 ? "it" : "them"} is the checksum of nothing)`,
    { file, path: place.path, key: place.key, needle: missing[0]! },
    `add the ${shown.length === 1 ? "file" : "files"}, or correct the path (relative to ${CATALOG_DIR}/, the catalog chart)`,
  );
}
