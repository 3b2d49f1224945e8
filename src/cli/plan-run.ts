/**
 * Reading and planning two revisions, shared by `plan` and `serve`'s plan page, so both give the
 * same plan and the same JSON document for the same revisions. Git and the folder are read here;
 * the plan itself is the pure core's (plan/plan.ts).
 */
import { checkSnapshot, type CheckResult } from "../check/check.js";
import type { Diagnostic } from "../diag/diagnostic.js";
import { GitError } from "../git/git.js";
import { readFolder, RepoNotFoundError } from "../load/read-folder.js";
import { readRevision, type BlobCache } from "../load/read-git.js";
import type { Snapshot } from "../load/snapshot.js";
import type { ParseCache } from "../parse/parse-yaml.js";
import { planModels, type Plan, type RevisionInfo } from "../plan/plan.js";
import { UsageError } from "./io.js";

export interface PlanSideResult {
  info: RevisionInfo;
  result: CheckResult;
}

export type Which = "base" | "head";

/** A revision (undefined: the working tree) read and checked; a bad revision is a UsageError. */
export function loadPlanSide(repo: string, rev: string | undefined, cache: ParseCache, blobs: BlobCache): PlanSideResult {
  let snap: Snapshot;
  let info: RevisionInfo;
  try {
    if (rev === undefined) {
      snap = readFolder(repo);
      info = { label: "working tree" };
    } else {
      const r = readRevision(repo, rev, blobs);
      snap = r;
      info = { label: rev === r.commit ? r.commit.slice(0, 12) : `${rev} (${r.commit.slice(0, 12)})`, commit: r.commit };
    }
  } catch (e) {
    if (e instanceof GitError || e instanceof RepoNotFoundError) throw new UsageError(e.message);
    throw e;
  }
  return { info, result: checkSnapshot(snap, { cache }) };
}

/** A side's diagnostics, each tagged with the revision it comes from. */
export function taggedDiagnostics(side: PlanSideResult, which: Which): (Diagnostic & { revision: string })[] {
  return side.result.diagnostics.map((d) => ({ ...d, revision: `${which} ${side.info.label}` }));
}

/** The plan of two checked sides, or the sides with errors (no plan is made over a broken revision). */
export type PlanOutcome = { ok: true; plan: Plan } | { ok: false; failed: [PlanSideResult, Which][] };

export function planSides(base: PlanSideResult, head: PlanSideResult): PlanOutcome {
  const failed: [PlanSideResult, Which][] = [];
  if (base.result.diagnostics.some((d) => d.severity === "error")) failed.push([base, "base"]);
  if (head.result.diagnostics.some((d) => d.severity === "error")) failed.push([head, "head"]);
  if (failed.length > 0) return { ok: false, failed };
  const plan = planModels(
    { model: base.result.model, index: base.result.index, sources: base.result.sources, info: base.info },
    { model: head.result.model, index: head.result.index, sources: head.result.sources, info: head.info },
    taggedDiagnostics(head, "head"),
  );
  return { ok: true, plan };
}

/** `plan --format json`'s document, for either outcome. */
export function planJson(outcome: PlanOutcome): unknown {
  if (outcome.ok) return outcome.plan;
  const diagnostics = outcome.failed.flatMap(([s, w]) => taggedDiagnostics(s, w));
  return { diagnostics, changes: [], access: { added: [], removed: [] }, exposure: { added: [], removed: [] } };
}
