/** homescale.yaml, per cluster: `talos`, the nodes homescale writes machine-config patches for (seed 002). */
import { Type, type Static } from "@sinclair/typebox";
import { ipField } from "../format-fields.js";

export const TalosNode = Type.Object(
  {
    name: Type.String({ minLength: 1, description: "The node's name (its hostname)." }),
    address: ipField("The node's LAN address, inside network.nodes."),
    interface: Type.Optional(Type.String({ minLength: 1, description: "The interface that carries the address." })),
    controlPlane: Type.Optional(Type.Boolean({ description: "A control-plane node. Default: false." })),
  },
  { additionalProperties: false },
);

export const Talos = Type.Object(
  {
    version: Type.String({ pattern: "^v[0-9]+\\.[0-9]+\\.[0-9]+$", description: "The Talos version the patches are written for (the shape differs by version), e.g. v1.13.4." }),
    nodes: Type.Array(TalosNode, { description: "One patch per node: talos/<cluster>/<node>.yaml." }),
    extensions: Type.Optional(
      Type.Array(Type.Union([Type.Literal("cloudflared"), Type.Literal("tailscale")]), { description: "System extensions homescale configures (ExtensionServiceConfig)." }),
    ),
  },
  { additionalProperties: false, description: "Talos node patches (seed 002); Omni templates stay in clusters/<name>/cluster.yaml." },
);

export type TalosT = Static<typeof Talos>;
