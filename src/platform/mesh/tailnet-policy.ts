/**
 * The tailnet policy file homescale renders (tailscale_acl's `acl`, the whole file), as upstream
 * HomeScale's module computes it (infra/terraform/modules/tailscale/{acl,tags}.tf at 84982fd):
 *
 * - tagOwners: the operator tag (owned by autogroup:admin and itself), tag:app-<name> for every app
 *   folder with an app.yaml and tag:cluster-<name> for every cluster (owned by the operator tag,
 *   which creates the Services and devices carrying them), then homescale.yaml's other tags;
 * - grants: one per app rule (sources -> tag:app-<name>), in folder then rule order, then the
 *   fixed grants; a source or destination that names nothing is left out (check reports it);
 * - autoApprovers.services: the operator tag approves the Tailscale Services it advertises.
 *
 * Keys are sorted when written (render/targets/tailscale-tf), as Terraform's jsonencode sorts them.
 */
import { appTag, clusterTag, type TailscaleMesh } from "./tailscale.js";

export interface TailnetGrant {
  src: string[];
  dst: string[];
  ip: string[];
}

export interface TailnetPolicy {
  tagOwners: Record<string, string[]>;
  grants: TailnetGrant[];
  autoApprovers: { services: Record<string, string[]> };
}

export function tailnetPolicy(mesh: TailscaleMesh, apps: readonly string[], clusters: readonly string[]): TailnetPolicy {
  const { operatorTag, tagOwners: extra } = mesh.settings;
  const tagOwners = new Map<string, string[]>([[operatorTag, ["autogroup:admin", operatorTag]]]);
  for (const a of apps) tagOwners.set(appTag(a), [operatorTag]);
  for (const c of clusters) tagOwners.set(clusterTag(c), [operatorTag]);
  for (const [tag, owners] of extra) tagOwners.set(tag, [...owners]);
  const grants: TailnetGrant[] = [];
  for (const g of mesh.grants()) {
    const src = unique(g.sources.flatMap((s) => (s.principal ? [s.principal.name] : [])));
    const dst = unique(g.dst.flatMap((d) => (d.id !== undefined ? [d.id] : [])));
    if (src.length > 0 && dst.length > 0) grants.push({ src, dst, ip: [...g.ip] });
  }
  return { tagOwners: Object.fromEntries(tagOwners), grants, autoApprovers: { services: { [operatorTag]: [operatorTag] } } };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
