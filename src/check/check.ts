/** check = load findings + rule findings, located and sorted. Pure over a snapshot. */
import type { Diagnostic, Finding } from "../diag/diagnostic.js";
import { Locator } from "../diag/locate.js";
import type { Snapshot } from "../load/snapshot.js";
import { buildModel, type BuildOptions, type Loaded } from "../model/build-model.js";
import { indexPlatform, type PlatformIndex } from "../platform/index.js";
import { runRules } from "./rule.js";
import { rules } from "./rules/index.js";

export interface CheckResult extends Loaded {
  diagnostics: Diagnostic[];
  /** The model's derived platform, built while checking: commands pass it on instead of deriving it again. */
  index: PlatformIndex;
}

export function checkSnapshot(snap: Snapshot, opts: BuildOptions = {}): CheckResult {
  const loaded = buildModel(snap, opts);
  const index = indexPlatform(loaded.model);
  const findings: Finding[] = [...loaded.findings, ...runRules(rules, index)];
  const diagnostics = new Locator(loaded.sources).locateAll(findings);
  return { ...loaded, diagnostics, index };
}
