/**
 * The one registry of emitters: model in, the files of DESIGN.md's output tree out. Generators
 * compute objects; this module only decides which file each goes to (argo-cd generators habit).
 */
import type { Cluster, Model } from "../model/types.js";
import type { Artifact } from "../write/write-tree.js";
import { describeApplications } from "./argocd/applications.js";
import { renderBootstrap } from "./argocd/bootstrap.js";
import { buildMatrix } from "./ci/build-matrix.js";
import { renderTopology } from "./docs/topology.js";
import { describeNetworkObjects } from "./netbird/network-objects.js";
import { renderTerraform } from "./terraform/index.js";
import type { ByteSink } from "./emit/byte-sink.js";
import { emitYamlStream, writeYamlStream } from "./emit/yaml-emit.js";

export interface RenderOptions {
  /** Limit the per-cluster outputs to these clusters (all when empty). */
  clusters?: readonly string[];
}

export function selectedClusters(model: Model, names: readonly string[] = []) {
  return names.length === 0 ? model.platform.clusters : model.platform.clusters.filter((c) => names.includes(c.name));
}

/** The manifests Argo CD applies on one cluster (applications.yaml then network.yaml), as one stream. */
export function clusterManifests(model: Model, cluster: string): string {
  const c = model.platform.clusterByName.get(cluster);
  if (!c) return "";
  return emitYamlStream([...describeApplications(model, c), ...describeNetworkObjects(model, cluster)]);
}

/** Everything build writes: each cluster's files, then the platform-wide ones, sorted by path. */
export function renderArtifacts(model: Model, opts: RenderOptions = {}): Artifact[] {
  const out = selectedClusters(model, opts.clusters).flatMap((c) => renderClusterArtifacts(model, c));
  return sortArtifacts([...out, ...renderPlatformArtifacts(model)]);
}

/** The files of one cluster's folder (what Argo CD applies there) and the objects each holds. */
function clusterFiles(model: Model, c: Cluster): { path: string; objects: readonly unknown[] }[] {
  const files = [
    { path: `clusters/${c.name}/applications.yaml`, objects: describeApplications(model, c) as readonly unknown[] },
    { path: `clusters/${c.name}/bootstrap.yaml`, objects: renderBootstrap(model, c) },
  ];
  const network = describeNetworkObjects(model, c.name);
  if (network.length > 0) files.push({ path: `clusters/${c.name}/network.yaml`, objects: network });
  return files;
}

/** One cluster's files as text. */
export function renderClusterArtifacts(model: Model, c: Cluster): Artifact[] {
  return clusterFiles(model, c).map((f) => ({ path: f.path, content: emitYamlStream(f.objects) }));
}

/**
 * The same files as UTF-8, each written into `sink` and handed to `file` before the next one is
 * written: the bytes are valid only during the call (build writes them to disk there).
 */
export function writeClusterFiles(model: Model, c: Cluster, sink: ByteSink, file: (a: Artifact) => void): void {
  for (const f of clusterFiles(model, c)) {
    sink.reset();
    writeYamlStream(f.objects, sink);
    file({ path: f.path, content: sink.view() });
  }
}

/** The files that belong to the whole platform: Terraform, the CI matrix, the topology page. */
export function renderPlatformArtifacts(model: Model): Artifact[] {
  const out: Artifact[] = renderTerraform(model).map((f) => ({ path: f.path, content: f.text }));
  out.push({ path: "ci/build-matrix.json", content: JSON.stringify(buildMatrix(model), null, 2) + "\n" });
  out.push({ path: "docs/topology.md", content: renderTopology(model) });
  return out;
}

/** Byte order of paths: the order files are listed in build's report. */
export function sortArtifacts(artifacts: Artifact[]): Artifact[] {
  return artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
