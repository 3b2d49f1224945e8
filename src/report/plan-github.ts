/**
 * The plan as GitHub Actions workflow commands: a notice per change summary line, a warning per plan
 * warning (on the app.yaml it concerns when known), and the markdown in the step summary when the
 * caller writes it to $GITHUB_STEP_SUMMARY.
 */
import type { Plan } from "../plan/plan.js";
import { escapeData, escapeProperty } from "./github.js";
import { summaryText } from "./plan-text.js";

export function formatPlanGithub(plan: Plan, appFile: (app: string) => string | undefined): string {
  let out = "";
  for (const w of plan.warnings) {
    const file = w.app !== undefined ? appFile(w.app) : undefined;
    const props = [...(file !== undefined ? [`file=${escapeProperty(file)}`] : []), `title=${escapeProperty(`homescale plan: ${w.kind}`)}`];
    out += `::warning ${props.join(",")}::${escapeData(w.message)}\n`;
  }
  for (const t of plan.access.removed) out += `::notice title=${escapeProperty("homescale plan: access lost")}::${escapeData(t.key)}\n`;
  for (const e of plan.exposure.removed) out += `::notice title=${escapeProperty("homescale plan: public name removed")}::${escapeData(e.path)}\n`;
  out += `::notice title=homescale plan::${escapeData(plan.summary.changed ? summaryText(plan) : "no changes")}\n`;
  return out;
}
