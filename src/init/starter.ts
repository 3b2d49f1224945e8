import { jsonSchemaText, schemaFiles } from "../schema/json-schema.js";

/**
 * Where the starter keeps the JSON Schemas of its files. Editors resolve the modelines below from
 * there, offline, with nothing installed but a YAML language server; `homescale schema --write
 * schema` brings them up to date after an upgrade.
 */
export const STARTER_SCHEMA_DIR = "schema";

/** The modeline of a file at `file` (repository-relative) for the schema named `schema`: a path relative to the file. */
function modeline(file: string, schema: string): string {
  const depth = file.split("/").length - 1;
  return `# yaml-language-server: $schema=${"../".repeat(depth)}${STARTER_SCHEMA_DIR}/${schema}`;
}

/**
 * The starter platform `homescale init` writes: one cluster, the tunnel connector, and one public
 * app with a mesh policy, and the JSON Schemas its modelines point at. It passes check as written,
 * and each file says what to change.
 */
export function starterFiles(): Map<string, string> {
  const f = new Map<string, string>();
  for (const s of schemaFiles) f.set(`${STARTER_SCHEMA_DIR}/${s.file}`, jsonSchemaText(s.schema));
  f.set(
    "homescale.yaml",
    `${modeline("homescale.yaml", "homescale.schema.json")}
# Platform settings. Run \`homescale schema platform\` for every field.
apiVersion: homescale.dev/v1alpha1
kind: Platform
labelDomain: example.com            # labels app.example.com/name and cluster.example.com/name
domains:
  internal: int.example.com         # mesh names: <service>.<namespace>.<cluster>.int.example.com
  external: ext.example.com         # NetBird reverse-proxy names
clusters:
  home: {role: workload}
argocd:
  namespace: argocd
netbird:
  sources:                          # the keywords policies may use, and the NetBird group each means
    all: {group: All}
    admins: {group: admins}
cloudflare:
  zones: [example.com]              # public names must fall in one of these zones
`,
  );
  f.set(
    "apps/Chart.yaml",
    `apiVersion: v2
name: apps
description: The app catalog; homescale renders one Argo CD Application per enabled app.
type: application
version: 0.1.0
`,
  );
  f.set(
    "apps/values.yaml",
    `${modeline("apps/values.yaml", "values.schema.json")}
# Catalog defaults for every Application.
project: default
repoURL: https://github.com/example/platform.git   # this repository
targetRevision: main
applicationNamePrefix: ""
revisionHistoryLimit: 10
cluster:
  name: ""
  region: ""
destination:
  name: ""
  server: https://kubernetes.default.svc
syncPolicy:
  automated:
    prune: true
    selfHeal: true
syncOptions:
  - CreateNamespace=true
`,
  );
  f.set(
    "apps/cloudflared/app.yaml",
    `${modeline("apps/cloudflared/app.yaml", "app.schema.json")}
# The Cloudflare tunnel connector: a cluster serves public names only where this runs.
path: apps/cloudflared
namespace: cloudflared
syncWave: -10
defaultDeploy: true
values:
  tunnelName: "homescale-{{ .Values.cluster.name }}"
`,
  );
  f.set("apps/cloudflared/Chart.yaml", chart("cloudflared", "The Cloudflare tunnel connector."));
  f.set(
    "apps/whoami/app.yaml",
    `${modeline("apps/whoami/app.yaml", "app.schema.json")}
path: apps/whoami
namespace: whoami
releaseName: whoami
# The Service the chart creates: NetBird's NetworkResource for the app names it.
service: whoami
syncWave: 0
podSecurity: restricted
defaultDeploy: false
clusters:
  home:
    deploy: true
values:
  replicaCount: 1
  clusterName: "{{ .Values.cluster.name }}"
netbird:
  policy:
    rules:
      - sources: [admins]
        protocol: tcp
        ports: ["80"]
exposePublic:
  cluster: home
  fqdn: whoami.example.com
  port: 80
`,
  );
  f.set("apps/whoami/Chart.yaml", chart("whoami", "A tiny echo service, public through the tunnel."));
  f.set("clusters/home/README.md", "Raw manifests for the cluster `home` go here.\n");
  f.set(
    "README.md",
    `# Platform repository

Managed with homescale. \`homescale check\` validates it; \`homescale build --out out\` renders it.

- \`homescale.yaml\`: platform settings (domains, clusters, source groups, zones).
- \`apps/values.yaml\`: catalog defaults for every Argo CD Application.
- \`apps/<name>/app.yaml\`: one app: where it runs, its values, who may reach it, its public name.
- \`schema/\`: the JSON Schemas of these files. Each file's first line points an editor's YAML
  language server at its schema, so it completes and checks fields offline; after upgrading
  homescale, \`homescale schema --write schema\` brings them up to date.
`,
  );
  return f;
}

function chart(name: string, description: string): string {
  return `apiVersion: v2
name: ${name}
description: ${description}
type: application
version: 0.1.0
`;
}
