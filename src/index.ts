/** The library API: load, check and the model, for tools built on homescale. */
export { checkSnapshot, type CheckResult } from "./check/check.js";
export type { Diagnostic, Severity } from "./diag/diagnostic.js";
export { codes, type Code } from "./diag/codes.js";
export { readFolder } from "./load/read-folder.js";
export type { Snapshot } from "./load/snapshot.js";
export { buildModel } from "./model/build-model.js";
export type { App, Catalog, Cluster, Model, Platform } from "./model/types.js";
export { effectiveSpec, isEnabled, resolveAll } from "./model/resolve.js";
