/**
 * homescale.yaml, per cluster: `talos`, the nodes homescale writes machine-config patches for (seed
 * 002). DESIGN.md fixes `version`, `nodes` (name, address, interface, controlPlane) and
 * `extensions`; the rest is homescale's own, each with its default.
 */
import { Type, type Static } from "@sinclair/typebox";
import { cidrField, ipField } from "../format-fields.js";

/** The system extensions homescale writes an ExtensionServiceConfig for. */
export const TALOS_EXTENSIONS = ["cloudflared", "tailscale"] as const;
export type TalosExtension = (typeof TALOS_EXTENSIONS)[number];

/** An environment variable's name: the reference a secret is filled in from at deploy time. */
const EnvName = (description: string) => Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$", description });

const InterfaceName = (description: string) => Type.String({ minLength: 1, maxLength: 15, pattern: "^[^\\s/:]+$", description });

export const TalosInterface = Type.Object(
  {
    interface: InterfaceName("The link's name, e.g. eno2."),
    addresses: Type.Optional(Type.Array(cidrField("An address with its prefix, e.g. 10.0.0.5/24."), { description: "Static addresses." })),
    dhcp: Type.Optional(Type.Boolean({ description: "Take an address by DHCPv4. Default: false." })),
  },
  { additionalProperties: false, description: "Another interface of the node, besides the one that carries its LAN address." },
);

export const TalosNode = Type.Object(
  {
    name: Type.String({ minLength: 1, description: "The node's name (its hostname)." }),
    address: ipField("The node's LAN address, inside network.nodes."),
    interface: Type.Optional(InterfaceName("The interface that carries the address. Unset: no link is configured (the address comes from DHCP).")),
    controlPlane: Type.Optional(Type.Boolean({ description: "A control-plane node. Default: false." })),
    interfaces: Type.Optional(
      Type.Array(TalosInterface, { description: "The node's other interfaces. With any, the kubelet's node IP is pinned to network.nodes." }),
    ),
    extensions: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { description: "This node's extensions, instead of the cluster's (an empty list: none, e.g. a node that is no tunnel connector)." }),
    ),
  },
  { additionalProperties: false },
);

export const Talos = Type.Object(
  {
    version: Type.String({ pattern: "^v[0-9]+\\.[0-9]+\\.[0-9]+$", description: "The Talos version the patches are written for (the shape differs by version), e.g. v1.13.4." }),
    nodes: Type.Array(TalosNode, { description: "One patch per node: talos/<cluster>/<node>.yaml." }),
    extensions: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { description: `System extensions homescale configures (ExtensionServiceConfig): ${TALOS_EXTENSIONS.join(" | ")}.` }),
    ),
    resolvers: Type.Optional(
      Type.Array(ipField("A public resolver's address."), { description: "The resolvers after CoreDNS (the services base + 10), which always comes first. Default: [1.1.1.1, 1.0.0.1]." }),
    ),
    gateway: Type.Optional(ipField("The LAN's default gateway: a default route on each node's LAN interface. Default: none (DHCP or the platform's own).")),
    kubespan: Type.Optional(Type.Boolean({ description: "Turn KubeSpan on (a WireGuard mesh between the nodes: another interface, so the node IP is pinned). Default: false." })),
    tailscale: Type.Optional(
      Type.Object(
        { routes: Type.Optional(Type.Array(cidrField("A subnet to advertise."), { description: "TS_ROUTES. Default: [network.services]." })) },
        { additionalProperties: false, description: "The tailscale extension's settings." },
      ),
    ),
    secretEnv: Type.Optional(
      Type.Object(
        {
          tunnelToken: Type.Optional(EnvName("The variable that holds the cloudflared tunnel token (TUNNEL_TOKEN). Default: CLOUDFLARED_TOKEN_<CLUSTER>.")),
          tailscaleAuthKey: Type.Optional(EnvName("The variable that holds the Tailscale auth key (TS_AUTHKEY). Default: TAILSCALE_AUTHKEY.")),
        },
        {
          additionalProperties: false,
          description: "Secrets are never written: the patches hold ${NAME} references to these variables, filled in at deploy time (envsubst).",
        },
      ),
    ),
  },
  { additionalProperties: false, description: "Talos node patches (seed 002); Omni templates stay in clusters/<name>/cluster.yaml." },
);

export type TalosT = Static<typeof Talos>;
export type TalosNodeT = Static<typeof TalosNode>;
