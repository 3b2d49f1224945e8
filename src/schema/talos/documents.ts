/**
 * Talos config documents as the config loader tells them apart (configloader/internal/decoder):
 * a document with `machine`, `cluster`, `debug` or `persist` is the legacy v1alpha1 document;
 * any other needs `apiVersion` and `kind`, and the kind must exist in the Talos version in use.
 * Also what Talos refuses across documents (a setting both in the legacy document and in its typed
 * replacement, `V1Alpha1ConflictValidate`) and what Omni owns (`resources/omni/config_patch.go`).
 */
import { isMap, isPair, isScalar, type YAMLMap } from "yaml";
import { TALOS_DOCUMENT_FIELDS } from "./fields.js";
import { shapeOf, splitKey, type Shape } from "../strict/shape.js";

export interface TalosKind {
  kind: string;
  shape: Shape;
  /** The Talos minor that added it; undefined: 1.10 or earlier. */
  since?: number;
}

export const LEGACY_KIND = "v1alpha1";

export const TALOS_KINDS: ReadonlyMap<string, TalosKind> = new Map(
  Object.entries(TALOS_DOCUMENT_FIELDS).map(([key, raw]) => {
    const [kind, since] = splitKey(key);
    const k: TalosKind = { kind, shape: shapeOf(raw) };
    if (since !== undefined) k.since = since;
    return [kind, k];
  }),
);

export interface DocumentIdentity {
  /** LEGACY_KIND for the v1alpha1 document. */
  kind: string;
  apiVersion: string;
  name: string;
}

const LEGACY_KEYS = new Set(["machine", "cluster", "debug", "persist"]);

/** What the loader makes of a document's header: its identity, or why it has none. */
export function identify(doc: YAMLMap): { id: DocumentIdentity } | { missing: "kind" | "apiVersion" } {
  let kind = "";
  let apiVersion = "";
  let name = "";
  let legacy = false;
  for (const pair of doc.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const value = isScalar(pair.value) && pair.value.value !== null ? String(pair.value.value) : "";
    if (key === "kind") kind = value;
    else if (key === "apiVersion") apiVersion = value;
    else if (key === "name") name = value;
    else if (LEGACY_KEYS.has(key)) legacy = true;
  }
  if (legacy) apiVersion = LEGACY_KIND;
  if (apiVersion === LEGACY_KIND && kind === "") return { id: { kind: LEGACY_KIND, apiVersion, name } };
  if (kind === "") return { missing: "kind" };
  if (apiVersion === "") return { missing: "apiVersion" };
  return { id: { kind, apiVersion, name } };
}

export function isYamlMap(n: unknown): n is YAMLMap {
  return isMap(n);
}

/** Settings of the legacy document (dotted paths) that a typed kind replaces: both set is an error. */
export interface LegacyConflict {
  kind: string;
  legacy: string;
  /** The typed document conflicts only when it sets this too (ResolverConfig's hostDNS). */
  typed?: string;
  /** Only when the legacy value is true (a flag) rather than merely present. */
  whenTrue?: boolean;
}

/** From each kind's V1Alpha1ConflictValidate (v1.13.0, v1.14.0-rc.1); TimeSyncConfig's and VolumeConfig's per-field rules are not covered. */
export const LEGACY_CONFLICTS: readonly LegacyConflict[] = [
  { kind: "ResolverConfig", legacy: "machine.network.nameservers" },
  { kind: "ResolverConfig", legacy: "machine.network.searchDomains" },
  { kind: "ResolverConfig", legacy: "machine.network.disableSearchDomain", whenTrue: true },
  { kind: "ResolverConfig", legacy: "machine.features.hostDNS", typed: "hostDNS" },
  { kind: "KubeSpanConfig", legacy: "machine.network.kubespan" },
  { kind: "HostnameConfig", legacy: "machine.network.hostname" },
  { kind: "HostnameConfig", legacy: "machine.features.stableHostname", whenTrue: true },
  { kind: "KubeletConfig", legacy: "machine.kubelet" },
  { kind: "KubeCredentialProviderConfig", legacy: "machine.kubelet" },
  { kind: "KubeNodeConfig", legacy: "machine.kubelet.nodeIP" },
  { kind: "KubeNodeConfig", legacy: "machine.kubelet.registerWithFQDN" },
  { kind: "KubeNodeConfig", legacy: "machine.kubelet.skipNodeRegistration" },
  { kind: "KubeNodeConfig", legacy: "machine.nodeLabels" },
  { kind: "KubeNodeConfig", legacy: "machine.nodeAnnotations" },
  { kind: "KubeNodeConfig", legacy: "machine.nodeTaints" },
  { kind: "KubeNodeConfig", legacy: "cluster.allowSchedulingOnControlPlanes" },
  { kind: "KubeNodeConfig", legacy: "cluster.allowSchedulingOnMasters" },
  { kind: "KubeNetworkConfig", legacy: "cluster.network" },
  { kind: "KubeFlannelCNIConfig", legacy: "cluster.network" },
  { kind: "KubeProxyConfig", legacy: "cluster.proxy" },
  { kind: "KubeSchedulerConfig", legacy: "cluster.scheduler" },
  { kind: "KubeSchedulerConfig", legacy: "machine.controlPlane.scheduler" },
  { kind: "KubeControllerManagerConfig", legacy: "cluster.controllerManager" },
  { kind: "KubeControllerManagerConfig", legacy: "machine.controlPlane.controllerManager" },
  { kind: "KubeAPIServerConfig", legacy: "cluster.apiServer" },
  { kind: "KubeAPIServerConfig", legacy: "cluster.controlPlane.localAPIServerPort" },
  { kind: "KubeAuditPolicyConfig", legacy: "cluster.apiServer.auditPolicy" },
  { kind: "KubeAdmissionControlConfig", legacy: "cluster.apiServer.admissionControl" },
  { kind: "KubeCoreDNSConfig", legacy: "cluster.coreDNS" },
  { kind: "KubePrismConfig", legacy: "machine.features.kubePrism" },
  { kind: "KubeTalosAPIAccessConfig", legacy: "machine.features.kubernetesTalosAPIAccess" },
  { kind: "KubeServiceAccountConfig", legacy: "cluster.serviceAccount" },
  { kind: "KubeAPIServerCAConfig", legacy: "cluster.ca" },
  { kind: "KubeAggregatorCAConfig", legacy: "cluster.aggregatorCA" },
  { kind: "KubeEtcdEncryptionConfig", legacy: "cluster.secretboxEncryptionSecret" },
  { kind: "KubeEtcdEncryptionConfig", legacy: "cluster.aescbcEncryptionSecret" },
  { kind: "KubeClusterConfig", legacy: "cluster.clusterName" },
  { kind: "KubeClusterConfig", legacy: "cluster.controlPlane.endpoint" },
  { kind: "DiscoveryIdentityConfig", legacy: "cluster.id" },
  { kind: "DiscoveryIdentityConfig", legacy: "cluster.secret" },
  { kind: "DiscoveryServiceConfig", legacy: "cluster.discovery" },
  { kind: "CRIBaseRuntimeSpecConfig", legacy: "machine.baseRuntimeSpecOverrides" },
  { kind: "ImageCacheConfig", legacy: "machine.features.imageCache" },
  { kind: "UnattendedInstallConfig", legacy: "machine.install" },
];

/** Fields of the legacy document that Omni sets itself (forbiddenFields). */
export const OMNI_OWNED_FIELDS: readonly string[] = [
  "cluster.clusterName",
  "cluster.id",
  "cluster.controlPlane.endpoint",
  "cluster.token",
  "cluster.secret",
  "cluster.aescbcEncryptionSecret",
  "cluster.secretboxEncryptionSecret",
  "cluster.ca",
  "cluster.acceptedCAs",
  "cluster.serviceAccount",
  "machine.token",
  "machine.ca",
  "machine.type",
  "machine.install.disk",
  "machine.install.extensions",
  "machine.acceptedCAs",
];

/** Documents Omni owns or does not support (forbiddenDocuments), with what they would set. */
export const OMNI_OWNED_DOCUMENTS: ReadonlyMap<string, string> = new Map([
  ["UnattendedInstallConfig", "not supported by Omni"],
  ["DiscoveryIdentityConfig", "cluster.id and cluster.secret, which Omni sets"],
  ["KubeClusterConfig", "the cluster name and endpoint, which Omni sets"],
  ["KubeEtcdEncryptionConfig", "the etcd encryption secrets, which Omni sets"],
  ["KubeAPIServerCAConfig", "the Kubernetes CA and its private key, which Omni holds"],
  ["KubeAggregatorCAConfig", "the aggregator CA and its private key, which Omni holds"],
]);

/** Fields of typed documents Omni owns (documentForbiddenFields). */
export const OMNI_OWNED_TYPED_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([["KubeServiceAccountConfig", ["issuer.privateKey"]]]);

/** List elements Omni forbids: the os:admin role for Kubernetes workloads' Talos API access. */
export const OMNI_FORBIDDEN_ELEMENTS: readonly { kind: string; path: string; element: string }[] = [
  { kind: LEGACY_KIND, path: "machine.features.kubernetesTalosAPIAccess.allowedRoles", element: "os:admin" },
  { kind: "KubeTalosAPIAccessConfig", path: "allowedRoles", element: "os:admin" },
];
