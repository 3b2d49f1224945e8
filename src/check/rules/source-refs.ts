import { APP_SOURCE_PREFIX } from "../../model/defaults.js";
import { closest } from "../../diag/suggest.js";
import type { Rule } from "../rule.js";

/** Policy sources are configured keywords or app:<name> of an existing app. */
export const sourceRefsRule: Rule = {
  name: "source-refs",
  codes: ["HS051", "HS052"],
  run({ model, report }) {
    const keywords = [...model.platform.sources.keys()];
    const appNames = model.apps.map((a) => a.name);
    for (const app of model.apps) {
      if (!app.valid) continue;
      const rules = app.raw.netbird?.policy?.rules ?? [];
      rules.forEach((rule, i) => {
        rule.sources.forEach((src, j) => {
          const where = { file: app.file, path: ["netbird", "policy", "rules", i, "sources", j] };
          if (src.startsWith(APP_SOURCE_PREFIX)) {
            const target = src.slice(APP_SOURCE_PREFIX.length);
            if (model.appByName.has(target)) return;
            const guess = closest(target, appNames);
            report("HS052", `${src} names no app (no apps/${target}/app.yaml)`, where, guess !== undefined ? `did you mean app:${guess}?` : undefined);
            return;
          }
          if (model.platform.sources.has(src)) return;
          const guess = closest(src, [...keywords, ...appNames.map((a) => APP_SOURCE_PREFIX + a)]);
          report(
            "HS051",
            `source ${src} is not one of the configured sources (${keywords.join(", ")}, app:<name>)`,
            where,
            guess !== undefined
              ? `did you mean ${guess}?`
              : model.platform.settingsFile
                ? "add it under netbird.sources in homescale.yaml"
                : "configure more sources under netbird.sources in homescale.yaml",
          );
        });
      });
    }
  },
};
