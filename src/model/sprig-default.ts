/**
 * Sprig's `default`, which the catalog chart used for every fallback: an unset or empty string
 * falls back, so `repoURL: ""` in an app.yaml means "the catalog's", not "no repository".
 */
export function orDefault(value: string | undefined, fallback: string): string {
  return value === undefined || value === "" ? fallback : value;
}
