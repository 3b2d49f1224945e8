/**
 * What the loader hands to the pure core: the few files homescale reads, by repository-relative
 * POSIX path, and the folder names that carry meaning. A folder on disk and a git revision both
 * become a Snapshot, so everything after loading is the same for `check`, `build` and `plan`.
 */
import type { Finding } from "../diag/diagnostic.js";

export interface Snapshot {
  /**
   * File contents by path, e.g. "apps/argocd/app.yaml". Only files homescale reads are here: the
   * settings, the catalog, each app.yaml, and the manifests under clusters/<name>/ (clusterManifest).
   */
  files: Map<string, Uint8Array>;
  /** Folders under apps/ that are app folders (the catalog chart's own templates/ and charts/ excluded). */
  appDirs: string[];
  /** Folders under clusters/. */
  clusterDirs: string[];
  /** Other paths that exist and matter (Chart.yaml, Dockerfiles), for CI and checks. */
  present: Set<string>;
  /** Problems found while reading (unsafe symlinks, oversized or unreadable files). */
  findings: Finding[];
}

/** Largest file read, in bytes. A bigger file is reported (HS007), never parsed. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Folders under apps/ that belong to the catalog chart itself, not to an app. */
export const CHART_OWN_DIRS = new Set(["templates", "charts"]);

export const SETTINGS_FILE = "homescale.yaml";
export const CATALOG_VALUES_FILE = "apps/values.yaml";

export function appFile(app: string): string {
  return `apps/${app}/app.yaml`;
}

/** The files of an app folder that homescale looks for, besides app.yaml. */
export function appExtras(app: string): string[] {
  return [`apps/${app}/Chart.yaml`, `apps/${app}/Dockerfile`, `apps/${app}/src/Dockerfile`];
}

export function isIgnoredDir(name: string): boolean {
  return name.startsWith(".");
}

/**
 * Files of a cluster's folder that Argo CD's directory source would apply (YAML and JSON): the
 * default bootstrap syncs clusters/<name>/ recursively, so what is there is part of the cluster.
 */
export function isClusterManifest(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name);
}

/**
 * The files of the catalog chart that app values read with `.Files.Get "<path>"` (headlamp's
 * checksums), as repository paths: only literal paths (the template subset requires one), only
 * inside apps/. Found in the app.yaml text itself, so a repository without any costs one search
 * per file.
 */
export function filesGetTargets(snap: Snapshot): string[] {
  const out = new Set<string>();
  for (const [file, bytes] of snap.files) {
    if (!/^apps\/[^/]+\/app\.yaml$/.test(file) || Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf("Files.Get") < 0) continue;
    const text = decoder.decode(bytes);
    for (const m of text.matchAll(/Files\.Get\s+\\?["`]([^"`\\]+)\\?["`]/g)) {
      const p = m[1]!;
      if (p.startsWith("/") || p.split("/").includes("..")) continue; // outside the chart: the evaluator reports it
      out.add(`${CATALOG_DIR}/${p}`);
    }
  }
  return [...out].sort();
}

/**
 * Whether the apps' own chart templates and values are read: they declare mesh objects (NetBird
 * NetworkResources and NetworkRouters, the Tailscale operator's Services). Only the apps whose
 * folder holds a templates/ folder are read, so a platform without any costs the folder listings
 * it already makes; a platform without a mesh (mesh: none) reads none.
 */
export function readsChartTemplates(snap: Snapshot): boolean {
  const settings = snap.files.get(SETTINGS_FILE);
  return settings === undefined || !/^mesh:[ \t]*["']?none\b/m.test(decoder.decode(settings));
}

/** The folder of an app's chart templates, and its chart values. */
export function chartTemplatesDir(app: string): string {
  return `apps/${app}/templates`;
}

export function chartValuesFile(app: string): string {
  return `apps/${app}/values.yaml`;
}

/** A chart template file homescale reads (flat under templates/, as Helm's are in the corpora). */
export function isChartTemplate(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

export const CATALOG_DIR = "apps";

/** How many chart templates are read in all: like cluster manifests, thousands are somebody else's business. */
export const MAX_CHART_TEMPLATES = 2000;

const decoder = new TextDecoder("utf-8");

/** How deep and how many cluster manifests are read: a folder of thousands is somebody else's business. */
export const MAX_MANIFEST_DEPTH = 8;
export const MAX_MANIFESTS = 2000;

/** HS090, the same from the folder reader and the git reader. */
export function outsideLinkFinding(shown: string): Finding {
  return {
    code: "HS090",
    severity: "error",
    message: `${shown} is a symlink that leads outside the repository; it was not followed`,
    hint: "replace the link with the file itself, or point it inside the repository",
    where: { file: shown, offset: 0 },
  };
}

/** HS007, the same from both readers. */
export function oversizedFinding(rel: string, size: number): Finding {
  return {
    code: "HS007",
    severity: "error",
    message: `${rel} is ${size} bytes, over the limit of ${MAX_FILE_BYTES}`,
    hint: "split the file, or move large data out of the platform repository",
    where: { file: rel, offset: 0 },
  };
}
