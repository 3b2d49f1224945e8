/** Defaults that reproduce HomeScale when a repository leaves a setting out. */
import type { SourceKeyword } from "./types.js";

export const DEFAULT_LABEL_DOMAIN = "homescale.cloud";
export const DEFAULT_INTERNAL_DOMAIN = "int.homescale.cloud";
export const DEFAULT_EXTERNAL_DOMAIN = "ext.homescale.cloud";
export const DEFAULT_ARGOCD_NAMESPACE = "argocd";
export const DEFAULT_CONNECTOR_APP = "cloudflared";
export const DEFAULT_TUNNEL_PREFIX = "homescale-";
/** Namespaces the catalog never creates. */
export const SYSTEM_NAMESPACES = new Set(["argocd", "kube-system", "kube-public", "kube-node-lease", "default"]);

/** Seed 000's source keywords. Built-in and team groups exist outside Terraform. */
export const DEFAULT_SOURCES: SourceKeyword[] = [
  { keyword: "all", group: "All", managed: false },
  { keyword: "team-infra-plat", group: "team-infra-plat", managed: false },
  { keyword: "team-sec-plat", group: "team-sec-plat", managed: false },
  { keyword: "github-actions", group: "github-actions", managed: false },
  { keyword: "owners", group: "Owners", managed: false },
  { keyword: "sg-k8s-admin", group: "sg-k8s-admin", managed: false },
];

export const CATALOG_DEFAULTS = {
  project: "default",
  repoURL: "",
  targetRevision: "HEAD",
  applicationNamePrefix: "",
  revisionHistoryLimit: 10,
  destination: { name: "", server: "https://kubernetes.default.svc" },
  syncOptions: [] as string[],
  namespaceSyncWave: -35,
};

export const APP_SOURCE_PREFIX = "app:";
