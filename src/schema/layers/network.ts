/**
 * homescale.yaml, per cluster: its addressing, its LAN LoadBalancer addresses and its gateways
 * (seed 003: Cilium LB-IPAM + L2 announcements and Envoy Gateway; seed 004: MetalLB and NGINX).
 * The keys DESIGN.md fixes (network, loadBalancer, gateways) and homescale's own, each documented.
 */
import { Type, type Static } from "@sinclair/typebox";
import { addressRangeField, cidrField, hostnameField, ipField, nameField } from "../format-fields.js";

export const ClusterNetwork = Type.Object(
  {
    nodes: Type.Optional(cidrField("The LAN of the cluster's nodes, e.g. 192.168.50.0/24.")),
    pods: Type.Optional(cidrField("The pod subnet, e.g. 10.244.0.0/16.")),
    services: Type.Optional(cidrField("The service subnet, e.g. 10.96.0.0/12; CoreDNS answers at its base + 10.")),
  },
  { additionalProperties: false, description: "The cluster's addressing; every range is checked against every other range of the platform." },
);

export const LoadBalancer = Type.Object(
  {
    provider: Type.Union([Type.Literal("cilium"), Type.Literal("metallb")], {
      description: "cilium: a CiliumLoadBalancerIPPool and a CiliumL2AnnouncementPolicy; metallb: an IPAddressPool and an L2Advertisement.",
    }),
    addresses: Type.Array(addressRangeField("A CIDR or a range first-last, inside network.nodes (announced on the LAN by L2)."), {
      minItems: 1,
      description: "The LAN addresses LoadBalancer Services (the gateways) get.",
    }),
    interfaces: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { description: "The nodes' interfaces that announce the addresses (L2). Cilium takes regular expressions; MetalLB names. Default: every interface." }),
    ),
    name: Type.Optional(nameField("service", "a pool name", "Name of the pool and the L2 policy. Default: lan.")),
    namespace: Type.Optional(nameField("service", "a namespace", "metallb: the namespace MetalLB runs in, where its pools must live. Default: metallb-system.")),
  },
  { additionalProperties: false, description: "LAN LoadBalancer IPs (seed 003: Cilium LB-IPAM + L2; seed 004: MetalLB)." },
);

export const Gateway = Type.Object(
  {
    kind: Type.Union([Type.Literal("envoy"), Type.Literal("nginx")], {
      description: "envoy: a Gateway API Gateway (Envoy Gateway) with HTTPRoutes; nginx: ingress-nginx with Ingress objects.",
    }),
    address: Type.Optional(ipField("Its LAN address: a LoadBalancer IP from the cluster's pool (and on the nodes' LAN).")),
    lan: Type.Optional(Type.Boolean({ description: "Reachable from the LAN: exposeLan names go through it, and nothing public does. Default: false." })),
    name: Type.Optional(nameField("service", "a gateway name", "The Gateway's (or the ingress class's) name. Default: envoy-<key> or nginx-<key>.")),
    namespace: Type.Optional(nameField("service", "a namespace", "Where the Gateway and its Certificate live. Default: network.")),
    className: Type.Optional(Type.String({ minLength: 1, description: "The GatewayClass (envoy) or IngressClass (nginx). Default: envoy, nginx." })),
    proxyProtocol: Type.Optional(Type.Boolean({ description: "Accepts the PROXY protocol (v2) from what sends it traffic (an edge's HAProxy). Default: false." })),
    service: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(nameField("service", "a Service name", "Default: the gateway's name (envoy, pinned by its EnvoyProxy), ingress-nginx-controller (nginx).")),
          namespace: Type.Optional(nameField("service", "a namespace", "Default: envoy-gateway-system (envoy), ingress-nginx (nginx).")),
        },
        { additionalProperties: false, description: "The Service in front of the gateway's proxies: where the cluster's tunnel sends the gateway's names." },
      ),
    ),
    tlsNames: Type.Optional(
      Type.Array(hostnameField("A name the gateway's certificate covers (a wildcard covers one label).", { wildcard: true }), {
        minItems: 1,
        description: "The names of the gateway's certificate. Default: every hostname routed through the gateway. With this set, every hostname routed through the gateway must be covered (HS109).",
      }),
    ),
  },
  { additionalProperties: false, description: "An entry point of the cluster." },
);

export const Gateways = Type.Record(Type.String(), Gateway, {
  description: "The cluster's entry points, by key (external, internal, ...): exposures name them with `gateway`.",
});

export type ClusterNetworkT = Static<typeof ClusterNetwork>;
export type LoadBalancerT = Static<typeof LoadBalancer>;
export type GatewayT = Static<typeof Gateway>;

/** Who keeps DNS for which names (one owner each): homescale.yaml `dns`. */
export const Dns = Type.Object(
  {
    lan: Type.Optional(
      Type.Union([Type.Literal("external-dns"), Type.Literal("k8s-gateway")], {
        description:
          "Who answers exposeLan names: external-dns writing them into the LAN's DNS (it reads the LAN gateway's routes and its target annotation), or k8s-gateway answering from the routes itself. Public names are always homescale's Terraform's (cloudflare.tf.json). Default: external-dns.",
      }),
    ),
    externalDnsVersion: Type.Optional(
      Type.String({ pattern: "^v?[0-9]+\\.[0-9]+\\.[0-9]+$", description: "The external-dns version the clusters run: its annotation prefix changed in 0.22.0 (external-dns.alpha.kubernetes.io/ before, external-dns.kubernetes.io/ from then). Default: 0.21.0." }),
    ),
  },
  { additionalProperties: false, description: "DNS ownership: public names are homescale's Terraform's; LAN names the LAN resolver's; never both." },
);

/** homescale.yaml `certificates`: the cert-manager ClusterIssuer the gateways' certificates come from. */
export const Certificates = Type.Object(
  {
    issuer: Type.Optional(nameField("service", "an issuer name", "The ClusterIssuer's name. Default: letsencrypt-production.")),
    email: Type.Optional(Type.String({ minLength: 3, description: "The ACME account's e-mail (Let's Encrypt writes about expiring certificates)." })),
    server: Type.Optional(Type.String({ pattern: "^https://", description: "The ACME directory. Default: Let's Encrypt production." })),
    cloudflareToken: Type.Optional(
      Type.Object(
        { name: nameField("service", "a Secret name", "The Secret holding the Cloudflare API token (Zone DNS Edit, Zone Read), in cert-manager's namespace."), key: Type.String({ minLength: 1 }) },
        { additionalProperties: false, description: "DNS-01 through Cloudflare: the API token as a Secret reference, never the token. Default: cloudflare-api-token, key api-token." },
      ),
    ),
  },
  { additionalProperties: false, description: "Certificates for the gateways' HTTPS listeners (cert-manager, ACME DNS-01 through Cloudflare)." },
);

export type DnsT = Static<typeof Dns>;
export type CertificatesT = Static<typeof Certificates>;
