/**
 * A check rule: a small named function over the model that reports findings with codes it owns
 * (changesets' config rules habit). Rules only see valid apps unless they ask for all.
 */
import type { Code } from "../diag/codes.js";
import { codes } from "../diag/codes.js";
import type { Finding, Where } from "../diag/diagnostic.js";
import type { Model } from "../model/types.js";
import type { PlatformIndex } from "../platform/index.js";

export interface RuleContext {
  model: Model;
  /** The derived platform (routes, mesh): rules read it, never derive it again. */
  index: PlatformIndex;
  report(code: Code, message: string, where: Where, hint?: string): void;
}

export interface Rule {
  name: string;
  codes: readonly Code[];
  run(ctx: RuleContext): void;
}

export function runRules(rules: readonly Rule[], index: PlatformIndex): Finding[] {
  const { model } = index;
  const out: Finding[] = [];
  for (const rule of rules) {
    const ctx: RuleContext = {
      model,
      index,
      report(code, message, where, hint) {
        if (!rule.codes.includes(code)) throw new Error(`rule ${rule.name} reported ${code}, which it does not own`);
        const f: Finding = { code, severity: codes[code].severity, message, where };
        if (hint !== undefined) f.hint = hint;
        out.push(f);
      },
    };
    rule.run(ctx);
  }
  return out;
}
