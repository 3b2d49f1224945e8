/**
 * homescale.yaml: platform settings the original kept in Terraform variables and Helm values.
 * A versioned document kind; unknown fields are errors (talos `config/types` habit).
 */
import { Type, type Static } from "@sinclair/typebox";
import { cidrField, hostnameField, nameField } from "./format-fields.js";
import { Auth } from "./layers/auth.js";
import { Edges } from "./layers/edges.js";
import { Certificates, ClusterNetwork, Dns, Gateways, LoadBalancer } from "./layers/network.js";
import { Omni } from "./layers/omni.js";
import { TailscaleSettings } from "./layers/tailscale.js";
import { Talos } from "./layers/talos.js";

export const PLATFORM_API_VERSION = "homescale.dev/v1alpha1";
export const PLATFORM_KIND = "Platform";

const Cidr = cidrField("A subnet in CIDR form, e.g. 10.1.245.0/24 or fd00::/64.");

/** A DNS name without wildcard: domains, zones, the reverse-proxy address (formats/hostname.ts). */
const DnsName = (description: string) => hostnameField(description);

export const ClusterSettings = Type.Object(
  {
    role: Type.Optional(
      Type.Union([Type.Literal("management"), Type.Literal("workload"), Type.Literal("gateway")], {
        description: "management runs Argo CD and shared infrastructure; workload runs apps; gateway routes a region's subnets. Default: workload.",
      }),
    ),
    region: Type.Optional(Type.String({ description: "Region, as in .Values.cluster.region." })),
    routedSubnets: Type.Optional(Type.Array(Cidr, { description: "Gateway clusters: subnets its NetBird router exposes on the mesh." })),
    subnetSources: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          "Gateway clusters: who may reach the routed subnets (source keywords or app:<name>), as one NetBird policy subnets-<cluster>. Default: nobody.",
      }),
    ),
    network: Type.Optional(ClusterNetwork),
    loadBalancer: Type.Optional(LoadBalancer),
    gateways: Type.Optional(Gateways),
    talos: Type.Optional(Talos),
  },
  { additionalProperties: false },
);

export const SourceGroup = Type.Object(
  {
    group: Type.String({ minLength: 1, description: "The NetBird group this source keyword means." }),
    managed: Type.Optional(Type.Boolean({ description: "true: homescale's Terraform creates the group; false (default): it exists already (a data block)." })),
  },
  { additionalProperties: false },
);

export const PlatformSchema = Type.Object(
  {
    apiVersion: Type.Literal(PLATFORM_API_VERSION),
    kind: Type.Literal(PLATFORM_KIND),
    mesh: Type.Optional(
      Type.Union([Type.Literal("netbird"), Type.Literal("tailscale"), Type.Literal("none")], {
        description: "Which mesh the access policies render for; none: the platform has no mesh (its apps are reached through gateways and edges only). Default: netbird.",
      }),
    ),
    labelDomain: Type.Optional(
      nameField(
        "subdomain",
        "a DNS subdomain for label keys",
        "Labels app.<labelDomain>/name and cluster.<labelDomain>/name: a DNS subdomain in lowercase. Default: homescale.cloud.",
      ),
    ),
    domains: Type.Optional(
      Type.Object(
        {
          internal: Type.Optional(DnsName("Mesh names: <service>.<namespace>.<cluster>.<internal>. Default: int.homescale.cloud.")),
          external: Type.Optional(DnsName("NetBird reverse-proxy domain. Default: ext.homescale.cloud.")),
        },
        { additionalProperties: false },
      ),
    ),
    clusters: Type.Optional(
      Type.Record(Type.String(), ClusterSettings, { description: "The clusters, by name. Default: the folders in clusters/." }),
    ),
    argocd: Type.Optional(
      Type.Object(
        {
          namespace: Type.Optional(Type.String({ description: "Where Argo CD runs. Default: argocd." })),
          repoURL: Type.Optional(
            Type.String({ description: "Repository the bootstrap reads: the rendered output, or with plugin the platform's own sources. Default: apps/values.yaml's repoURL." }),
          ),
          targetRevision: Type.Optional(
            Type.String({ description: "Branch the bootstrap reads: of the rendered output, or with plugin of the platform. Default: apps/values.yaml's targetRevision." }),
          ),
          path: Type.Optional(Type.String({ description: "Folder of the rendered output in that repository (not with plugin). Default: clusters." })),
          plugin: Type.Optional(
            Type.Object(
              {
                image: Type.Optional(
                  Type.String({
                    minLength: 1,
                    description:
                      "The sidecar's image: Node 20 with homescale installed (homescale on PATH, nothing fetched at run time), tagged with the homescale version. Default: ghcr.io/homescalecloud/homescale:<homescale version>.",
                  }),
                ),
              },
              {
                additionalProperties: false,
                description:
                  "Argo CD renders each cluster itself: homescale runs as a config-management plugin in a sidecar of argocd-repo-server, and the bootstrap syncs the platform's sources through it. build writes the sidecar (argocd/repo-server-values.yaml, argocd/repo-server-patch.yaml). Set, even to {}, to turn it on.",
              },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    netbird: Type.Optional(
      Type.Object(
        {
          sources: Type.Optional(
            Type.Record(Type.String(), SourceGroup, {
              description: "Source keywords allowed in policies and the NetBird group each means. Replaces the default set.",
            }),
          ),
          dnsZoneGroups: Type.Optional(
            Type.Array(Type.String({ minLength: 1 }), {
              description: "NetBird groups (by name) whose peers resolve the clusters' internal DNS zones. Default: [All].",
            }),
          ),
          operatorApp: Type.Optional(
            Type.String({ minLength: 1, description: "The app that runs the NetBird Kubernetes operator; its namespace holds each cluster's NetworkRouter. Default: netbird." }),
          ),
          ciSetupKey: Type.Optional(
            Type.Object(
              {
                enabled: Type.Optional(Type.Boolean({ description: "Create the CI setup key. Default: true." })),
                name: Type.Optional(Type.String({ minLength: 1, description: "Name of the setup key. Default: homescale-ci." })),
                source: Type.Optional(
                  Type.String({ minLength: 1, description: "Source keyword whose group CI peers join (auto_groups). Default: github-actions." }),
                ),
                expirySeconds: Type.Optional(
                  Type.Integer({
                    minimum: 0,
                    // NetBird multiplies it into a Go time.Duration (int64 nanoseconds), which overflows past this.
                    maximum: 9_223_372_036,
                    description: "Key lifetime in seconds; 0 or unset: no expiry. At most 9223372036 (NetBird's time.Duration overflows beyond).",
                  }),
                ),
              },
              { additionalProperties: false, description: "The one-off, ephemeral NetBird setup key CI jobs join the mesh with." },
            ),
          ),
          reverseProxy: Type.Optional(
            Type.Object(
              {
                cluster: Type.Optional(
                  DnsName(
                    "Address of the NetBird reverse-proxy cluster (the CNAME target of the external domain). Unset: a Terraform variable netbird_proxy_cluster.",
                  ),
                ),
              },
              { additionalProperties: false, description: "The NetBird reverse proxy (exposePublic.via: netbird-proxy)." },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    omni: Type.Optional(Omni),
    edges: Type.Optional(Edges),
    auth: Type.Optional(Auth),
    dns: Type.Optional(Dns),
    certificates: Type.Optional(Certificates),
    tailscale: Type.Optional(TailscaleSettings),
    catalog: Type.Optional(
      Type.Object(
        {
          generation: Type.Optional(
            Type.Union([Type.Literal(1), Type.Literal(2)], {
              description:
                "Which HomeScale catalog chart the repository is written for. 1: per-cluster settings under clusters.<name> in app.yaml (HomeScale until mid-2026). 2: per-cluster deploy and values in the bootstrap values, apps.<name> in clusters/<name>/apps.yaml, and homescale.exposePublicFqdns in every Application (HomeScale today). Unset: detected (check says which, HS160).",
            }),
          ),
        },
        { additionalProperties: false, description: "The catalog chart homescale reproduces." },
      ),
    ),
    cloudflare: Type.Optional(
      Type.Object(
        {
          accountId: Type.Optional(Type.String({ description: "Cloudflare account of the tunnels." })),
          zones: Type.Optional(Type.Array(DnsName("A DNS zone, such as example.com."), { description: "DNS zones public names must fall in. Empty: any name." })),
          connectorApp: Type.Optional(Type.String({ description: "The app that runs the tunnel connector. Default: cloudflared." })),
          tunnelPrefix: Type.Optional(Type.String({ description: "Tunnel name prefix; the name is <prefix><cluster>. Default: homescale-." })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    $id: "https://homescale.dev/schema/homescale.schema.json",
    title: "homescale.yaml",
    description: "Platform settings of a HomeScale repository.",
    additionalProperties: false,
  },
);

export type PlatformFile = Static<typeof PlatformSchema>;
