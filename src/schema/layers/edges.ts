/**
 * homescale.yaml `edges`: VPS edges (seed 004): a public address, WireGuard home, chosen ports passed.
 * DESIGN.md fixes address, wireguard.{subnet,port}, cluster, gateway and ports; the rest is
 * homescale's own (tunnel addresses, key references, masquerade, PROXY protocol, the management
 * port, the A record's name), each with its default.
 */
import { Type, type Static } from "@sinclair/typebox";
import { cidrField, hostnameField, ipField } from "../format-fields.js";

const PortNumber = (description: string) => Type.Integer({ minimum: 1, maximum: 65535, description });

/** A WireGuard public key: 32 bytes in base64, 44 characters ending in `=`. */
const PUBLIC_KEY_PATTERN = "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw480]=$";

/** Where a private key is read at deploy time: never the key itself. */
const KeyReference = Type.Union(
  [
    Type.Object({ file: Type.String({ pattern: "^/", description: "An absolute path on that host, readable by root only." }) }, { additionalProperties: false }),
    Type.Object({ env: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$", description: "An environment variable wg-quick runs with." }) }, { additionalProperties: false }),
  ],
  { description: "Where wg-quick reads this side's private key (PostUp = wg set %i private-key ...): a file, or an environment variable. Default: file /etc/wireguard/<edge>-<side>.key." },
);

/** What both ends of the tunnel have. */
const sideFields = (which: "vps" | "home") => ({
  address: Type.Optional(ipField(`This side's tunnel address, inside the subnet. Default: the subnet's ${which === "vps" ? "first" : "second"} address.`)),
  privateKey: Type.Optional(KeyReference),
  publicKey: Type.Optional(
    Type.String({ pattern: PUBLIC_KEY_PATTERN, description: "This side's public key (wg pubkey), written into the other side's [Peer]. Unset: a placeholder the deploy must fill (HS153)." }),
  ),
});

export const Edge = Type.Object(
  {
    address: ipField("Its public IPv4: one A record; every name on the edge is a CNAME to it."),
    record: Type.Optional(hostnameField("The name of the edge's A record. Default: <edge>.<the zone of its first name>.")),
    interface: Type.Optional(
      Type.String({ pattern: "^[A-Za-z0-9_.-]{1,15}$", description: "The VPS's public network interface, as nftables matches it. Default: eth0." }),
    ),
    wireguard: Type.Object(
      {
        subnet: cidrField("The tunnel's subnet (the VPS takes its first address, home the second)."),
        port: Type.Optional(PortNumber("The VPS's WireGuard port. Default: 51820.")),
        keepalive: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: "Home's PersistentKeepalive in seconds: keeps its NAT mapping open. Default: 25." })),
        vps: Type.Optional(Type.Object(sideFields("vps"), { additionalProperties: false, description: "The VPS's end of the tunnel." })),
        home: Type.Optional(
          Type.Object(
            {
              ...sideFields("home"),
              allowedIPs: Type.Optional(
                Type.Array(cidrField("A subnet the VPS sends into the tunnel."), {
                  minItems: 1,
                  description: "The AllowedIPs of the home peer on the VPS: what the VPS routes home. Every DNAT target must be inside (HS145). Default: home's tunnel address.",
                }),
              ),
            },
            { additionalProperties: false, description: "The home end of the tunnel (behind NAT: it dials the VPS)." },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    cluster: Type.String({ minLength: 1, description: "Where the tunnel lands." }),
    gateway: Type.Optional(Type.String({ minLength: 1, description: "The gateway of that cluster that receives the traffic. Default: external." })),
    ports: Type.Array(
      Type.Object(
        {
          listen: PortNumber("The port the VPS listens on."),
          to: PortNumber("The port it is sent to, at home (HAProxy's frontend on the tunnel address)."),
          backend: Type.Optional(PortNumber("The gateway's port HAProxy sends it on. Default: listen.")),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, description: "Only these pass; everything else is dropped." },
    ),
    management: Type.Optional(
      Type.Object(
        {
          port: PortNumber("A port the VPS itself accepts (ssh on a high port), never forwarded."),
          from: Type.Optional(Type.Array(cidrField("A source allowed on the management port."), { minItems: 1, description: "Only these sources. Default: any." })),
        },
        { additionalProperties: false, description: "The VPS's own management port." },
      ),
    ),
    masquerade: Type.Optional(
      Type.Boolean({
        description:
          "Masquerade what the VPS forwards into the tunnel: home needs no route back to the clients, but sees every connection from the VPS's tunnel address. false keeps the client's address, and home must route clientRanges back through the tunnel. Default: true.",
      }),
    ),
    clientRanges: Type.Optional(
      Type.Array(cidrField("Client addresses home routes back through the tunnel."), {
        minItems: 1,
        description: "With masquerade: false, the client addresses home answers through the tunnel (home's AllowedIPs for the VPS, routed from its tunnel address only). 0.0.0.0/0 for every client.",
      }),
    ),
    proxyProtocol: Type.Optional(
      Type.Boolean({ description: "HAProxy sends PROXY v2 to the gateway, which must accept it (the gateway's proxyProtocol, HS149). Default: the gateway's setting." }),
    ),
  },
  { additionalProperties: false, description: "A VPS edge." },
);

export const Edges = Type.Record(Type.String(), Edge, { description: "VPS edges by name; exposePublic.edge names them." });

export type EdgeT = Static<typeof Edge>;
export type KeyReferenceT = Static<typeof KeyReference>;
