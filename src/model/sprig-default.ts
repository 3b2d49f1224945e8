/**
 * Sprig's `default`, which the catalog chart used for every fallback: an unset or empty string
 * falls back. The same function as render/argocd/or-default.ts, here for the rules, which may not
 * import render/; that file should re-export this one (it is in an area under restructuring).
 */
export function orDefault(value: string | undefined, fallback: string): string {
  return value === undefined || value === "" ? fallback : value;
}
