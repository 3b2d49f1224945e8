/** homescale.yaml `edges`: VPS edges (seed 004): a public address, WireGuard home, chosen ports passed. */
import { Type, type Static } from "@sinclair/typebox";
import { cidrField, ipField } from "../format-fields.js";

const PortNumber = (description: string) => Type.Integer({ minimum: 1, maximum: 65535, description });

export const Edge = Type.Object(
  {
    address: ipField("Its public IPv4: one A record; every name on the edge is a CNAME to it."),
    wireguard: Type.Object(
      {
        subnet: cidrField("The tunnel's subnet (the VPS takes its first address, home the second)."),
        port: Type.Optional(PortNumber("The VPS's WireGuard port. Default: 51820.")),
      },
      { additionalProperties: false },
    ),
    cluster: Type.String({ minLength: 1, description: "Where the tunnel lands." }),
    gateway: Type.Optional(Type.String({ minLength: 1, description: "The gateway of that cluster that receives the traffic. Default: external." })),
    ports: Type.Array(
      Type.Object({ listen: PortNumber("The port the VPS listens on."), to: PortNumber("The port it is sent to, at home.") }, { additionalProperties: false }),
      { minItems: 1, description: "Only these pass; everything else is dropped." },
    ),
  },
  { additionalProperties: false, description: "A VPS edge." },
);

export const Edges = Type.Record(Type.String(), Edge, { description: "VPS edges by name; exposePublic.edge names them." });

export type EdgeT = Static<typeof Edge>;
