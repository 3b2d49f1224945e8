/**
 * app.yaml: one source for the TypeScript types, the validator and the published JSON Schema.
 * Field names and meanings follow HomeScale's catalog chart (seed 001) and Terraform modules (seed 000).
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { withCode } from "./annotate.js";
import { hostnameField, nameField } from "./format-fields.js";

const PORT_PATTERN = "^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";

export const Port = withCode(
  Type.String({ pattern: PORT_PATTERN, description: "A port number from 1 to 65535, written as a string: \"443\"." }),
  "HS024",
  "a port",
);

export const Protocol = Type.Union([Type.Literal("tcp"), Type.Literal("udp"), Type.Literal("icmp"), Type.Literal("all")], {
  description: "The protocol the rule admits.",
});

export const PolicyRule = Type.Object(
  {
    sources: Type.Array(Type.String(), {
      minItems: 1,
      description:
        "Who may connect: a source keyword (all, team-infra-plat, team-sec-plat, github-actions, owners, sg-k8s-admin, or any set in homescale.yaml) or app:<name> for another app's group.",
    }),
    protocol: Protocol,
    ports: Type.Optional(Type.Array(Port, { description: "Destination ports; omitted means every port." })),
    description: Type.Optional(Type.String({ description: "Shown on the NetBird policy." })),
  },
  { additionalProperties: false, description: "One NetBird policy: sources may reach this app's group on these ports." },
);

/** An app's Tailscale access: the same shape as netbird:, one grant per rule into tag:app-<name>. */
export const TailscaleAccess = Type.Object(
  {
    policy: Type.Optional(
      Type.Object(
        { rules: Type.Array(PolicyRule, { description: "One grant per rule: sources -> tag:app-<name>, ip <protocol>:<port> for each port." }) },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      "Tailnet access to this app (mesh: tailscale), account-wide (never under clusters.<name>). Sources are source keywords, app:<name>, or policy identifiers (group:x@domain, tag:x, autogroup:x, *). Without it no grant opens the app's tag.",
  },
);

export const Netbird = Type.Object(
  {
    policy: Type.Optional(
      Type.Object(
        { rules: Type.Array(PolicyRule, { description: "One netbird_policy per rule: app-<name> for one rule, app-<name>-<i> for several." }) },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      "Mesh access to this app, account-wide (never under clusters.<name>). Without it nobody can reach the app over NetBird. The destination is always the app's own group app-<name>.",
  },
);

/** A public hostname: the one rule for fqdn and alias (formats/hostname.ts); a wildcard is the whole leftmost label. */
const PublicName = (description: string) => hostnameField(description, { wildcard: true });

const ServicePort = () => withCode(Type.Integer({ minimum: 1, maximum: 65535, description: "The Service port the name reaches." }), "HS024", "a port");

function exposePublicFields() {
  return {
    cluster: Type.String({ description: "The cluster that serves the public name; the app must run there." }),
    fqdn: PublicName("The public hostname, e.g. www.example.com."),
    port: ServicePort(),
    via: Type.Optional(
      Type.Union([Type.Literal("tunnel"), Type.Literal("netbird-proxy"), Type.Literal("gateway"), Type.Literal("edge")], {
        description:
          "tunnel (default): the cluster's Cloudflare tunnel straight to the Service; netbird-proxy: the NetBird reverse proxy under the external domain; gateway: the cluster's tunnel to one of its gateways, which routes the name; edge: a VPS edge (edges in homescale.yaml), over WireGuard to a gateway.",
      }),
    ),
    alias: Type.Optional(PublicName("A second public name for the same exposure (a friendlier CNAME with netbird-proxy, a second route hostname with gateway or edge).")),
    gateway: Type.Optional(
      Type.String({ minLength: 1, description: "via gateway: which gateway of the cluster (clusters.<c>.gateways in homescale.yaml). Default: external." }),
    ),
    edge: Type.Optional(Type.String({ minLength: 1, description: "via edge: which VPS edge (edges in homescale.yaml) carries the name." })),
    auth: Type.Optional(
      Type.String({ minLength: 1, description: "via gateway or edge: an auth provider of homescale.yaml (auth.<name>) that must let the request through (Envoy ext-auth)." }),
    ),
    tls: Type.Optional(
      Type.Boolean({
        description: "The Service speaks TLS on its port: the tunnel sends https:// to it, with the public name as the origin server name (SNI). Default: false (http://).",
      }),
    ),
    cacheBypass: Type.Optional(
      Type.Boolean({ description: "Cloudflare caches nothing of this name (a cache rule that bypasses the cache for the hostname). Default: false." }),
    ),
    access: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, description: "The Access application's name. Default: the public name." })),
          sessionDuration: Type.Optional(Type.String({ pattern: "^[0-9]+(ns|us|µs|ms|s|m|h)$", description: "How long a login lasts (Go duration). Default: Cloudflare's, 24h." })),
          policies: Type.Optional(
            Type.Array(Type.String({ minLength: 1 }), { description: "Ids of reusable Access policies (account level) the application uses. Default: none, so a Terraform variable supplies them." }),
          ),
        },
        { additionalProperties: false, description: "Put the name behind Cloudflare Access: a self-hosted Access application for it. `access: {}` asks for one with the defaults." },
      ),
    ),
  };
}

export const ExposePublicEntry = Type.Object(exposePublicFields(), { additionalProperties: false, description: "Publish this app on the internet." });

/** One exposure (HomeScale at the corpus commit), or a list of them (HomeScale today). */
export const ExposePublic = Type.Union([ExposePublicEntry, Type.Array(ExposePublicEntry)], {
  description: "Publish this app on the internet: one exposure, or a list of them (each names its cluster).",
});

/**
 * exposePublic under clusters.<name>: a map deep-merges over the base's, so it may set only what
 * differs (`port: 8080`; the merged value is checked whole, model/merged-overrides.ts); a list
 * replaces the base's, as every list does.
 */
const ExposePublicOverride = Type.Union(
  [
    Type.Partial(Type.Object(exposePublicFields(), { additionalProperties: false }), {
      additionalProperties: false,
      description: "Merged key by key over the base exposePublic.",
    }),
    Type.Array(ExposePublicEntry),
  ],
  { description: "Publish this app on the internet from this cluster: a map merged over the base exposePublic, or a list that replaces it." },
);

/** A name served only on the LAN, through a gateway of the cluster reachable from it (lan: true). */
export const ExposeLanEntry = Type.Object(
  {
    cluster: Type.String({ description: "The cluster that serves the name; the app must run there." }),
    fqdn: hostnameField("The LAN hostname, e.g. sonarr.home.example.com. Never published in public DNS.", { wildcard: false }),
    port: ServicePort(),
    gateway: Type.Optional(Type.String({ minLength: 1, description: "Which gateway of the cluster (it must have lan: true). Default: internal." })),
    auth: Type.Optional(Type.String({ minLength: 1, description: "An auth provider of homescale.yaml (auth.<name>) that must let the request through." })),
  },
  { additionalProperties: false, description: "Serve this app on the LAN under a name." },
);

const IgnoreDifference = Type.Object(
  {
    group: Type.Optional(Type.String()),
    kind: Type.String(),
    name: Type.Optional(Type.String()),
    namespace: Type.Optional(Type.String()),
    jsonPointers: Type.Optional(Type.Array(Type.String())),
    jqPathExpressions: Type.Optional(Type.Array(Type.String())),
    managedFieldsManagers: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false, description: "An Argo CD ignoreDifferences entry." },
);

const ExtraSource = Type.Object(
  {
    repoURL: Type.String(),
    targetRevision: Type.Optional(Type.String()),
    path: Type.Optional(Type.String()),
    chart: Type.Optional(Type.String()),
    ref: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    helm: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    kustomize: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    directory: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false, description: "An extra Argo CD source; the app's own chart stays first." },
);

const FreeMap = (description: string) => Type.Record(Type.String(), Type.Unknown(), { description });
const StringMap = (description: string) => Type.Record(Type.String(), Type.String(), { description });

/** Fields an app may set in its base file and, except netbird and clusters, per cluster. */
function appFields() {
  return {
    path: Type.String({ minLength: 1, description: "The app's chart in the repository, e.g. apps/argocd." }),
    namespace: Type.String({ minLength: 1, description: "The namespace the app deploys into." }),
    releaseName: Type.Optional(
      nameField("release", "a Helm release name", "Helm release name (at most 53 characters, as Helm requires). Default: the app folder name."),
    ),
    service: Type.Optional(nameField("service", "a Service name", "The app's main Service, for internal names and public routes. Default: releaseName.")),
    syncWave: Type.Optional(
      withCode(
        Type.Integer({
          minimum: -Number.MAX_SAFE_INTEGER,
          maximum: Number.MAX_SAFE_INTEGER,
          description: "Argo CD sync wave (a Go int); lower syncs first. Default: 0.",
        }),
        "HS025",
        "an integer",
      ),
    ),
    syncOptions: Type.Optional(Type.Array(Type.String(), { description: "Added to the catalog's syncOptions, duplicates removed." })),
    syncPolicy: Type.Optional(FreeMap("Merged over the catalog's syncPolicy.")),
    defaultDeploy: Type.Optional(Type.Boolean({ description: "Deploy on every cluster unless clusters.<name>.deploy says otherwise. Default: false." })),
    podSecurity: Type.Optional(
      Type.Union([Type.Literal("privileged"), Type.Literal("baseline"), Type.Literal("restricted")], {
        description: "Pod Security level for the namespace (enforce, warn and audit labels).",
      }),
    ),
    values: Type.Optional(FreeMap("Helm values, rendered into valuesObject. Strings may use {{ .Values.cluster.name }} and the template subset.")),
    valueFiles: Type.Optional(Type.Array(Type.String(), { description: "Helm value files, relative to the chart." })),
    extraSources: Type.Optional(Type.Array(ExtraSource, { description: "More Argo CD sources; makes the Application multi-source." })),
    ignoreDifferences: Type.Optional(Type.Array(IgnoreDifference)),
    annotations: Type.Optional(StringMap("Extra annotations on the Application.")),
    labels: Type.Optional(StringMap("Extra labels on the Application.")),
    project: Type.Optional(Type.String({ description: "Argo CD project. Default: the catalog's project." })),
    repoURL: Type.Optional(Type.String({ description: "Repository of the chart. Default: the catalog's repoURL." })),
    targetRevision: Type.Optional(Type.String({ description: "Revision of the chart. Default: the catalog's targetRevision." })),
    destination: Type.Optional(
      Type.Object(
        { name: Type.Optional(Type.String()), server: Type.Optional(Type.String()) },
        { additionalProperties: false, description: "Destination cluster. Default: the catalog's destination." },
      ),
    ),
    revisionHistoryLimit: Type.Optional(
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "Default: the catalog's revisionHistoryLimit." }),
    ),
    exposePublic: Type.Optional(ExposePublic),
    exposeLan: Type.Optional(Type.Array(ExposeLanEntry, { description: "Names served only on the LAN, through a gateway with lan: true (LAN DNS, a LoadBalancer address)." })),
  };
}

/** How a field reads under clusters.<name>: everything optional, exposePublic a fragment merged over the base. */
function overrideField(key: string, schema: TSchema): TSchema {
  if (key === "path" || key === "namespace") return Type.Optional(schema);
  if (key === "exposePublic") return Type.Optional(ExposePublicOverride);
  return schema;
}

export const ClusterOverride = Type.Object(
  {
    deploy: Type.Optional(Type.Boolean({ description: "Enable or disable the app on this cluster." })),
    ...Object.fromEntries(Object.entries(appFields()).map(([k, v]) => [k, overrideField(k, v)])),
  } as Record<string, TSchema>,
  { additionalProperties: false, description: "Per-cluster settings, deep-merged over the base file (maps merge, everything else replaces)." },
);

export const AppSchema = Type.Object(
  {
    ...appFields(),
    netbird: Type.Optional(Netbird),
    tailscale: Type.Optional(TailscaleAccess),
    clusters: Type.Optional(Type.Record(Type.String(), ClusterOverride, { description: "Per-cluster enablement and overrides, by cluster name." })),
  },
  {
    $id: "https://homescale.dev/schema/app.schema.json",
    title: "homescale app.yaml",
    description: "One app of the catalog: apps/<name>/app.yaml.",
    additionalProperties: false,
  },
);

export type AppFile = Static<typeof AppSchema>;
export type PolicyRuleT = Static<typeof PolicyRule>;
export type ExposePublicT = Static<typeof ExposePublicEntry>;
export type ExposeLanT = Static<typeof ExposeLanEntry>;
export type IgnoreDifferenceT = Static<typeof IgnoreDifference>;
export type ExtraSourceT = Static<typeof ExtraSource>;
/** The effective app on one cluster: the base merged with clusters.<name>, minus deploy. */
export type AppSpec = Omit<AppFile, "clusters">;
