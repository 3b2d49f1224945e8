import type { Rule } from "../rule.js";

/** path: apps/<x> must be an app folder that exists; a typo there breaks the Application only at sync. */
export const appLayoutRule: Rule = {
  name: "app-layout",
  codes: ["HS077"],
  run({ model, report }) {
    for (const app of model.apps) {
      if (!app.valid) continue;
      const m = /^apps\/([^/]+)\/?$/.exec(app.raw.path);
      if (!m || model.appByName.has(m[1]!)) continue;
      report(
        "HS077",
        `path ${app.raw.path} is not a folder of this repository's catalog`,
        { file: app.file, path: ["path"] },
        `did you mean apps/${app.name}?`,
      );
    }
  },
};
