import { closest } from "../../diag/suggest.js";
import { SETTINGS_FILE } from "../../load/snapshot.js";
import type { Rule } from "../rule.js";

/** Policy sources are configured keywords or app:<name> of an existing app (the mesh provider says which). */
export const sourceRefsRule: Rule = {
  name: "source-refs",
  codes: ["HS051", "HS052"],
  run({ model, index, report }) {
    const { mesh } = index;
    const keywords = mesh.keywords();
    const appNames = model.apps.map((a) => a.name);
    for (const p of mesh.policies()) {
      // homescale.yaml's own grants (Tailscale) are platform-refs' to check.
      if (p.decl.file === SETTINGS_FILE) continue;
      for (const s of p.sources) {
        if (s.principal !== undefined) continue;
        const ref = mesh.parseSource(s.source);
        if (ref.kind === "identifier") continue; // a policy identifier that names nothing: the tailscale rule's (HS168)
        if (ref.kind === "app") {
          const guess = closest(ref.app, appNames);
          report("HS052", `${s.source} names no app (no apps/${ref.app}/app.yaml)`, s.decl, guess !== undefined ? `did you mean app:${guess}?` : undefined);
          continue;
        }
        const guess = closest(s.source, [...keywords, ...appNames.map((a) => `app:${a}`)]);
        report(
          "HS051",
          `source ${s.source} is not one of the configured sources (${keywords.join(", ")}, app:<name>)`,
          s.decl,
          guess !== undefined
            ? `did you mean ${guess}?`
            : model.platform.settingsFile
              ? `add it under ${mesh.block}.sources in homescale.yaml`
              : `configure more sources under ${mesh.block}.sources in homescale.yaml`,
        );
      }
    }
  },
};
