/**
 * homescale.yaml, per cluster: its addressing, its LAN LoadBalancer addresses and its gateways
 * (seed 003: Cilium LB-IPAM + L2 announcements and Envoy Gateway; seed 004: MetalLB and NGINX).
 * The keys DESIGN.md fixes (network, loadBalancer, gateways) and homescale's own, each documented.
 */
import { Type, type Static } from "@sinclair/typebox";
import { addressRangeField, cidrField, ipField, nameField } from "../format-fields.js";

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
  },
  { additionalProperties: false, description: "An entry point of the cluster." },
);

export const Gateways = Type.Record(Type.String(), Gateway, {
  description: "The cluster's entry points, by key (external, internal, ...): exposures name them with `gateway`.",
});

export type ClusterNetworkT = Static<typeof ClusterNetwork>;
export type LoadBalancerT = Static<typeof LoadBalancer>;
export type GatewayT = Static<typeof Gateway>;
