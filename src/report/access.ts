/** The access matrix for people: a padded table (text) or a markdown table. */
import type { AccessRule } from "../graph/access.js";
import { markdownTable, textTable } from "./tables.js";

const HEADERS = ["SOURCE", "APP", "PROTOCOL", "PORTS", "CLUSTERS", "NAMES", "POLICY", "DECLARED"];

function row(r: AccessRule, md: boolean): string[] {
  const q = (s: string) => (md ? `\`${s}\`` : s);
  return [
    r.source,
    r.app,
    r.protocol,
    r.ports.length ? r.ports.join(",") : "any",
    r.clusters.length ? r.clusters.join(",") : "(not deployed)",
    r.names.length ? r.names.map(q).join(md ? "<br>" : ",") : "-",
    r.policy,
    `${r.file}:${r.line}`,
  ];
}

export function formatAccessText(rules: readonly AccessRule[], empty: string): string {
  return rules.length === 0 ? `${empty}\n` : textTable(HEADERS, rules.map((r) => row(r, false)));
}

export function formatAccessMarkdown(rules: readonly AccessRule[]): string {
  return markdownTable(HEADERS, rules.map((r) => row(r, true)));
}
