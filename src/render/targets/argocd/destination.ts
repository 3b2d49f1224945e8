/**
 * Where an Application deploys. Argo CD rejects a destination with both name and server, so exactly
 * one is written. The app's own destination replaces the catalog's as a whole (an app that names a
 * cluster means that cluster, whatever server the catalog defaults to); within one layer a name wins
 * over a server. With neither set anywhere, the chart's fallback applies: the cluster's own name.
 */
import type { AppSpec } from "../../../schema/app.js";
import type { Catalog } from "../../../model/types.js";
import type { Hole } from "../../describe/frame.js";

export type Destination = ({ name: string | Hole } | { server: string }) & { namespace: string };

/** `cluster` is the cluster's name, or the hole that stands for it in an Application's frame. */
export function destinationOf(catalog: Catalog, cluster: string | Hole, spec: AppSpec): Destination {
  const namespace = spec.namespace;
  const own = spec.destination ?? {};
  for (const layer of [own, catalog.destination]) {
    if (layer.name) return { name: layer.name, namespace };
    if (layer.server) return { server: layer.server, namespace };
  }
  return { name: cluster, namespace };
}
