/** check --summary for people: each cluster's apps by wave, the policies, the public names. */
import type { PlatformSummary } from "../graph/summary.js";
import { escapeControls as esc } from "./escape.js";
import type { Paint } from "./paint.js";

export function formatSummary(s: PlatformSummary, paint: Paint): string {
  let out = "";
  for (const c of s.clusters) {
    out += `${paint.bold(esc(c.name))} (${c.role}${c.region ? `, region ${esc(c.region)}` : ""}): ${c.apps.length} apps\n`;
    let wave: number | undefined;
    for (const a of c.apps) {
      if (a.wave !== wave) {
        wave = a.wave;
        out += `  wave ${String(a.wave).padStart(3)}: `;
        out += esc(c.apps.filter((x) => x.wave === a.wave).map((x) => x.name).join(", ")) + "\n";
      }
    }
  }
  out += `${paint.bold("policies")}: ${s.policies.length}\n`;
  for (const p of s.policies) {
    out += esc(`  ${p.name}: ${p.sources.join(", ")} -> app-${p.app} ${p.protocol}${p.ports.length ? `/${p.ports.join(",")}` : ""}`) + "\n";
  }
  out += `${paint.bold("public names")}: ${s.publicNames.length}\n`;
  for (const n of s.publicNames) out += esc(`  ${n.fqdn} -> ${n.target} (${n.app} on ${n.cluster}, via ${n.via})`) + "\n";
  if (s.gateways.length > 0) {
    out += `${paint.bold("gateways")}: ${s.gateways.length}\n`;
    for (const g of s.gateways) {
      out += esc(`  ${g.cluster}/${g.key}: ${g.kind} ${g.name}${g.address ? ` at ${g.address}` : ""}${g.lan ? " (LAN)" : ""}, ${g.routes.length} route${g.routes.length === 1 ? "" : "s"}`) + "\n";
      for (const r of g.routes) out += esc(`    ${r.hostnames.join(", ")} -> ${r.service}.${r.namespace}:${r.port} (${r.name}${r.auth ? `, auth ${r.auth}` : ""})`) + "\n";
    }
  }
  return out + "\n";
}
