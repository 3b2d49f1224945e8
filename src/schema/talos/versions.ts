/**
 * Talos versions: how omnictl reads them, which Kubernetes versions each Talos minor supports
 * (siderolabs/talos `pkg/machinery/compatibility/talos1NN`), and which config documents a node
 * patch is written in for a version: each setting moves from the legacy v1alpha1 document to its
 * typed document in the minor that introduced the document (breadth.md §1.1).
 */

export interface Semver {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

/** The Talos minors homescale knows the documents of (talos/fields.ts). */
export const TALOS_MINORS = { first: 10, last: 14 } as const;

/** Kubernetes minors each Talos minor supports (MinimumKubernetesVersion .. MaximumKubernetesVersion). */
export const KUBERNETES_SUPPORT: Readonly<Record<number, readonly [number, number]>> = {
  10: [28, 33],
  11: [29, 34],
  12: [30, 35],
  13: [31, 36],
  14: [32, 37],
};

/**
 * blang/semver's ParseTolerant, which Omni uses: an optional `v`, missing minor and patch taken
 * as 0, a pre-release and build metadata allowed. Undefined when it does not parse.
 */
export function parseTolerant(s: string): Semver | undefined {
  const m = /^v?(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:\.(0|[1-9][0-9]*))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(s.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? "" };
}

/** What is wrong with a Talos version, or undefined: Omni wants `v` and semver; homescale must know the minor. */
export function talosVersionProblem(s: string): string | undefined {
  const v = parseTolerant(s);
  if (v === undefined) return `${s} is not a version (semver such as v1.13.4)`;
  if (!s.startsWith("v")) return `a Talos version starts with 'v' (omnictl refuses ${s})`;
  if (v.major !== 1 || v.minor < TALOS_MINORS.first || v.minor > TALOS_MINORS.last) {
    return `homescale knows the config documents of Talos v1.${TALOS_MINORS.first} to v1.${TALOS_MINORS.last}, not ${s}`;
  }
  return undefined;
}

/** What is wrong with a Kubernetes version for a Talos version, or undefined. */
export function kubernetesVersionProblem(k8s: string, talos: Semver | undefined): string | undefined {
  const v = parseTolerant(k8s);
  if (v === undefined) return `${k8s} is not a version (semver such as v1.36.2)`;
  if (talos === undefined) return undefined;
  const range = KUBERNETES_SUPPORT[talos.minor];
  if (range === undefined) return undefined;
  if (v.major !== 1 || v.minor < range[0] || v.minor > range[1]) {
    return `Talos v1.${talos.minor} runs Kubernetes 1.${range[0]} to 1.${range[1]}, not ${k8s}`;
  }
  return undefined;
}

/** Where each setting of a node patch is written for a Talos minor: the legacy document or its typed one. */
export interface PatchShape {
  minor: number;
  /** LinkConfig/DHCPv4Config (1.12) instead of machine.network.interfaces. */
  links: boolean;
  /** ResolverConfig (1.12) instead of machine.network.nameservers. */
  resolvers: boolean;
  /** KubeSpanConfig (1.13) instead of machine.network.kubespan. */
  kubespan: boolean;
  /** KubeNodeConfig (1.14) instead of machine.kubelet.nodeIP. */
  nodeIP: boolean;
  /** KubeNetworkConfig (1.14) instead of cluster.network. */
  clusterNetwork: boolean;
}

export function patchShape(minor: number): PatchShape {
  return { minor, links: minor >= 12, resolvers: minor >= 12, kubespan: minor >= 13, nodeIP: minor >= 14, clusterNetwork: minor >= 14 };
}

/** The minor of a version string (13 for v1.13.4), when it parses. */
export function minorOf(version: string): number | undefined {
  return parseTolerant(version)?.minor;
}
