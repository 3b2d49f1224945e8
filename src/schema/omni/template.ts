/**
 * The documents of an Omni cluster template, as omnictl reads them: one YAML document per model,
 * told apart by `kind`, each decoded with unknown fields forbidden (siderolabs/omni
 * `client/pkg/template/internal/models/{cluster,controlplane,workers,machine,machineset,patch}.go`).
 */
import type { RawShape } from "../strict/shape.js";
import { shapeOf, type Shape } from "../strict/shape.js";

const descriptors = { labels: ["M", "s"], annotations: ["M", "s"] } as const;

/** A patch item: `file:` or `inline:` (a mapping, a list of them, or an explicit string). */
export const OMNI_PATCH: RawShape = { name: "s", idOverride: "s", ...descriptors, file: "s", inline: "a" };

const patches = ["L", OMNI_PATCH] as const;
const strategy = { type: "s", rolling: { maxParallelism: "u" } } as const;

const machineSet = {
  kind: "s",
  systemExtensions: ["L", "s"],
  name: "s",
  ...descriptors,
  bootstrapSpec: { clusterUUID: "s", snapshot: "s" },
  machines: ["L", "s"],
  machineClass: { name: "s", size: "s" },
  updateStrategy: strategy,
  deleteStrategy: strategy,
  upgradeStrategy: strategy,
  patches,
  kernelArgs: ["L", "s"],
} as const;

const RAW: Readonly<Record<string, RawShape>> = {
  Cluster: {
    kind: "s",
    systemExtensions: ["L", "s"],
    name: "s",
    ...descriptors,
    kubernetes: {
      version: "s",
      manifests: ["L", { inline: "a", ...descriptors, name: "s", file: "s", mode: "s" }],
      healthchecks: ["L", { ...descriptors, idOverride: "s", name: "s", job: "a", file: "s", interval: "dur" }],
    },
    talos: { version: "s" },
    features: {
      diskEncryption: "b",
      enableWorkloadProxy: "b",
      useEmbeddedDiscoveryService: "b",
      disablePublicDiscoveryService: "b",
      enableNodeAuditSkip: "b",
      backupConfiguration: { interval: "dur" },
    },
    patches,
    kernelArgs: ["L", "s"],
  },
  ControlPlane: machineSet,
  Workers: machineSet,
  Machine: {
    kind: "s",
    systemExtensions: ["L", "s"],
    name: "s",
    ...descriptors,
    locked: "b",
    install: { disk: "s", diskSelector: "s" },
    patches,
    kernelArgs: ["L", "s"],
  },
};

export const OMNI_KINDS: ReadonlyMap<string, Shape> = new Map(Object.entries(RAW).map(([k, raw]) => [k, shapeOf(raw)]));

/** The label and annotation prefix Omni keeps for itself. */
export const OMNI_SYSTEM_PREFIX = "omni.sidero.dev/";

/** The machine set name Omni gives the control plane, which no Workers may take. */
export const CONTROL_PLANES_NAME = "control-planes";
