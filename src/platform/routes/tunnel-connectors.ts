/**
 * Who connects a cluster's Cloudflare tunnel (seed 002): the connector app's pods, where the app is
 * enabled, and every Talos node that runs the cloudflared system extension with the tunnel's token.
 * Cloudflare spreads requests over all of them, so the tunnel is highly available with two or more.
 */
import type { Declaration } from "../../diag/declaration.js";
import { effectiveSpec, isEnabled } from "../../model/resolve.js";
import type { Model } from "../../model/types.js";
import { deployDeclaration } from "../placement.js";

export interface TunnelConnectors {
  /** The connector app's pods, when the app runs on the cluster; replicas when its values say. */
  pods?: { app: string; namespace: string; replicas?: number; decl: Declaration };
  /** Talos nodes with the cloudflared extension. */
  nodes: { name: string; decl: Declaration }[];
  /** true: two or more connectors; false: one or none; undefined: it depends on a replica count nobody wrote. */
  highlyAvailable?: boolean;
  /** For a trace hop: who the connectors are, and whether the tunnel survives one of them. */
  summary: string;
}

export function tunnelConnectors(model: Model, cluster: string, appName: string): TunnelConnectors {
  const app = model.appByName.get(appName);
  const out: TunnelConnectors = { nodes: [], summary: "" };
  if (app?.valid === true && model.platform.clusterByName.has(cluster) && isEnabled(app, cluster)) {
    const spec = effectiveSpec(app, cluster);
    out.pods = { app: appName, namespace: spec.namespace, decl: deployDeclaration(app, cluster) };
    const replicas = replicasOf(spec.values);
    if (replicas !== undefined) out.pods.replicas = replicas;
  }
  for (const n of model.platform.clusterByName.get(cluster)?.talos?.members ?? []) {
    if (n.extensions.includes("cloudflared")) out.nodes.push({ name: n.name, decl: n.decl });
  }
  const pods = out.pods === undefined ? 0 : (out.pods.replicas ?? 1);
  const total = pods + out.nodes.length;
  const known = out.pods === undefined || out.pods.replicas !== undefined;
  if (total >= 2) out.highlyAvailable = true;
  else if (known) out.highlyAvailable = false;
  const who: string[] = [];
  if (out.pods) {
    const r = out.pods.replicas;
    who.push(r !== undefined ? `${r} pod${r === 1 ? "" : "s"} of ${appName}` : `the pods of ${appName} (replicas not set in its values)`);
  }
  if (out.nodes.length > 0) who.push(`node${out.nodes.length === 1 ? "" : "s"} ${out.nodes.map((n) => n.name).join(", ")} (cloudflared extension)`);
  const ha =
    out.highlyAvailable === true
      ? `highly available: ${known ? total : `at least ${total}`} connectors`
      : out.highlyAvailable === false
        ? total === 1
          ? "not highly available: one connector"
          : "no connector"
        : "highly available only if it runs 2 or more replicas";
  out.summary = who.length > 0 ? `connectors on ${cluster}: ${who.join(" and ")}; ${ha}` : `no connector on ${cluster}`;
  return out;
}

/** An app's replica count from its values (replicas, replicaCount), when written as a number. */
function replicasOf(values: unknown): number | undefined {
  if (values === null || typeof values !== "object") return undefined;
  const v = values as Record<string, unknown>;
  for (const k of ["replicas", "replicaCount"]) {
    const n = v[k];
    if (typeof n === "number" && Number.isInteger(n) && n >= 0) return n;
  }
  return undefined;
}
