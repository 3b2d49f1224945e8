import type { PathSegment } from "../../diag/diagnostic.js";
import { evaluateTemplate, templateOf, templateStrings } from "../../model/template-values.js";
import { isPlainObject } from "../../core/own.js";
import { isEnabled, templateData } from "../../model/resolve.js";
import { SUPPORTED_FUNCTIONS, TemplateError } from "../../gotpl/template.js";
import type { Cluster } from "../../model/types.js";
import type { Rule } from "../rule.js";

const TEMPLATED_FIELDS = ["values", "labels", "annotations", "ignoreDifferences"] as const;

const HINT = `supported: {{ .Values.<path> }}, string literals, if/else/end and ${SUPPORTED_FUNCTIONS.join(", ")}`;

/**
 * Template expressions in values must be within the supported subset, and must evaluate on every
 * cluster where the app runs (a comparison of a string with a number fails only at render time).
 */
export const templatesRule: Rule = {
  name: "templates",
  codes: ["HS070"],
  run({ model, report }) {
    // evaluateTemplate evaluates each text once per cluster (the same few repeat in thousands of
    // apps) and keeps the result for render.
    const evaluate = (text: string, c: Cluster): void => void evaluateTemplate(text, templateData(model.catalog, c));
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
      const enabledOn = model.platform.clusters.filter((c) => isEnabled(app, c.name));
      for (const p of places) {
        try {
          templateOf(p.text); // a syntax error is reported even where the app runs nowhere
          for (const c of enabledOn) if (p.cluster === undefined || p.cluster === c.name) evaluate(p.text, c);
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          report("HS070", e.message, { file: app.file, path: p.path, key: p.key, needle: e.action }, HINT);
        }
      }
    }
  },
};
