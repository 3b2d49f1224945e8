/**
 * The Omni layer as the model holds it (seed 001): each cluster's template as omnictl reads it,
 * after CI's substitution, with its machine sets and the patches each names, every patch's Talos
 * documents decoded; the machine classes; the settings of homescale.yaml's `omni` block. Every
 * value keeps the YAML node it was read from, so rules point at the line.
 */
import type { Document } from "yaml";
import type { Declaration } from "../diag/declaration.js";
import type { PathSegment, Where } from "../diag/diagnostic.js";
import { spanAt } from "../parse/precise.js";
import type { YamlDocuments } from "../parse/yaml-documents.js";
import type { DocumentIdentity } from "../schema/talos/documents.js";

export interface OmniSettings {
  /** Where the patches are in the repository (default infra/omni/patches). */
  patches: string;
  /** Where CI puts them beside the template (default patches): `file:` paths start with it. */
  patchesAs: string;
  machineClasses: string;
  /** What CI substitutes, by variable name; the values may hold {cluster} and {region}. */
  variables: ReadonlyMap<string, string>;
  decl: Declaration;
}

/** A node of a YAML file: the document and the path to it, for positions. */
export interface YamlPlace {
  file: string;
  doc: Document.Parsed;
  path: readonly PathSegment[];
}

/** Where a place is, by offsets (a template or a patch holds several documents, so paths alone cannot say). */
export function whereOf(p: YamlPlace, sub: readonly PathSegment[] = [], key = false): Where {
  const span = spanAt(p.doc, [...p.path, ...sub], key);
  return { file: p.file, offset: span.start, endOffset: span.end };
}

export function placeAt(p: YamlPlace, ...sub: PathSegment[]): YamlPlace {
  return { file: p.file, doc: p.doc, path: [...p.path, ...sub] };
}

/** One Talos config document of a patch, substituted as CI substitutes it. */
export interface TalosDocument {
  id: DocumentIdentity;
  value: Record<string, unknown>;
  at: YamlPlace;
}

export type PatchOwner = { kind: "cluster" } | { kind: "set"; index: number } | { kind: "machine"; index: number };

export interface PatchRef {
  at: YamlPlace;
  owner: PatchOwner;
  name?: string;
  idOverride?: string;
  /** `file:` as written (substituted). */
  file?: string;
  /** The repository file it resolves to, as CI lays the patches out; undefined when none. */
  resolved?: string;
  /** Why a file: patch resolves to nothing. */
  unresolved?: { why: "outside" | "absolute" | "missing" | "not-copied"; near?: string };
  hasInline: boolean;
  /** Its documents, when it could be read and decoded. */
  docs: TalosDocument[];
}

export interface OmniMachineSet {
  kind: "ControlPlane" | "Workers";
  at: YamlPlace;
  name?: string;
  machines: string[];
  hasMachines: boolean;
  machineClass?: { name: string; size?: string; at: YamlPlace };
  systemExtensions?: string[];
  kernelArgs?: string[];
  hasBootstrapSpec: boolean;
  bootstrapSpec?: { clusterUUID?: string; snapshot?: string };
  hasUpdateStrategy: boolean;
  hasDeleteStrategy: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  patches: PatchRef[];
}

export interface OmniMachine {
  at: YamlPlace;
  name?: string;
  locked: boolean;
  systemExtensions?: string[];
  install?: { disk?: string; diskSelector?: string };
  labels: Record<string, string>;
  annotations: Record<string, string>;
  patches: PatchRef[];
}

export interface OmniClusterDoc {
  at: YamlPlace;
  name?: string;
  kubernetesVersion?: string;
  talosVersion?: string;
  systemExtensions?: string[];
  kernelArgs?: string[];
  features: Record<string, unknown>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  patches: PatchRef[];
}

export interface OmniTemplate {
  /** clusters/<cluster>/cluster.yaml */
  file: string;
  /** The folder's name: what CI substitutes for ${CLUSTER_NAME}. */
  cluster: string;
  source: YamlDocuments;
  /** The variables CI substitutes here, with their values. */
  substitutions: ReadonlyMap<string, string>;
  /** Each document's kind as omnictl tells it, or why it has none. */
  documents: { at: YamlPlace; kind?: string; problem?: string }[];
  clusters: OmniClusterDoc[];
  sets: OmniMachineSet[];
  machines: OmniMachine[];
  /** Every patch of the template: the cluster's, each machine set's, each machine's. */
  patches: PatchRef[];
}

export interface OmniMachineClass {
  id: string;
  file: string;
  at: YamlPlace;
}

export interface OmniModel {
  settings: OmniSettings;
  /** By cluster folder, in byte order. */
  templates: OmniTemplate[];
  machineClasses: ReadonlyMap<string, OmniMachineClass>;
  /** The patch files read, by repository path (those CI copies and the others of the folder). */
  patchFiles: ReadonlySet<string>;
  /** The texts of the patch files the templates name, as read (before substitution). */
  patchTexts: ReadonlyMap<string, string>;
}
