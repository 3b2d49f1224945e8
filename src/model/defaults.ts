/** Defaults that reproduce HomeScale when a repository leaves a setting out. */
import type { SourceKeyword } from "./types.js";

export const DEFAULT_LABEL_DOMAIN = "homescale.cloud";
export const DEFAULT_INTERNAL_DOMAIN = "int.homescale.cloud";
export const DEFAULT_EXTERNAL_DOMAIN = "ext.homescale.cloud";
export const DEFAULT_ARGOCD_NAMESPACE = "argocd";
export const DEFAULT_CONNECTOR_APP = "cloudflared";
export const DEFAULT_TUNNEL_PREFIX = "homescale-";
/** NetBird's built-in group of every peer: resolves the internal zones unless homescale.yaml says otherwise. */
export const DEFAULT_DNS_ZONE_GROUPS = ["All"];
export const DEFAULT_OPERATOR_APP = "netbird";
/** Where the operator's NetworkRouter lives when the operator app is not enabled on a cluster. */
export const DEFAULT_OPERATOR_NAMESPACE = "netbird";
export const DEFAULT_CI_SETUP_KEY_NAME = "homescale-ci";
export const DEFAULT_CI_SOURCE = "github-actions";
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
