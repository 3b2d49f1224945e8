/**
 * Where an Application deploys. Argo CD rejects a destination with both name and server, so exactly
 * one is written. The app's own destination replaces the catalog's as a whole (an app that names a
 * cluster means that cluster, whatever server the catalog defaults to); within one layer a name wins
 * over a server. With neither set anywhere, the chart's fallback applies: the cluster's own name.
 */
import type { AppSpec } from "../../schema/app.js";
import type { Catalog, Cluster } from "../../model/types.js";

export type Destination = ({ name: string } | { server: string }) & { namespace: string };

export function destinationOf(catalog: Catalog, cluster: Cluster, spec: AppSpec): Destination {
  const namespace = spec.namespace;
  const own = spec.destination ?? {};
  for (const layer of [own, catalog.destination]) {
    if (layer.name) return { name: layer.name, namespace };
    if (layer.server) return { server: layer.server, namespace };
  }
  return { name: cluster.name, namespace };
}
