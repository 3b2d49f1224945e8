import type { PathSegment } from "../../diag/diagnostic.js";
import { isEnabled, templateData, templateOf, templateStrings } from "../../model/resolve.js";
import { renderTemplate, SUPPORTED_FUNCTIONS, TemplateError } from "../../model/template.js";
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
    for (const app of model.apps) {
      if (!app.valid) continue;
      const places: { path: PathSegment[]; text: string; key: boolean; cluster?: string }[] = [];
      // The fields the renderer evaluates, as Helm's chart did: values, labels, annotations, ignoreDifferences.
      for (const field of TEMPLATED_FIELDS) {
        for (const t of templateStrings(app.raw[field], [field])) places.push(t);
        for (const [cluster, o] of Object.entries(app.raw.clusters ?? {})) {
          for (const t of templateStrings((o as Record<string, unknown> | undefined)?.[field], ["clusters", cluster, field])) places.push({ ...t, cluster });
        }
      }
      for (const p of places) {
        try {
          const tpl = templateOf(p.text);
          for (const c of model.platform.clusters) {
            if (p.cluster !== undefined && p.cluster !== c.name) continue;
            if (!isEnabled(app, c.name)) continue;
            renderTemplate(tpl, templateData(model.catalog, c));
          }
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          report("HS070", e.message, { file: app.file, path: p.path, key: p.key, needle: e.action }, HINT);
        }
      }
    }
  },
};
