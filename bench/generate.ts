/**
 * A deterministic synthetic HomeScale platform repository, for benchmarks.
 *
 * generatePlatform(dir, {apps, clusters, seed}) writes homescale.yaml, apps/values.yaml,
 * apps/Chart.yaml, clusters/<name>/cluster.yaml and N apps/<name>/{app.yaml,Chart.yaml}, modelled
 * on the real corpus (shared/corpus/homescale-public-*): mostly small app.yaml files, some medium
 * ones and a few large ones (100-300 lines of nested values with block scalars), `{{ .Values.cluster.* }}`
 * templates, per-cluster deploy/values overrides, NetBird rules with valid sources, ~2% public
 * apps (tunnel on a workload cluster running cloudflared, or the NetBird reverse proxy), operator
 * and `-crs` pairs in the right sync-wave order, consistent podSecurity per namespace.
 *
 * Everything comes from one seeded PRNG: the same options give byte-identical files. The result is
 * meant to pass `homescale check` with zero diagnostics.
 *
 * mutatePercent(dir, percent, seed) edits ~percent% of the apps in place (a values tweak, a sync
 * wave, a policy port), for `plan` benchmarks.
 */
import fs from "node:fs";
import path from "node:path";
import { layerPlatform, type LayerCounts } from "./generate-layers.js";

// ---------------------------------------------------------------- PRNG

/** mulberry32: tiny, fast, good enough for synthetic data, and identical on every machine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** k distinct items, in the order of xs. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const idx = xs.map((_, i) => i);
    for (let i = 0; i < Math.min(k, idx.length); i++) {
      const j = i + Math.floor(this.next() * (idx.length - i));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx
      .slice(0, Math.min(k, idx.length))
      .sort((a, b) => a - b)
      .map((i) => xs[i]!);
  }
  /** A derived generator, so that adding draws in one place does not shift another. */
  fork(salt: string): Rng {
    let h = this.s ^ 0x811c9dc5;
    for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193);
    return new Rng(h >>> 0);
  }
}

// ---------------------------------------------------------------- YAML emitting

export type Y = string | number | boolean | null | Y[] | { [k: string]: Y } | Block | Flow | FlowMap;

/** A literal block scalar (`|`). */
class Block {
  constructor(readonly text: string) {}
}
/** A list written in flow style: ["a", "b"]. */
export class Flow {
  constructor(readonly items: (string | number)[]) {}
}
/** A map written in flow style: {name: A, value: "b"} (how env lists are often written). */
export class FlowMap {
  constructor(readonly entries: { [k: string]: string | number | boolean }) {}
}

const RESERVED = /^(?:true|false|null|~|y|n|yes|no|on|off)$/i;
const PLAIN_WORD = /^[A-Za-z_/][A-Za-z0-9_./@+=-]*$/;
const PLAIN_QUANTITY = /^[0-9]+(?:m|Mi|Gi|Ki|Ti|s|h|d|ms)$/;

function scalar(s: string): string {
  if (s === "") return '""';
  if ((PLAIN_WORD.test(s) && !RESERVED.test(s) && !/[-.]$/.test(s)) || PLAIN_QUANTITY.test(s)) return s;
  return JSON.stringify(s);
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k);
}

function inline(v: Y): string | undefined {
  if (v === null) return "null";
  if (typeof v === "string") return scalar(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Flow) return `[${v.items.map((x) => (typeof x === "number" ? String(x) : JSON.stringify(x))).join(", ")}]`;
  if (v instanceof FlowMap) return `{${Object.entries(v.entries).map(([k, x]) => `${key(k)}: ${typeof x === "string" ? scalar(x) : String(x)}`).join(", ")}}`;
  if (Array.isArray(v) && v.length === 0) return "[]";
  if (!Array.isArray(v) && !(v instanceof Block) && !(v instanceof FlowMap) && typeof v === "object" && Object.keys(v).length === 0) return "{}";
  return undefined;
}

/** Block-style YAML of a mapping's entries at the given indentation. */
export function emitMap(obj: { [k: string]: Y }, indent = 0, out: string[] = []): string[] {
  const pad = " ".repeat(indent);
  for (const [k, v] of Object.entries(obj)) {
    const one = inline(v);
    if (one !== undefined) out.push(`${pad}${key(k)}: ${one}`);
    else if (v instanceof Block) {
      out.push(`${pad}${key(k)}: |`);
      for (const line of v.text.replace(/\n$/, "").split("\n")) out.push(line === "" ? "" : `${pad}  ${line}`);
    } else if (Array.isArray(v)) {
      out.push(`${pad}${key(k)}:`);
      emitSeq(v, indent + 2, out);
    } else {
      out.push(`${pad}${key(k)}:`);
      emitMap(v as { [k: string]: Y }, indent + 2, out);
    }
  }
  return out;
}

function emitSeq(items: Y[], indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  for (const v of items) {
    const one = inline(v);
    if (one !== undefined) out.push(`${pad}- ${one}`);
    else if (Array.isArray(v) || v instanceof Block) {
      // not produced by the generator; keep it valid anyway
      out.push(`${pad}-`);
      if (Array.isArray(v)) emitSeq(v, indent + 2, out);
      else emitMap({ text: v }, indent + 2, out);
    } else {
      const lines = emitMap(v as { [k: string]: Y }, indent + 2);
      out.push(`${pad}- ${lines[0]!.slice(indent + 2)}`);
      for (let i = 1; i < lines.length; i++) out.push(lines[i]!);
    }
  }
}

function lineCount(v: { [k: string]: Y }): number {
  return emitMap(v).length;
}

// ---------------------------------------------------------------- vocabulary

const REGIONS = ["boa1", "lon1", "fra1", "nyc1", "sfo1", "sin1", "syd1", "ams1", "tor1", "par1", "tyo1", "gru1"];
const WORKLOAD_KINDS = ["prod", "stg", "dev", "edge", "batch", "ml", "data", "ops"];
const DOMAINS = [
  "billing", "orders", "search", "auth", "identity", "payments", "catalog", "inventory", "shipping", "checkout",
  "ledger", "reports", "analytics", "media", "assets", "mail", "chat", "notify", "calendar", "wiki",
  "forum", "photos", "music", "video", "backup", "vault", "secrets", "dns", "proxy", "mesh",
  "registry", "builds", "runner", "docs", "status", "uptime", "logs", "traces", "alerts", "metrics2",
  "grafana", "loki", "tempo", "mimir", "kafka", "redis", "postgres", "mysql", "mongo", "minio",
  "nats", "rabbit", "etcd", "consul", "keycloak", "gitea", "harbor", "jenkins", "sonar", "nexus",
  "homebox", "paperless", "immich", "jellyfin", "nextcloud", "vaultwarden", "mealie", "frigate", "zigbee", "mqtt",
  "pihole", "adguard", "unifi", "octoprint", "syncthing", "calibre", "kavita", "audiobook", "podcast", "rss",
];
const ROLES = [
  "api", "web", "worker", "db", "cache", "gateway", "sync", "scheduler", "exporter", "ui",
  "admin", "queue", "indexer", "ingest", "relay", "bridge", "agent", "controller", "backend", "frontend",
  "cron", "store", "edge", "portal", "hub",
];
const CHARTS = [
  { name: "app-template", repo: "https://bjw-s-labs.github.io/helm-charts/", version: "4.2.0" },
  { name: "common", repo: "https://charts.bitnami.com/bitnami", version: "2.31.3" },
  { name: "postgresql", repo: "https://charts.bitnami.com/bitnami", version: "16.7.4" },
  { name: "redis", repo: "https://charts.bitnami.com/bitnami", version: "21.2.3" },
  { name: "ingress-nginx", repo: "https://kubernetes.github.io/ingress-nginx", version: "4.12.3" },
  { name: "kube-prometheus-stack", repo: "https://prometheus-community.github.io/helm-charts", version: "75.6.1" },
  { name: "loki", repo: "https://grafana.github.io/helm-charts", version: "6.30.1" },
  { name: "minio", repo: "https://charts.min.io/", version: "5.4.0" },
];
const PORTS = ["80", "443", "8080", "8443", "9090", "9100", "3000", "3100", "5432", "6379", "25565", "53", "5000", "9000", "4222"];
const KEYWORD_SOURCES = ["all", "team-infra-plat", "team-sec-plat", "github-actions", "owners", "sg-k8s-admin"];
export const ZONES = ["example.com", "example.net", "homescale.dev"];
const STORAGE = ["longhorn", "local-path", "ceph-block"];
const CPU = ["10m", "25m", "50m", "100m", "250m", "500m", "1", "2"];
const MEM = ["32Mi", "64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "2Gi", "4Gi"];
const WAVES = [-40, -30, -20, -10, -5, 0, 0, 0, 0, 0, 5, 10, 20];

export const T_NAME = "{{ .Values.cluster.name }}";
const T_REGION = "{{ .Values.cluster.region }}";

// ---------------------------------------------------------------- platform shape

export interface ClusterDef {
  name: string;
  role: "management" | "workload" | "gateway";
  region: string;
  routedSubnets?: string[];
}

export interface GenerateOptions {
  apps: number;
  clusters: number;
  seed?: number;
  /**
   * default: values as the corpus has them (40% of the apps template a few values).
   * templated: every app also has eight env entries templated with the cluster's name (flow-style
   * maps in a list) and about five per-cluster overrides holding templates: catalogs that template
   * their values per cluster, as the corpus does in argocd, metrics and netbird (issue 18).
   * layered: the default catalog plus the layers of issues 8-11 (bench/generate-layers.ts).
   */
  shape?: Shape;
}

export type Shape = "default" | "templated" | "layered";

export interface GeneratedPlatform {
  dir: string;
  clusters: ClusterDef[];
  apps: string[];
  publicApps: string[];
  files: number;
  bytes: number;
  /** Lines of app.yaml: total, and the largest file. */
  appLines: { total: number; max: number };
  /** The layered shape: what its layers hold. */
  layers?: LayerCounts;
}

export function planClusters(n: number): ClusterDef[] {
  if (n < 1) throw new Error("at least one cluster");
  const regionCount = n >= 3 ? Math.max(1, Math.min(REGIONS.length, Math.round((n - 1) / 5))) : 1;
  const regions = REGIONS.slice(0, regionCount);
  const out: ClusterDef[] = [{ name: "mgmt", role: "management", region: regions[0]! }];
  if (n === 1) return out;
  const gateways = n >= 3 ? regionCount : 0;
  regions.slice(0, gateways).forEach((r, i) => out.push({ name: `${r}-gw`, role: "gateway", region: r, routedSubnets: [`10.${i + 1}.245.0/24`] }));
  const workloads = n - 1 - gateways;
  for (let i = 0; i < workloads; i++) {
    const region = regions[i % regions.length]!;
    const k = Math.floor(i / regions.length);
    const kind = k < WORKLOAD_KINDS.length ? WORKLOAD_KINDS[k]! : `w${k}`;
    out.push({ name: `${region}-${kind}`, role: "workload", region });
  }
  return out;
}

function appNames(n: number, rng: Rng): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  let round = 0;
  while (names.length < n) {
    const d = rng.pick(DOMAINS);
    const r = rng.pick(ROLES);
    let name = rng.chance(0.15) ? d : `${d}-${r}`;
    if (seen.has(name)) {
      round++;
      // never "-<digits>": app x-1 and rule 1 of app x would both own the NetBird policy app-x-1
      name = `${d}-${r}-v${1 + (round % 97)}`;
      if (seen.has(name)) continue;
    }
    seen.add(name);
    names.push(name);
  }
  return names;
}

export interface Override {
  deploy?: boolean;
  syncWave?: number;
  namespace?: string;
  values?: { [k: string]: Y };
  exposePublic?: { [k: string]: Y };
}

export interface AppPlan {
  name: string;
  namespace: string;
  releaseName: string;
  service?: string;
  wave: number;
  podSecurity?: string;
  syncOptions?: string[];
  defaultDeploy?: boolean;
  enabled: Set<string>;
  overrides: Map<string, Override>;
  values?: { [k: string]: Y };
  rules?: { sources: string[]; protocol: string; ports?: string[]; description?: string }[];
  exposePublic?: { [k: string]: Y } | Y[];
  /** Which mesh block the rules are written under (the layered shape's is tailscale). */
  meshKey?: "netbird" | "tailscale";
  exposeLan?: Y[];
  ignoreDifferences?: Y[];
  annotations?: { [k: string]: string };
  labels?: { [k: string]: string };
  extraSources?: Y[];
  chart?: (typeof CHARTS)[number];
  headerComment?: string;
  pair?: "operator" | "crs";
  valuesFirst: boolean;
}

// ---------------------------------------------------------------- values building blocks

function image(rng: Rng, name: string): { [k: string]: Y } {
  return {
    image: {
    repository: rng.chance(0.5) ? `ghcr.io/example/${name}` : `docker.io/library/${name.split("-")[0]}`,
    tag: rng.chance(0.3) ? "latest" : `v${rng.int(0, 4)}.${rng.int(0, 30)}.${rng.int(0, 12)}`,
    pullPolicy: rng.pick(["IfNotPresent", "Always"]),
    },
  };
}

function resources(rng: Rng): { [k: string]: Y } {
  const c = rng.int(0, CPU.length - 3);
  const m = rng.int(0, MEM.length - 3);
  return {
    resources: {
      requests: { cpu: CPU[c]!, memory: MEM[m]! },
      limits: { cpu: CPU[c + rng.int(1, 2)]!, memory: MEM[m + rng.int(1, 2)]! },
    },
  };
}

function probes(rng: Rng): { [k: string]: Y } {
  const p = (): { [k: string]: Y } => ({
    httpGet: { path: rng.pick(["/healthz", "/readyz", "/api/health", "/-/ready", "/ping"]), port: rng.pick(["http", "metrics", 8080]), scheme: rng.pick(["HTTP", "HTTPS"]) },
    initialDelaySeconds: rng.int(0, 30),
    periodSeconds: rng.pick([5, 10, 15, 30]),
    timeoutSeconds: rng.int(1, 5),
    failureThreshold: rng.int(3, 6),
  });
  return { readinessProbe: p(), livenessProbe: p() };
}

function securityContext(rng: Rng): { [k: string]: Y } {
  const caps: { [k: string]: Y } = rng.chance(0.2) ? { add: rng.sample(["NET_ADMIN", "NET_RAW", "SYS_ADMIN", "CHOWN", "SETUID", "SETGID"], rng.int(1, 3)), drop: ["ALL"] } : { drop: ["ALL"] };
  return {
    podSecurityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: rng.chance(0.7), capabilities: caps },
  };
}

function service(rng: Rng): { [k: string]: Y } {
  const port = rng.pick([80, 8080, 3000, 9000, 5000]);
  return { service: { type: rng.pick(["ClusterIP", "ClusterIP", "LoadBalancer"]), port, targetPort: rng.pick(["http", port]) } };
}

function ingress(rng: Rng, name: string): { [k: string]: Y } {
  const host = rng.chance(0.6) ? `${name}.${T_NAME}.int.example.com` : `${name}.int.example.com`;
  return {
    ingress: {
      enabled: rng.chance(0.6),
      className: rng.pick(["traefik", "nginx", "cilium"]),
      annotations: { "cert-manager.io/cluster-issuer": rng.pick(["letsencrypt", "internal-ca"]) },
      hosts: [{ host, paths: [{ path: "/", pathType: "Prefix" }] }],
      tls: [{ secretName: `${name}-tls`, hosts: [host] }],
    },
  };
}

function persistence(rng: Rng): { [k: string]: Y } {
  return {
    persistence: {
      enabled: true,
      storageClassName: rng.pick(STORAGE),
      accessModes: [rng.pick(["ReadWriteOnce", "ReadWriteMany"])],
      size: `${rng.pick([1, 2, 5, 10, 20, 50, 100])}Gi`,
    },
  };
}

function env(rng: Rng, name: string): { [k: string]: Y } {
  const vars: Y[] = [];
  const n = rng.int(2, 7);
  const prefix = name.split("-")[0]!.toUpperCase();
  for (let i = 0; i < n; i++) {
    const k = rng.pick(["LOG_LEVEL", "PORT", "DATABASE_URL", "REDIS_URL", "TZ", "CLUSTER", "REGION", "FEATURE_FLAGS", "OTEL_EXPORTER_OTLP_ENDPOINT", "API_TOKEN"]);
    const varName = `${prefix}_${k}_${i}`;
    if (k === "API_TOKEN" || k === "DATABASE_URL") vars.push({ name: varName, valueFrom: { secretKeyRef: { name: `${name}-secrets`, key: k.toLowerCase() } } });
    else if (k === "CLUSTER") vars.push({ name: varName, value: T_NAME });
    else if (k === "REGION") vars.push({ name: varName, value: T_REGION });
    else if (k === "PORT") vars.push({ name: varName, value: String(rng.pick([8080, 3000, 9000])) });
    else if (k === "TZ") vars.push({ name: varName, value: rng.pick(["Europe/London", "UTC", "America/New_York"]) });
    else if (k === "OTEL_EXPORTER_OTLP_ENDPOINT") vars.push({ name: varName, value: "http://tempo.traces.svc.cluster.local:4317" });
    else vars.push({ name: varName, value: rng.pick(["info", "debug", "warn", "enabled", "beta,metrics"]) });
  }
  return { env: vars };
}

function metrics(rng: Rng): { [k: string]: Y } {
  return {
    metrics: {
      enabled: true,
      serviceMonitor: { enabled: rng.chance(0.7), interval: rng.pick(["15s", "30s", "1m"]), scrapeTimeout: "10s", labels: { release: "kube-prometheus-stack" } },
    },
    podAnnotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(rng.pick([9090, 9100, 8080])) },
  };
}

function scheduling(rng: Rng, name: string): { [k: string]: Y } {
  const out: { [k: string]: Y } = {
    nodeSelector: { "kubernetes.io/os": "linux" },
    tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
  };
  if (rng.chance(0.5)) {
    out.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: { labelSelector: { matchLabels: { "app.kubernetes.io/name": name } }, topologyKey: "kubernetes.io/hostname" },
          },
        ],
      },
    };
  }
  if (rng.chance(0.3)) out.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }];
  return out;
}

function autoscaling(rng: Rng): { [k: string]: Y } {
  const min = rng.int(1, 3);
  return { replicaCount: min, autoscaling: { enabled: rng.chance(0.5), minReplicas: min, maxReplicas: min + rng.int(1, 8), targetCPUUtilizationPercentage: rng.pick([60, 70, 80]) } };
}

function volumes(rng: Rng, name: string): { [k: string]: Y } {
  return {
    extraVolumes: [{ name: `${name}-config`, configMap: { name: `${name}-config` } }, { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } }],
    extraVolumeMounts: [
      { name: `${name}-config`, mountPath: "/etc/app/config.yaml", subPath: "config.yaml", readOnly: true },
      { name: "tmp", mountPath: "/tmp" },
    ],
  };
}

/** A config file as a block scalar: itself YAML, INI, CSV, a shell script or an nginx block. */
function configFile(rng: Rng, name: string): { [k: string]: Y } {
  const kind = rng.int(0, 4);
  let file: string;
  let text: string;
  if (kind === 0) {
    file = "config.yaml";
    const inner: { [k: string]: Y } = {
      server: { listen: `:${rng.pick([8080, 9000, 3000])}`, readTimeout: "30s", writeTimeout: "30s" },
      log: { level: rng.pick(["info", "debug"]), format: "json" },
      cluster: { name: T_NAME, region: T_REGION },
      storage: { driver: rng.pick(["s3", "filesystem", "postgres"]), bucket: `${name}-data`, endpoint: "http://minio.minio.svc.cluster.local:9000" },
      features: rng.sample(["search", "export", "webhooks", "sso", "audit", "metrics", "tracing"], rng.int(2, 5)),
    };
    text = emitMap(inner).join("\n") + "\n";
  } else if (kind === 1) {
    file = "policy.csv";
    const lines = ["g, sg-k8s-admin, role:admin", "g, team-infra-plat, role:readonly"];
    for (let i = 0; i < rng.int(3, 8); i++) {
      lines.push(`p, ${rng.pick(["team-infra-plat", "team-sec-plat", "owners"])}, applications, ${rng.pick(["sync", "get", "delete/*/Pod/*/*", "action/*"])}, ${rng.chance(0.3) ? "*/*" : `${name}/*`}, allow`);
    }
    text = lines.join("\n") + "\n";
  } else if (kind === 2) {
    file = "nginx.conf";
    text = [
      "server {",
      `  listen ${rng.pick([8080, 80])};`,
      `  server_name ${name}.${T_NAME}.int.example.com;`,
      "  location / {",
      `    proxy_pass http://${name}:${rng.pick([3000, 9000])};`,
      "    proxy_set_header Host $host;",
      "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
      `    proxy_read_timeout ${rng.pick([60, 300, 3600])}s;`,
      "  }",
      "  location /healthz {",
      "    return 200 'ok';",
      "  }",
      "}",
    ].join("\n") + "\n";
  } else if (kind === 3) {
    file = "entrypoint.sh";
    text = [
      "#!/bin/sh",
      "set -eu",
      `echo "starting ${name} on ${T_NAME}"`,
      "if [ -f /etc/app/config.yaml ]; then",
      "  export APP_CONFIG=/etc/app/config.yaml",
      "fi",
      `exec /usr/local/bin/${name.split("-")[0]} --config "\${APP_CONFIG:-/dev/null}" --port ${rng.pick([8080, 9000])}`,
    ].join("\n") + "\n";
  } else {
    file = "app.ini";
    text = [
      "[server]",
      `ROOT_URL = https://${name}.${T_NAME}.int.example.com/`,
      `HTTP_PORT = ${rng.pick([3000, 8080])}`,
      "",
      "[database]",
      "DB_TYPE = postgres",
      `HOST = postgres.${name}.svc.cluster.local:5432`,
      `NAME = ${name.replace(/-/g, "_")}`,
      "",
      "[log]",
      `LEVEL = ${rng.pick(["Info", "Warn"])}`,
    ].join("\n") + "\n";
  }
  return { config: { [file]: new Block(text) } };
}

function alertRules(rng: Rng, name: string): { [k: string]: Y } {
  const rules: Y[] = [];
  for (let i = 0; i < rng.int(2, 5); i++) {
    rules.push({
      alert: `${name.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase())}${rng.pick(["Down", "HighLatency", "ErrorRate", "DiskFull", "Restarting"])}${i}`,
      expr: `sum(rate(http_requests_total{job="${name}",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="${name}"}[5m])) > 0.0${rng.int(1, 9)}`,
      for: rng.pick(["5m", "10m", "15m"]),
      labels: { severity: rng.pick(["warning", "critical"]), cluster: T_NAME },
      annotations: { summary: `${name} is unhealthy on ${T_NAME}`, runbook_url: `https://runbooks.example.com/${name}` },
    });
  }
  return { prometheusRule: { enabled: true, rules } };
}

/** Backups and jobs with cron schedules (an unquoted-looking `* *` is what the corpus' descheduler has). */
function jobs(rng: Rng, name: string): { [k: string]: Y } {
  return {
    backup: {
      enabled: true,
      schedule: rng.pick(["0 2 * * *", "*/15 * * * *", "30 3 * * 0", "0 */6 * * *"]),
      retention: { daily: rng.int(3, 14), weekly: rng.int(2, 8) },
      destination: `s3://backups/${name}`,
    },
  };
}

const SECTIONS: ((rng: Rng, name: string) => { [k: string]: Y })[] = [
  image, resources, probes, securityContext, service, ingress, persistence, env, metrics, scheduling, autoscaling, volumes, configFile, alertRules, jobs,
];

/** Values of roughly `target` lines: some top-level keys, then chart sections (per component for large apps). */
function buildValues(rng: Rng, name: string, target: number, chartKey: string | undefined, templated: boolean): { [k: string]: Y } {
  const values: { [k: string]: Y } = {};
  if (templated) values.cluster = { name: T_NAME };
  if (target <= 0) return values;
  const body: { [k: string]: Y } = {};
  const large = target >= 100;
  const components = large ? rng.sample(["server", "worker", "controller", "scheduler", "web", "api"], rng.int(2, 4)) : [undefined];
  let lines = lineCount(values) + (chartKey ? 1 : 0);
  let ci = 0;
  let guard = 0;
  while (lines < target && guard++ < 200) {
    const comp = components[ci++ % components.length];
    const section = rng.pick(SECTIONS)(rng, name);
    const into = comp === undefined ? body : ((body[comp] ??= { enabled: true }) as { [k: string]: Y });
    let added = 0;
    for (const [k, v] of Object.entries(section)) {
      if (k in into) continue;
      into[k] = v;
      added += lineCount({ [k]: v });
    }
    lines += added + (comp !== undefined && added > 0 && ci <= components.length ? 2 : 0);
  }
  if (chartKey) values[chartKey] = body;
  else Object.assign(values, body);
  return values;
}

/** A per-cluster values override shaped like the base values, so the merge actually merges. */
function overrideValues(rng: Rng, base: { [k: string]: Y } | undefined, cluster: string, big: boolean): { [k: string]: Y } {
  const chartKey = base ? Object.keys(base).find((k) => k !== "cluster" && typeof base[k] === "object" && !Array.isArray(base[k])) : undefined;
  const tweak: { [k: string]: Y } = {};
  tweak.replicaCount = rng.int(1, 5);
  if (rng.chance(0.5)) tweak.resources = { requests: { cpu: rng.pick(CPU), memory: rng.pick(MEM) } };
  if (rng.chance(0.3)) tweak.nodeSelector = { "topology.kubernetes.io/region": cluster.split("-")[0]! };
  if (rng.chance(0.3)) tweak.extraArgs = [`--cluster=${cluster}`, `--log-level=${rng.pick(["info", "debug"])}`];
  if (big) Object.assign(tweak, buildValues(rng, `${cluster}-override`, rng.int(40, 120), undefined, false));
  if (rng.chance(0.25)) tweak.hostname = `${cluster}.int.example.com`;
  return chartKey ? { [chartKey]: tweak } : tweak;
}

// ---------------------------------------------------------------- planning the apps

function podSecurityOf(namespace: string): string | undefined {
  let h = 0;
  for (let i = 0; i < namespace.length; i++) h = (h * 31 + namespace.charCodeAt(i)) >>> 0;
  return [undefined, undefined, "baseline", "restricted", "privileged"][h % 5];
}

function planApps(opts: Required<GenerateOptions>, clusters: ClusterDef[], rng: Rng): AppPlan[] {
  const workloads = clusters.filter((c) => c.role === "workload").map((c) => c.name);
  const gateways = clusters.filter((c) => c.role === "gateway").map((c) => c.name);
  const mgmt = clusters.find((c) => c.role === "management")!.name;
  const all = clusters.map((c) => c.name);
  const publishTargets = workloads.length > 0 ? workloads : [mgmt];

  // Names: the tunnel connector, operator/-crs pairs, then the rest.
  const n = opts.apps;
  const pairCount = n >= 10 ? Math.max(1, Math.round(n * 0.01)) : 0;
  const restCount = n - 1 - 2 * pairCount;
  if (restCount < 0) throw new Error("too few apps for the fixed ones");
  const raw = appNames(restCount + pairCount, rng.fork("names")).filter((x) => x !== "cloudflared");
  while (raw.length < restCount + pairCount) raw.push(`extra-${raw.length}`);
  const operators = raw.slice(0, pairCount).map((x) => `${x}-operator`);
  const others = raw.slice(pairCount);
  const names = ["cloudflared", ...operators, ...operators.map((o) => `${o}-crs`), ...others];
  const unique = new Set(names);
  if (unique.size !== names.length) throw new Error("generator produced duplicate app names");

  const sharedNamespaces = DOMAINS.slice(0, 12).map((d) => `team-${d}`);
  const plans: AppPlan[] = [];
  const byName = new Map<string, AppPlan>();

  const enablement = (r: Rng): { defaultDeploy?: boolean; enabled: Set<string>; explicit: Map<string, boolean> } => {
    const explicit = new Map<string, boolean>();
    const roll = r.next();
    if (roll < 0.2) {
      const enabled = new Set(all);
      if (r.chance(0.5)) for (const g of gateways) (enabled.delete(g), explicit.set(g, false));
      if (r.chance(0.3)) (enabled.delete(mgmt), explicit.set(mgmt, false));
      if (r.chance(0.2) && workloads.length > 0) explicit.set(r.pick(workloads), true); // redundant, as in the corpus
      if (enabled.size === 0) (enabled.add(mgmt), explicit.delete(mgmt));
      return { defaultDeploy: true, enabled, explicit };
    }
    let enabled: Set<string>;
    if (roll < 0.75 && workloads.length > 0) {
      const k = Math.min(workloads.length, r.chance(0.15) ? workloads.length : 1 + Math.floor(-Math.log(1 - r.next()) * 1.5));
      enabled = new Set(r.sample(workloads, k));
    } else if (roll < 0.9) enabled = new Set([mgmt]);
    else if (roll < 0.95 && gateways.length > 0) enabled = new Set(gateways);
    else {
      enabled = new Set(all);
      for (const g of gateways) (enabled.delete(g), explicit.set(g, false));
      explicit.set(mgmt, false);
      enabled.delete(mgmt);
      if (enabled.size === 0) (enabled.add(mgmt), explicit.delete(mgmt));
      return { defaultDeploy: true, enabled, explicit };
    }
    for (const c of enabled) explicit.set(c, true);
    return { defaultDeploy: r.chance(0.7) ? false : undefined, enabled, explicit } as { defaultDeploy?: boolean; enabled: Set<string>; explicit: Map<string, boolean> };
  };

  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const r = rng.fork(`app:${name}`);
    const isOperator = operators.includes(name);
    const isCrs = name.endsWith("-operator-crs");
    const op = isCrs ? byName.get(name.slice(0, -4))! : undefined;

    let e: ReturnType<typeof enablement>;
    if (name === "cloudflared") {
      e = { defaultDeploy: false, enabled: new Set(publishTargets), explicit: new Map(publishTargets.map((c) => [c, true])) };
    } else if (op) {
      e = { defaultDeploy: op.defaultDeploy, enabled: new Set(op.enabled), explicit: new Map() };
      for (const [c, o] of op.overrides) if (o.deploy !== undefined) e.explicit.set(c, o.deploy);
    } else e = enablement(r);

    const sizeRoll = r.next();
    const cls = sizeRoll < 0.5 ? 0 : sizeRoll < 0.82 ? r.int(15, 45) : sizeRoll < 0.96 ? r.int(45, 95) : r.int(100, 290);
    const namespace = op ? op.namespace : name === "cloudflared" ? "cloudflared" : r.chance(0.12) ? r.pick(sharedNamespaces) : r.chance(0.04) ? "kube-system" : name;
    const chart = cls > 0 && r.chance(0.7) ? r.pick(CHARTS) : undefined;
    const templated = name === "cloudflared" || r.chance(0.4);

    const plan: AppPlan = {
      name,
      namespace,
      releaseName: name,
      wave: op ? op.wave + 10 : isOperator ? r.pick([-40, -30, -20, -10]) : r.pick(WAVES),
      enabled: e.enabled,
      overrides: new Map(),
      valuesFirst: r.chance(0.4),
    };
    if (e.defaultDeploy !== undefined) plan.defaultDeploy = e.defaultDeploy;
    if (isOperator) plan.pair = "operator";
    if (isCrs) plan.pair = "crs";
    if (r.chance(0.1)) plan.service = `${name}-server`;
    const ps = podSecurityOf(namespace);
    // An app alone in its namespace may leave the level out; in a shared one every app says it,
    // since the first in the chart's order labels the Namespace, whichever app that is.
    const says = r.chance(0.8);
    if (ps !== undefined && namespace !== "kube-system" && (says || namespace !== name)) plan.podSecurity = ps;
    if (r.chance(0.25)) plan.syncOptions = r.chance(0.5) ? ["ServerSideApply=true"] : ["ServerSideApply=true", "RespectIgnoreDifferences=true"];
    if (chart) plan.chart = chart;
    if (cls > 0 || templated) plan.values = buildValues(r, name, cls, chart?.name, templated);
    if (name === "cloudflared") {
      plan.values = {
        cluster: { name: T_NAME },
        cloudflared: { tunnel: { name: `homescale-${T_NAME}`, existingSecret: "cloudflared-credentials" }, replicaCount: 2, metrics: { enabled: true, port: 2000 } },
      };
    }
    for (const [c, deploy] of e.explicit) plan.overrides.set(c, { deploy });
    // per-cluster values, waves and namespaces on some of the clusters it runs on
    let bigOverride = cls >= 100 && r.chance(0.3); // one large override at most, like metrics in the corpus
    for (const c of [...e.enabled].sort()) {
      if (!r.chance(cls > 0 ? 0.25 : 0.05)) continue;
      const o = plan.overrides.get(c) ?? {};
      o.values = overrideValues(r, plan.values, c, bigOverride);
      bigOverride = false;
      if (!plan.pair && name !== "cloudflared" && r.chance(0.15)) o.syncWave = r.pick(WAVES);
      if (!plan.pair && name !== "cloudflared" && namespace === name && r.chance(0.05)) o.namespace = `${name}-${c}`;
      plan.overrides.set(c, o);
    }
    if (name !== "cloudflared" && r.chance(0.6)) {
      const rules: NonNullable<AppPlan["rules"]> = [];
      for (let k = r.int(1, r.chance(0.2) ? 3 : 1); k > 0; k--) {
        const sources = r.sample(KEYWORD_SOURCES, r.int(1, 3));
        if (r.chance(0.35) && names.length > 1) {
          for (let s = r.int(1, 2); s > 0; s--) {
            const other = names[r.int(0, names.length - 1)]!;
            if (!sources.includes(`app:${other}`)) sources.push(`app:${other}`);
          }
        }
        const rule: NonNullable<AppPlan["rules"]>[number] = { sources, protocol: r.chance(0.85) ? "tcp" : "udp" };
        if (r.chance(0.9)) rule.ports = r.sample(PORTS, r.int(1, 4));
        if (r.chance(0.1)) rule.description = `access to ${name} for ${sources[0]}`;
        rules.push(rule);
      }
      plan.rules = rules;
      // The NetworkResource homescale renders for an app with rules names the app's Service: say which (HS181).
      plan.service ??= name;
    }
    if (r.chance(0.1)) {
      plan.ignoreDifferences = [{ group: r.pick(["", "apps", "admissionregistration.k8s.io"]), kind: r.pick(["Secret", "Deployment", "MutatingWebhookConfiguration"]), name: `${name}-${r.pick(["ca", "certs", "webhook"])}`, jsonPointers: [r.pick(["/data", "/spec/replicas", "/webhooks"])] }];
    }
    if (r.chance(0.05)) plan.annotations = { "notifications.argoproj.io/subscribe.on-sync-failed.slack": `team-${name.split("-")[0]}` };
    if (r.chance(0.05)) plan.labels = { team: name.split("-")[0]!, tier: r.pick(["frontend", "backend", "data"]) };
    if (r.chance(0.03)) plan.extraSources = [{ repoURL: "git@github.com:example/platform-values.git", targetRevision: "main", ref: "values" }];
    if (r.chance(0.05)) plan.headerComment = `# ${name}: owned by team-${name.split("-")[0]}`;
    plans.push(plan);
    byName.set(name, plan);
  }

  // ~2% public apps, on a cluster that runs both the app and the tunnel connector.
  const candidates = plans.filter((p) => p.name !== "cloudflared" && !p.pair);
  const publicCount = Math.max(1, Math.round(n * 0.02));
  const pr = rng.fork("public");
  for (const p of pr.sample(candidates, publicCount)) {
    const inTargets = publishTargets.filter((c) => p.enabled.has(c));
    let target: string;
    if (inTargets.length > 0) target = pr.pick(inTargets);
    else {
      target = pr.pick(publishTargets);
      p.enabled.add(target);
      const o = p.overrides.get(target) ?? {};
      o.deploy = true;
      p.overrides.set(target, o);
    }
    const viaProxy = pr.chance(0.2);
    const zone = pr.pick(ZONES);
    const expose: { [k: string]: Y } = { cluster: target, fqdn: `${p.name}.${zone}`, port: pr.pick([80, 8080, 3000, 443]) };
    if (viaProxy) {
      expose.via = "netbird-proxy";
      p.service ??= p.name;
      if (pr.chance(0.5)) expose.alias = `${p.name}-www.${zone}`;
    }
    if (pr.chance(0.6)) p.exposePublic = expose;
    else {
      const o = p.overrides.get(target) ?? {};
      o.exposePublic = expose;
      p.overrides.set(target, o);
    }
  }
  if (opts.shape === "templated") templateEveryApp(plans, clusters, rng.fork("templated"));
  return plans.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const ENV_KEYS = ["CLUSTER_NAME", "SERVICE_HOST", "METRICS_LABEL", "LOG_PREFIX", "CACHE_KEY", "TRACE_SERVICE", "CONFIG_PATH", "PUBLIC_URL"];

/**
 * The templated shape: eight env entries templated per cluster on every app (besides the connector,
 * whose values the tunnel reads), and overrides on about five clusters each, themselves templated.
 * A fork of its own, so the default shape stays byte-identical.
 */
function templateEveryApp(plans: AppPlan[], clusters: ClusterDef[], rng: Rng): void {
  const names = clusters.map((c) => c.name);
  for (const p of plans) {
    if (p.name === "cloudflared") continue;
    const r = rng.fork(p.name);
    const values = (p.values ??= {});
    values.cluster = { name: T_NAME };
    const prefix = p.name.split("-")[0]!.toUpperCase();
    values.extraEnv = ENV_KEYS.map(
      (k, i) =>
        new FlowMap({
          name: `${prefix}_${k}`,
          value: [T_NAME, `${p.name}.${T_NAME}.svc`, `${p.name}-${T_NAME}`, `[${T_NAME}]`, `${p.name}:${T_NAME}:${i}`, `${p.name}@${T_NAME}`, `/etc/${T_NAME}/${p.name}.yaml`, `https://${p.name}.${T_NAME}.int.example.com`][i]!,
        }),
    );
    // About five overrides: the clusters it runs on first, then others (values only: enablement stays).
    const want = Math.min(names.length, r.int(4, 6));
    const order = [...[...p.enabled].sort(), ...r.sample(names.filter((c) => !p.enabled.has(c)), names.length)];
    for (const c of order.slice(0, want)) {
      const o = p.overrides.get(c) ?? {};
      o.values = { ...(o.values ?? {}), replicaCount: r.int(1, 4), podLabels: { cluster: T_NAME, tier: r.pick(["a", "b", "c"]) }, hostname: `${p.name}.${T_NAME}.int.example.com` };
      p.overrides.set(c, o);
    }
  }
}

function appYaml(p: AppPlan): string {
  const head: { [k: string]: Y } = { path: `apps/${p.name}`, namespace: p.namespace, releaseName: p.releaseName };
  if (p.service) head.service = p.service;
  head.syncWave = p.wave;
  if (p.podSecurity) head.podSecurity = p.podSecurity;
  if (p.syncOptions) head.syncOptions = p.syncOptions;
  const out: string[] = [];
  if (p.headerComment) out.push(p.headerComment);
  emitMap(head, 0, out);
  const tail: string[] = [];
  if (p.defaultDeploy !== undefined) tail.push(`defaultDeploy: ${p.defaultDeploy}`);
  if (p.rules) {
    const rules = p.rules.map((r) => {
      const o: { [k: string]: Y } = { sources: new Flow(r.sources), protocol: r.protocol };
      if (r.ports) o.ports = new Flow(r.ports);
      if (r.description) o.description = r.description;
      return o;
    });
    emitMap({ [p.meshKey ?? "netbird"]: { policy: { rules } } }, 0, tail);
  }
  if (p.exposePublic) emitMap({ exposePublic: p.exposePublic }, 0, tail);
  if (p.exposeLan) emitMap({ exposeLan: p.exposeLan }, 0, tail);
  const clusterBlock: string[] = [];
  if (p.overrides.size > 0) {
    const clusters: { [k: string]: Y } = {};
    for (const c of [...p.overrides.keys()].sort()) {
      const o = p.overrides.get(c)!;
      const e: { [k: string]: Y } = {};
      if (o.deploy !== undefined) e.deploy = o.deploy;
      if (o.namespace !== undefined) e.namespace = o.namespace;
      if (o.syncWave !== undefined) e.syncWave = o.syncWave;
      if (o.exposePublic !== undefined) e.exposePublic = o.exposePublic;
      if (o.values !== undefined) e.values = o.values;
      clusters[c] = e;
    }
    emitMap({ clusters }, 0, clusterBlock);
  }
  const valueBlock: string[] = [];
  if (p.values) emitMap({ values: p.values }, 0, valueBlock);
  if (p.valuesFirst) out.push(...tail, ...valueBlock, ...clusterBlock);
  else out.push(...tail, ...clusterBlock, ...valueBlock);
  const rest: { [k: string]: Y } = {};
  if (p.ignoreDifferences) rest.ignoreDifferences = p.ignoreDifferences;
  if (p.annotations) rest.annotations = p.annotations;
  if (p.labels) rest.labels = p.labels;
  if (p.extraSources) rest.extraSources = p.extraSources;
  emitMap(rest, 0, out);
  return out.join("\n") + "\n";
}

function chartYaml(p: AppPlan): string {
  const c: { [k: string]: Y } = {
    apiVersion: "v2",
    name: p.name,
    description: `Helm chart for ${p.name}`,
    type: "application",
    version: "0.1.0",
  };
  if (p.chart) c.dependencies = [{ name: p.chart.name, version: p.chart.version, repository: p.chart.repo }];
  return emitMap(c).join("\n") + "\n";
}

function platformYaml(clusters: ClusterDef[]): string {
  const lines = [
    "# Synthetic platform written by bench/generate.ts; deterministic for a given seed.",
    "apiVersion: homescale.dev/v1alpha1",
    "kind: Platform",
    "labelDomain: homescale.cloud",
    "domains:",
    "  internal: int.homescale.cloud",
    "  external: ext.homescale.cloud",
    "clusters:",
  ];
  for (const c of clusters) {
    const parts = [c.region ? `region: ${c.region}` : undefined, `role: ${c.role}`].filter((x) => x !== undefined);
    if (c.routedSubnets) parts.push(`routedSubnets: [${c.routedSubnets.map((s) => `"${s}"`).join(", ")}]`);
    lines.push(`  ${c.name}: {${parts.join(", ")}}`);
  }
  lines.push("cloudflare:", `  zones: [${ZONES.map((z) => `"${z}"`).join(", ")}]`, "  connectorApp: cloudflared");
  return lines.join("\n") + "\n";
}

const CATALOG_VALUES = `argocd:
  namespace: argocd

project: default
repoURL: git@github.com:example/platform.git
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
`;

const CATALOG_CHART = `apiVersion: v2
name: homescale-apps
description: HomeScale cluster application catalog
type: application
version: 0.1.0
`;

function clusterYaml(c: ClusterDef): string {
  return `kind: Cluster
name: ${c.name}
kubernetes:
  version: v1.33.2
talos:
  version: v1.10.5
features:
  useEmbeddedDiscoveryService: true
---
kind: ControlPlane
machineClass:
  name: ${c.region || "default"}-metal
  size: ${c.role === "gateway" ? 1 : 3}
`;
}

function machineClassYaml(id: string): string {
  return `metadata:
  namespace: default
  type: MachineClasses.omni.sidero.dev
  id: ${id}
spec:
  matchlabels:
    - omni.sidero.dev/infra-provider/${id}/platform = metal
`;
}

export function generatePlatform(dir: string, options: GenerateOptions): GeneratedPlatform {
  const opts: Required<GenerateOptions> = { seed: 1, shape: "default", ...options };
  const rng = new Rng(opts.seed);
  const clusters = planClusters(opts.clusters);
  const plans = planApps(opts, clusters, rng);
  // A fork of its own: the default and templated shapes draw exactly what they drew before.
  const layers = opts.shape === "layered" ? layerPlatform(plans, clusters, rng.fork("layers")) : undefined;

  let files = 0;
  let bytes = 0;
  const write = (rel: string, text: string): void => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  fs.mkdirSync(dir, { recursive: true });
  write("homescale.yaml", layers?.settings ?? platformYaml(clusters));
  write("apps/values.yaml", CATALOG_VALUES);
  write("apps/Chart.yaml", CATALOG_CHART);
  for (const c of clusters) write(`clusters/${c.name}/cluster.yaml`, layers?.clusterYaml(c) ?? clusterYaml(c));
  // The machine classes the templates name, as HomeScale keeps them (check requires each to exist).
  for (const cls of new Set(clusters.map((c) => `${c.region || "default"}-metal`))) write(`infra/omni/machineclasses/${cls}.yaml`, machineClassYaml(cls));
  let total = 0;
  let max = 0;
  for (const p of plans) {
    const text = appYaml(p);
    const lines = text.split("\n").length - 1;
    total += lines;
    max = Math.max(max, lines);
    write(`apps/${p.name}/app.yaml`, text);
    write(`apps/${p.name}/Chart.yaml`, chartYaml(p));
  }
  for (const f of layers?.files ?? []) write(f.path, f.text);
  const publicApps = plans.filter((p) => p.exposePublic || [...p.overrides.values()].some((o) => o.exposePublic)).map((p) => p.name);
  return { dir, clusters, apps: plans.map((p) => p.name), publicApps, files, bytes, appLines: { total, max }, ...(layers ? { layers: layers.counts } : {}) };
}

// ---------------------------------------------------------------- mutations for plan benchmarks

export interface Mutation {
  app: string;
  kind: "values" | "wave" | "port";
  detail: string;
}

/**
 * Edits ~percent% of the apps of a generated platform in place (at least one): a values tweak, a
 * sync wave, or a policy port. The edits keep the repository valid (operator/-crs waves are never
 * touched). Deterministic for a given repository and seed. Returns what changed.
 */
export function mutatePercent(dir: string, percent: number, seed: number): Mutation[] {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const appsDir = path.join(dir, "apps");
  const names = fs
    .readdirSync(appsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(appsDir, e.name, "app.yaml")))
    .map((e) => e.name)
    .sort();
  const nameSet = new Set(names);
  const count = Math.max(1, Math.round((names.length * percent) / 100));
  const out: Mutation[] = [];
  for (const name of rng.sample(names, count)) {
    const file = path.join(appsDir, name, "app.yaml");
    let text = fs.readFileSync(file, "utf8");
    const pairApp = name.endsWith("-crs") || nameSet.has(`${name}-crs`);
    const kinds: Mutation["kind"][] = ["values"];
    if (!pairApp && /^syncWave: -?\d+$/m.test(text)) kinds.push("wave");
    if (/^ +ports: \[/m.test(text)) kinds.push("port");
    const kind = rng.pick(kinds);
    let detail = "";
    if (kind === "wave") {
      text = text.replace(/^syncWave: (-?\d+)$/m, (_m, w: string) => {
        const nw = Number(w) + rng.pick([-5, 5, 10]);
        detail = `syncWave ${w} -> ${nw}`;
        return `syncWave: ${nw}`;
      });
    } else if (kind === "port") {
      text = text.replace(/^( +ports: \[)"(\d+)"/m, (_m, pre: string, port: string) => {
        const np = PORTS.find((p) => p !== port && !text.includes(`"${p}"`)) ?? String(Number(port) === 65535 ? 1 : Number(port) + 1);
        detail = `port ${port} -> ${np}`;
        return `${pre}"${np}"`;
      });
    } else {
      const m = /^( +)replicaCount: (\d+)$/m.exec(text);
      if (m) {
        const nr = Number(m[2]) + 1;
        text = text.slice(0, m.index) + `${m[1]}replicaCount: ${nr}` + text.slice(m.index + m[0].length);
        detail = `replicaCount ${m[2]} -> ${nr}`;
      } else if (/^  benchRevision: "r\d+"$/m.test(text)) {
        const v = rng.int(1, 1_000_000);
        text = text.replace(/^  benchRevision: "r\d+"$/m, `  benchRevision: "r${v}"`);
        detail = `values.benchRevision = r${v}`;
      } else if (/^values:\n/m.test(text)) {
        const v = rng.int(1, 1_000_000);
        text = text.replace(/^values:\n/m, `values:\n  benchRevision: "r${v}"\n`);
        detail = `values.benchRevision = r${v}`;
      } else {
        const v = rng.int(1, 1_000_000);
        text += `values:\n  benchRevision: "r${v}"\n`;
        detail = `values.benchRevision = r${v} (new values block)`;
      }
    }
    fs.writeFileSync(file, text);
    out.push({ app: name, kind, detail });
  }
  return out;
}
