/** The typed platform model that every stage after loading reads. */
import type { AppFile, AppSpec } from "../schema/app.js";
import type { AuthProvider, ClusterLayers, Edge } from "./layers.js";
import type { CertificatesT, DnsT } from "../schema/layers/network.js";
import type { CatalogGeneration } from "./catalog-generation.js";
import type { TailscaleSettings } from "./tailscale-settings.js";
import type { FolderApplication } from "./cluster-folders.js";
import type { OmniModel } from "./omni-types.js";

export type ClusterRole = "management" | "workload" | "gateway";

export interface Cluster extends ClusterLayers {
  name: string;
  role: ClusterRole;
  region: string;
  routedSubnets: string[];
  /** Gateway clusters: source keywords (or app:<name>) allowed to reach routedSubnets. Unset: nobody. */
  subnetSources?: string[];
  /** Where it is declared: homescale.yaml clusters.<name>, or the clusters/<name>/ folder. */
  file: string;
  path: string[];
  /** Catalog generation 2: the values its bootstrap renders the catalog chart with (templates see them under .Values). */
  catalogValues?: Record<string, unknown>;
}

export interface SourceKeyword {
  keyword: string;
  /** The NetBird group it means. */
  group: string;
  /** Created by homescale's Terraform (resource), or existing outside it (data). */
  managed: boolean;
}

/** homescale.yaml argocd: where Argo CD runs and what the bootstrap reads. */
export interface ArgocdSettings {
  namespace: string;
  repoURL?: string;
  targetRevision?: string;
  /** The folder of rendered output the bootstrap syncs. Default: clusters. */
  path: string;
  /** homescale.yaml sets argocd.path (the plugin reads no rendered folder: HS190). */
  pathDeclared?: boolean;
  /** Set: Argo CD renders the clusters with homescale as a config-management plugin. */
  plugin?: ArgocdPlugin;
}

/** homescale.yaml argocd.plugin, as written (the renderer fills the default image). */
export interface ArgocdPlugin {
  image?: string;
}

export interface Platform {
  /** homescale.yaml when present. */
  settingsFile?: string;
  labelDomain: string;
  internalDomain: string;
  externalDomain: string;
  clusters: Cluster[];
  clusterByName: Map<string, Cluster>;
  clustersFrom: "settings" | "folders";
  sources: Map<string, SourceKeyword>;
  argocd: ArgocdSettings;
  cloudflare: { accountId?: string; zones: string[]; connectorApp: string; tunnelPrefix: string };
  /** NetBird settings beyond the source keywords. Optional so hand-built models stay valid; buildPlatform always sets it. */
  netbird?: NetbirdSettings;
  /** Which mesh the access policies render for (homescale.yaml mesh). Default: netbird. */
  mesh?: "netbird" | "tailscale" | "none";
  /** The tailnet (homescale.yaml tailscale, defaults applied). Optional so hand-built models stay valid; buildPlatform always sets it. */
  tailscale?: TailscaleSettings;
  /** VPS edges, by name in the order homescale.yaml lists them. */
  edges?: Edge[];
  /** Ext-auth providers by name. */
  auth?: Map<string, AuthProvider>;
  /** Who keeps which names' DNS (homescale.yaml dns). */
  dns?: DnsT;
  /** Where the gateways' certificates come from (homescale.yaml certificates). */
  certificates?: CertificatesT;
}

export interface NetbirdSettings {
  /** NetBird group names whose peers resolve the clusters' internal zones. */
  dnsZoneGroups: string[];
  /** The app running the NetBird operator; its namespace holds each cluster's NetworkRouter. */
  operatorApp: string;
  /** The CI setup key; undefined when disabled. */
  ciSetupKey?: { name: string; source: string; expirySeconds?: number; /** Written in homescale.yaml, not the default. */ sourceDeclared?: boolean };
  /** Address of the NetBird reverse-proxy cluster; undefined: a Terraform variable supplies it. */
  reverseProxyCluster?: string;
}

/** apps/values.yaml with its defaults applied. */
export interface Catalog {
  file?: string;
  /** apps/values.yaml is there but could not be read (already reported): rules must not take its settings for absent. */
  unreadable?: boolean;
  project: string;
  repoURL: string;
  targetRevision: string;
  applicationNamePrefix: string;
  revisionHistoryLimit: number;
  destination: { name: string; server: string };
  syncPolicy: Record<string, unknown>;
  syncOptions: string[];
  argocdNamespace: string;
  namespaceSyncWave: number;
  /** The whole values document, as templates see it under .Values. */
  values: Record<string, unknown>;
  /** Which catalog chart the repository is written for (model/catalog-generation.ts). Unset: generation 1. */
  generation?: CatalogGeneration;
  /** Files of the catalog chart (apps/) that values read with .Files.Get, by chart-relative path. */
  chartFiles?: ReadonlyMap<string, Uint8Array>;
}

export interface App {
  /** The folder name under apps/. */
  name: string;
  /** apps/<name>/app.yaml */
  file: string;
  /**
   * The parsed file; only meaningful when valid. When the file has schema errors, it is what is left
   * without the entries those errors are in (schema/prune.ts), so the rules still check the rest.
   */
  raw: AppFile;
  /**
   * false when app.yaml is missing or broken, or its schema errors took out what decides where the
   * app runs (defaultDeploy, clusters.<name>.deploy): semantic rules skip it.
   */
  valid: boolean;
  hasChart: boolean;
  /** apps/<name>/Dockerfile or apps/<name>/src/Dockerfile, when present. */
  dockerfile?: string;
}

export interface Model {
  platform: Platform;
  catalog: Catalog;
  /**
   * In folder (byte) order: the order of the rendered Applications. Where the catalog chart's own
   * order decides something (which app labels a shared Namespace), use chartOrder (model/chart-order.ts).
   */
  apps: App[];
  appByName: Map<string, App>;
  /** Applications written by hand in clusters/<name>/ (cluster-folders.ts). Optional so hand-built models stay valid. */
  folderApplications?: FolderApplication[];
  /** Omni cluster templates in clusters/<name>/ (repository paths), which no Argo CD sync may meet. */
  folderTemplates?: string[];
  /** The Omni cluster templates, their patches and machine classes (seed 001), when the repository has any. */
  omni?: OmniModel;
  /**
   * The apps' own chart templates (apps/<name>/templates/*.yaml) and chart values (values.yaml), by
   * app: the mesh objects they declare (NetBird NetworkResources and NetworkRouters, the Tailscale
   * operator's Services) are mesh names and routers.
   */
  charts?: Map<string, AppChart>;
}

export interface AppChart {
  templates: { file: string; text: string }[];
  /** apps/<name>/values.yaml, when there and readable. */
  values?: Record<string, unknown>;
}

/** An app as it is on one cluster where it is enabled. */
export interface Resolved {
  app: App;
  cluster: Cluster;
  spec: AppSpec;
}
