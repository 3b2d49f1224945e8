/**
 * Snapshot -> Model: parse each file once, validate it against its schema, apply defaults. Pure:
 * the same snapshot always gives the same model and the same findings.
 */
import { codes } from "../diag/codes.js";
import type { Finding, PathSegment } from "../diag/diagnostic.js";
import type { SourceText } from "../diag/locate.js";
import { appFile, CATALOG_DIR, CATALOG_VALUES_FILE, chartValuesFile, filesGetTargets, SETTINGS_FILE, type Snapshot } from "../load/snapshot.js";
import { parseYamlBytes, type ParseCache, type YamlFile } from "../parse/parse-yaml.js";
import { AppSchema, type AppFile } from "../schema/app.js";
import { CatalogSchema, type CatalogFile } from "../schema/catalog.js";
import { PlatformSchema, type PlatformFile } from "../schema/platform.js";
import { usablePart } from "../schema/prune.js";
import { showPath, validate } from "../schema/validate.js";
import { catalogGeneration, generationFinding } from "./catalog-generation.js";
import { applyGeneration2 } from "./catalog-overrides.js";
import { folderApplications } from "./cluster-folders.js";
import { authOf, clusterLayers, edgesOf } from "./layers.js";
import { checkMergedOverrides } from "./merged-overrides.js";
import { buildOmni } from "./omni.js";
import { isPlainObject } from "../core/own.js";
import {
  CATALOG_DEFAULTS,
  DEFAULT_ARGOCD_NAMESPACE,
  DEFAULT_CI_SETUP_KEY_NAME,
  DEFAULT_CI_SOURCE,
  DEFAULT_CONNECTOR_APP,
  DEFAULT_DNS_ZONE_GROUPS,
  DEFAULT_EXTERNAL_DOMAIN,
  DEFAULT_INTERNAL_DOMAIN,
  DEFAULT_LABEL_DOMAIN,
  DEFAULT_OPERATOR_APP,
  DEFAULT_SOURCES,
  DEFAULT_TUNNEL_PREFIX,
} from "./defaults.js";
import { tailscaleSettings } from "./tailscale-settings.js";
import type { App, AppChart, Catalog, Cluster, Model, NetbirdSettings, Platform, SourceKeyword } from "./types.js";

export interface Loaded {
  model: Model;
  findings: Finding[];
  /** Texts of the files read, for positions. */
  sources: Map<string, SourceText>;
}

export interface BuildOptions {
  /** Parses shared with another snapshot of the same repository (plan's two revisions). */
  cache?: ParseCache;
}

export function buildModel(snap: Snapshot, opts: BuildOptions = {}): Loaded {
  const findings: Finding[] = [...snap.findings];
  const sources = new Map<string, SourceText>();

  const read = (path: string): YamlFile | undefined => {
    const bytes = snap.files.get(path);
    if (bytes === undefined) return undefined;
    const r = opts.cache ? opts.cache.parse(path, bytes) : parseYamlBytes(path, bytes);
    findings.push(...r.findings);
    if (r.text !== undefined) {
      const src: SourceText = { text: r.text };
      if (r.file?.precise) src.precise = r.file.precise;
      sources.set(path, src);
    }
    return r.file;
  };

  if (!snap.present.has("apps/") && !snap.files.has(SETTINGS_FILE)) {
    findings.push({
      code: "HS091",
      severity: "error",
      message: "no apps/ folder and no homescale.yaml here: this is not a HomeScale repository",
      hint: "run homescale in the repository root, pass --repo DIR, or create one with homescale init DIR",
      where: { file: ".", offset: 0 },
    });
  }

  const settings = read(SETTINGS_FILE);
  const platformFile = settings ? usableDocument<PlatformFile>(settings, PlatformSchema, findings, PLATFORM_DECISIVE) : undefined;
  const platform = buildPlatform(platformFile, settings !== undefined, snap.clusterDirs);

  const catalogYaml = read(CATALOG_VALUES_FILE);
  const catalogFile = catalogYaml ? usableDocument<CatalogFile>(catalogYaml, CatalogSchema, findings, []) : undefined;
  const catalog = buildCatalog(catalogFile, catalogYaml !== undefined, platform);
  // There, but too broken to read (a YAML error, too large): its settings are unknown, not absent.
  const catalogThere = snap.files.has(CATALOG_VALUES_FILE) || snap.findings.some((f) => f.where.file === CATALOG_VALUES_FILE);
  if (catalogThere && catalogFile === undefined) catalog.unreadable = true;

  const apps: App[] = [];
  for (const name of snap.appDirs) {
    const file = appFile(name);
    const y = read(file);
    let raw: AppFile | undefined;
    if (y) {
      raw = usableDocument<AppFile>(y, AppSchema, findings, APP_DECISIVE, (path, key) =>
        path.length === 2 && path[0] === "clusters" && key === "netbird"
          ? {
              code: "HS071",
              severity: "error",
              message: `netbird: under clusters.${String(path[1])} — NetBird access is account-wide, not per cluster`,
              hint: "move the rules to the top-level netbird: block of this app.yaml",
              where: { file, path: [...path, key], key: true },
            }
          : path.length === 2 && path[0] === "clusters" && key === "tailscale"
            ? {
                code: "HS161",
                severity: "error",
                message: `tailscale: under clusters.${String(path[1])} — the tailnet policy is one for the whole tailnet, not per cluster`,
                hint: "move the rules to the top-level tailscale: block of this app.yaml",
                where: { file, path: [...path, key], key: true },
              }
            : undefined,
      );
      if (raw) {
        const merged = checkMergedOverrides(raw, file);
        findings.push(...merged.findings);
        raw = merged.raw;
      }
    } else if (!snap.files.has(file) && !findings.some((f) => f.where.file === file || file.startsWith(`${f.where.file}/`))) {
      findings.push({
        code: "HS076",
        severity: codes.HS076.severity,
        message: `apps/${name}/ has no app.yaml, so it is not an app`,
        hint: "add apps/" + name + "/app.yaml, or move the folder out of apps/",
        where: { file: `apps/${name}`, offset: 0 },
      });
    }
    const app: App = {
      name,
      file,
      raw: raw ?? ({ path: "", namespace: "" } as AppFile),
      valid: raw !== undefined,
      hasChart: snap.present.has(`apps/${name}/Chart.yaml`),
    };
    const dockerfile = [`apps/${name}/Dockerfile`, `apps/${name}/src/Dockerfile`].find((p) => snap.present.has(p));
    if (dockerfile !== undefined) app.dockerfile = dockerfile;
    if (y || snap.files.has(file)) apps.push(app);
  }
  const folders = folderApplications(snap);
  for (const [file, text] of folders.texts) sources.set(file, { text });
  const generation = catalogGeneration(platformFile?.catalog?.generation, catalog.values, folders.apps);
  catalog.generation = generation;
  const said = generationFinding(generation);
  if (said) findings.push(said);
  if (generation.generation === 2) {
    const g2 = applyGeneration2(apps, platform.clusters, folders.apps, sources);
    findings.push(...g2.findings);
    for (const c of platform.clusters) {
      const v = g2.clusterValues.get(c.name);
      if (v !== undefined) c.catalogValues = v;
    }
  }
  const chartFiles = new Map<string, Uint8Array>();
  for (const p of filesGetTargets(snap)) {
    const bytes = snap.files.get(p);
    if (bytes !== undefined) chartFiles.set(p.slice(CATALOG_DIR.length + 1), bytes);
  }
  if (chartFiles.size > 0) catalog.chartFiles = chartFiles;
  const charts = appCharts(snap, apps, read);
  for (const chart of charts?.values() ?? []) for (const t of chart.templates) sources.set(t.file, { text: t.text });
  const appByName = new Map(apps.map((a) => [a.name, a]));
  const model: Model = { platform, catalog, apps, appByName, folderApplications: folders.apps, folderTemplates: folders.templates };
  if (charts) model.charts = charts;
  const omni = buildOmni(snap, platformFile?.omni, platform.clusterByName, findings, sources);
  if (omni) model.omni = omni;
  return { model, findings, sources };
}

/**
 * Entries that decide what a document is: when one of them had to be taken out for a schema error,
 * the rest would mean something else (an app enabled on other clusters, a platform with other
 * clusters), and the rules' findings over it would be noise. Patterns: "*" matches any one key.
 */
const APP_DECISIVE: readonly (readonly string[])[] = [["defaultDeploy"], ["clusters"], ["clusters", "*"], ["clusters", "*", "deploy"]];
const PLATFORM_DECISIVE: readonly (readonly string[])[] = [["apiVersion"], ["kind"], ["clusters"], ["clusters", "*"]];

function isDecisive(path: readonly PathSegment[], decisive: readonly (readonly string[])[]): boolean {
  return decisive.some((d) => d.length === path.length && d.every((k, i) => k === "*" || k === String(path[i])));
}

/**
 * Validates one document and returns what the rules may read: all of it when it has no schema
 * errors, else what is left without the entries the errors are in (schema/prune.ts), so the rules
 * report their findings in the same run; undefined when nothing usable is left.
 */
function usableDocument<T>(
  y: YamlFile,
  schema: Parameters<typeof validate>[0],
  findings: Finding[],
  decisive: readonly (readonly string[])[],
  unknownKey?: (path: readonly PathSegment[], key: string) => Finding | undefined,
): T | undefined {
  if (y.value === undefined) return undefined;
  let value = y.value;
  if (value === null) value = {}; // an empty file is an empty mapping: its required fields are reported
  if (!isPlainObject(value)) {
    findings.push({
      code: "HS021",
      severity: "error",
      message: `${y.path} must hold a mapping of fields, not ${Array.isArray(value) ? "a list" : "a single value"}`,
      where: { file: y.path, path: [] },
    });
    return undefined;
  }
  const errs = validate(schema, value, unknownKey ? { file: y.path, unknownKey } : { file: y.path });
  findings.push(...errs);
  const errors = errs.filter((e) => e.severity === "error");
  if (errors.length === 0) return value as T;
  const part = usablePart(schema, value, errors, y.path);
  if (!part || part.removed.some((p) => isDecisive(p, decisive))) return undefined;
  return part.value as T;
}

/**
 * The apps' chart templates and values the loader read (apps with a templates/ folder, on a
 * platform with a mesh): templates as text (they are Go templates, YAML only once rendered),
 * values parsed. One pass over the files read, so thousands of apps without a chart cost nothing.
 * Undefined when none were read.
 */
function appCharts(snap: Snapshot, apps: readonly App[], read: (path: string) => YamlFile | undefined): Map<string, AppChart> | undefined {
  // One pass over the files read: the loaders read templates and chart values only where the mesh
  // needs them, so most platforms have none and this costs one prefix test per file.
  const templatesOf = new Map<string, AppChart["templates"]>();
  const withValues = new Set<string>();
  const decoder = new TextDecoder("utf-8");
  const prefix = `${CATALOG_DIR}/`;
  for (const [file, bytes] of snap.files) {
    if (!file.startsWith(prefix)) continue;
    const slash = file.indexOf("/", prefix.length);
    if (slash < 0) continue;
    const app = file.slice(prefix.length, slash);
    const rest = file.slice(slash + 1);
    if (rest === "values.yaml") withValues.add(app);
    else if (rest.startsWith("templates/")) {
      let list = templatesOf.get(app);
      if (!list) templatesOf.set(app, (list = []));
      list.push({ file, text: decoder.decode(bytes) });
    }
  }
  if (templatesOf.size === 0 && withValues.size === 0) return undefined;
  let out: Map<string, AppChart> | undefined;
  for (const app of apps) {
    const templates = templatesOf.get(app.name) ?? [];
    const v = withValues.has(app.name) ? read(`${CATALOG_DIR}/${app.name}/values.yaml`)?.value : undefined;
    if (templates.length === 0 && v === undefined) continue;
    const chart: AppChart = { templates: templates.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) };
    if (isPlainObject(v)) chart.values = v;
    (out ??= new Map()).set(app.name, chart);
  }
  return out;
}

function buildPlatform(p: PlatformFile | undefined, hasFile: boolean, clusterDirs: string[]): Platform {
  const clusters: Cluster[] = [];
  const fromSettings = p?.clusters !== undefined;
  if (p?.clusters) {
    for (const [name, c] of Object.entries(p.clusters)) {
      const cluster: Cluster = {
        name,
        role: c.role ?? "workload",
        region: c.region ?? "",
        routedSubnets: c.routedSubnets ?? [],
        file: SETTINGS_FILE,
        path: ["clusters", name],
        ...clusterLayers(name, c),
      };
      if (c.subnetSources !== undefined) cluster.subnetSources = c.subnetSources;
      clusters.push(cluster);
    }
  } else {
    for (const name of clusterDirs) {
      clusters.push({ name, role: name.endsWith("-gw") ? "gateway" : "workload", region: "", routedSubnets: [], file: `clusters/${name}`, path: [], gateways: [] });
    }
  }
  clusters.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sources = new Map<string, SourceKeyword>();
  const configured = p?.netbird?.sources;
  if (configured) {
    for (const [keyword, s] of Object.entries(configured)) sources.set(keyword, { keyword, group: s.group, managed: s.managed ?? false });
  } else {
    for (const s of DEFAULT_SOURCES) sources.set(s.keyword, s);
  }
  const platform: Platform = {
    mesh: p?.mesh ?? "netbird",
    edges: edgesOf(p, new Map(clusters.map((c) => [c.name, c]))),
    auth: authOf(p),
    ...(p?.dns ? { dns: p.dns } : {}),
    ...(p?.certificates ? { certificates: p.certificates } : {}),
    labelDomain: p?.labelDomain ?? DEFAULT_LABEL_DOMAIN,
    internalDomain: p?.domains?.internal ?? DEFAULT_INTERNAL_DOMAIN,
    externalDomain: p?.domains?.external ?? DEFAULT_EXTERNAL_DOMAIN,
    clusters,
    clusterByName: new Map(clusters.map((c) => [c.name, c])),
    clustersFrom: fromSettings ? "settings" : "folders",
    sources,
    argocd: {
      namespace: p?.argocd?.namespace ?? DEFAULT_ARGOCD_NAMESPACE,
      path: p?.argocd?.path ?? "clusters",
    },
    cloudflare: {
      zones: p?.cloudflare?.zones ?? [],
      connectorApp: p?.cloudflare?.connectorApp ?? DEFAULT_CONNECTOR_APP,
      tunnelPrefix: p?.cloudflare?.tunnelPrefix ?? DEFAULT_TUNNEL_PREFIX,
    },
  };
  platform.tailscale = tailscaleSettings(p?.tailscale, platform.labelDomain);
  const nb = p?.netbird;
  platform.netbird = {
    dnsZoneGroups: nb?.dnsZoneGroups ?? DEFAULT_DNS_ZONE_GROUPS,
    operatorApp: nb?.operatorApp ?? DEFAULT_OPERATOR_APP,
  };
  if (nb?.ciSetupKey?.enabled !== false) {
    const key: NonNullable<NetbirdSettings["ciSetupKey"]> = {
      name: nb?.ciSetupKey?.name ?? DEFAULT_CI_SETUP_KEY_NAME,
      source: nb?.ciSetupKey?.source ?? DEFAULT_CI_SOURCE,
      sourceDeclared: nb?.ciSetupKey?.source !== undefined,
    };
    if (nb?.ciSetupKey?.expirySeconds !== undefined) key.expirySeconds = nb.ciSetupKey.expirySeconds;
    platform.netbird.ciSetupKey = key;
  }
  if (nb?.reverseProxy?.cluster !== undefined) platform.netbird.reverseProxyCluster = nb.reverseProxy.cluster;
  if (hasFile) platform.settingsFile = SETTINGS_FILE;
  if (p?.argocd?.repoURL !== undefined) platform.argocd.repoURL = p.argocd.repoURL;
  if (p?.argocd?.targetRevision !== undefined) platform.argocd.targetRevision = p.argocd.targetRevision;
  if (p?.argocd?.path !== undefined) platform.argocd.pathDeclared = true;
  if (p?.argocd?.plugin !== undefined) platform.argocd.plugin = p.argocd.plugin.image === undefined ? {} : { image: p.argocd.plugin.image };
  if (p?.cloudflare?.accountId !== undefined) platform.cloudflare.accountId = p.cloudflare.accountId;
  return platform;
}

function buildCatalog(c: CatalogFile | undefined, hasFile: boolean, platform: Platform): Catalog {
  const d = CATALOG_DEFAULTS;
  const catalog: Catalog = {
    project: c?.project ?? d.project,
    repoURL: c?.repoURL ?? d.repoURL,
    targetRevision: c?.targetRevision ?? d.targetRevision,
    applicationNamePrefix: c?.applicationNamePrefix ?? d.applicationNamePrefix,
    revisionHistoryLimit: c?.revisionHistoryLimit ?? d.revisionHistoryLimit,
    destination: { name: c?.destination?.name ?? d.destination.name, server: c?.destination?.server ?? d.destination.server },
    syncPolicy: (c?.syncPolicy as Record<string, unknown> | undefined) ?? {},
    syncOptions: c?.syncOptions ?? d.syncOptions,
    // The chart's own setting wins for the Applications it renders; homescale.yaml fills the gap.
    argocdNamespace: c?.argocd?.namespace ?? platform.argocd.namespace,
    namespaceSyncWave: c?.namespaceSyncWave ?? d.namespaceSyncWave,
    values: (c as Record<string, unknown> | undefined) ?? {},
  };
  if (hasFile) catalog.file = CATALOG_VALUES_FILE;
  return catalog;
}

export { showPath };
