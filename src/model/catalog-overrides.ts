/**
 * Generation 2 of the catalog (catalog-generation.ts): each cluster's bootstrap Application
 * (clusters/<c>/apps.yaml) renders the catalog chart with its `helm.values` string, and those values
 * say, per app folder, `apps.<name>.deploy` (over defaultDeploy) and `apps.<name>.values` (deep-merged
 * over the app's values). This reads them into the model as the app's clusters.<c> override, the
 * shape everything after the model already understands, and says where they are written: a path
 * under clusters.<c> of apps/<name>/app.yaml is located in the cluster's apps.yaml (SourceText
 * redirects), inside its values string (SourceText embedded).
 *
 * The chart no longer reads app.yaml's clusters.<name>; an app.yaml that still has one is warned
 * about (HS162) and its overrides are not applied, as the chart does not apply them.
 */
import { Type } from "@sinclair/typebox";
import type { Finding, PathSegment } from "../diag/diagnostic.js";
import type { SourceText } from "../diag/locate.js";
import { closest } from "../diag/suggest.js";
import { embeddedOffsets } from "../parse/embedded.js";
import { parseYamlText } from "../parse/parse-yaml.js";
import { validate } from "../schema/validate.js";
import { isPlainObject, own } from "../core/own.js";
import type { FolderApplication } from "./cluster-folders.js";
import type { App, Cluster } from "./types.js";

/** What the catalog chart reads of its values besides the catalog's own keys. */
const BootstrapValues = Type.Object(
  {
    cluster: Type.Optional(
      Type.Object({ name: Type.Optional(Type.String()), region: Type.Optional(Type.String()) }, { additionalProperties: true, description: "The cluster templates see as .Values.cluster." }),
    ),
    apps: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          {
            deploy: Type.Optional(Type.Boolean({ description: "Enable or disable the app on this cluster (over defaultDeploy)." })),
            values: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "Deep-merged over the app's values on this cluster." })),
          },
          { additionalProperties: false },
        ),
        { description: "Per app folder: this cluster's deploy toggle and values." },
      ),
    ),
  },
  { additionalProperties: true },
);

export interface Generation2 {
  findings: Finding[];
  /** The cluster's catalog values (what templates see under .Values besides the catalog's), by cluster. */
  clusterValues: Map<string, Record<string, unknown>>;
}

/**
 * Replaces each app's clusters map with what the bootstraps say and registers where it is written.
 * `apps` are replaced in place (a copy of raw each, before anything caches by it).
 */
export function applyGeneration2(apps: App[], clusters: readonly Cluster[], folders: readonly FolderApplication[], sources: Map<string, SourceText>): Generation2 {
  const findings: Finding[] = [];
  const clusterValues = new Map<string, Record<string, unknown>>();
  const byApp = new Map<string, Record<string, Record<string, unknown>>>();
  const redirects = new Map<string, { prefix: PathSegment[]; file: string; path: PathSegment[] }[]>();
  const appNames = apps.map((a) => a.name);

  for (const cluster of clusters) {
    const boot = bootstrapOf(folders, cluster.name);
    if (!boot) continue;
    const cv = boot.catalogValues!;
    const outer = sources.get(boot.file)?.text ?? "";
    const src = sources.get(boot.file);
    if (src) src.embedded = [...(src.embedded ?? []), cv.path];
    const parsed = parseYamlText(boot.file, cv.text);
    const map = embeddedOffsets(outer, cv.start, cv.text);
    for (const f of parsed.findings) findings.push(relocate(f, boot.file, cv.path, map));
    const value = parsed.file?.value;
    if (!isPlainObject(value)) continue;
    // Validated as the document it is (messages say apps.x, not spec.sources[1]...), then placed.
    const errs = validate(BootstrapValues, value, { file: boot.file });
    for (const f of errs) findings.push(relocate(f, boot.file, cv.path, map));
    if (errs.some((e) => e.severity === "error")) continue;
    clusterValues.set(cluster.name, value);
    findings.push(...clusterMismatch(cluster, value, boot.file, cv.path));
    const list = isPlainObject(value.apps) ? value.apps : {};
    for (const name of Object.keys(list)) {
      const o = own(list, name);
      if (!appNames.includes(name)) {
        const guess = closest(name, appNames);
        findings.push({
          code: "HS163",
          severity: "warning",
          message: `apps.${name} in ${boot.file} names no app (no apps/${name}/app.yaml): the catalog chart ignores it`,
          ...(guess !== undefined ? { hint: `did you mean ${guess}?` } : { hint: `remove apps.${name}, or add apps/${name}/app.yaml` }),
          where: { file: boot.file, path: [...cv.path, "apps", name], key: true },
        });
        continue;
      }
      if (!isPlainObject(o)) continue;
      let m = byApp.get(name);
      if (!m) byApp.set(name, (m = {}));
      m[cluster.name] = o;
      let r = redirects.get(name);
      if (!r) redirects.set(name, (r = []));
      r.push({ prefix: ["clusters", cluster.name], file: boot.file, path: [...cv.path, "apps", name] });
    }
  }

  for (let i = 0; i < apps.length; i++) {
    const app = apps[i]!;
    if (app.valid && app.raw.clusters !== undefined) {
      findings.push({
        code: "HS162",
        severity: "warning",
        message: `${app.file} has clusters:, which the generation-2 catalog chart no longer reads: its per-cluster settings are not applied`,
        hint: "move deploy and values to apps." + app.name + " in clusters/<name>/apps.yaml (the bootstrap's helm.values), and remove clusters: here",
        where: { file: app.file, path: ["clusters"], key: true },
      });
    }
    const overrides = byApp.get(app.name);
    const raw = { ...app.raw } as App["raw"];
    delete raw.clusters;
    if (overrides) raw.clusters = overrides as App["raw"]["clusters"];
    apps[i] = { ...app, raw };
    const src = sources.get(app.file);
    const r = redirects.get(app.name);
    if (src && r) src.redirects = r;
  }
  return { findings, clusterValues };
}

/** The cluster's app-of-apps: its catalog source's values, from the Application apps-<c> if there is one, else the first. */
function bootstrapOf(folders: readonly FolderApplication[], cluster: string): FolderApplication | undefined {
  const mine = folders.filter((a) => a.cluster === cluster && a.catalogValues !== undefined);
  return mine.find((a) => a.name === `apps-${cluster}`) ?? mine[0];
}

/** A finding of the inner document, placed in the file that holds it. */
function relocate(f: Finding, file: string, at: PathSegment[], map: (o: number) => number): Finding {
  const where = { ...f.where, file };
  if (where.offset !== undefined) {
    where.offset = map(where.offset);
    if (where.endOffset !== undefined) where.endOffset = map(where.endOffset);
  } else if (where.path !== undefined) where.path = [...at, ...where.path];
  return { ...f, where };
}

/**
 * The bootstrap values give templates .Values.cluster.name and .region; homescale takes both from
 * the platform (homescale.yaml or the folder), so templates render alike. When they differ, the
 * Applications Argo CD renders from the chart and homescale's would not be the same.
 */
function clusterMismatch(cluster: Cluster, value: Record<string, unknown>, file: string, at: PathSegment[]): Finding[] {
  const c = isPlainObject(value.cluster) ? value.cluster : {};
  const out: Finding[] = [];
  const check = (key: "name" | "region", want: string): void => {
    const got = typeof c[key] === "string" ? (c[key] as string) : "";
    if (got === want) return;
    out.push({
      code: "HS164",
      severity: "warning",
      message: `${file} renders the catalog with cluster.${key} ${JSON.stringify(got)}, but the platform's cluster ${cluster.name} has ${key} ${JSON.stringify(want)}: homescale renders with ${JSON.stringify(want)}`,
      hint: key === "name" ? `write cluster.name: ${cluster.name}` : `write cluster.region: ${want === "" ? '""' : want} here, or region: ${got} for ${cluster.name} in homescale.yaml`,
      where: { file, path: Object.hasOwn(c, key) ? [...at, "cluster", key] : Object.hasOwn(value, "cluster") ? [...at, "cluster"] : at, key: !Object.hasOwn(c, key) },
    });
  };
  check("name", cluster.name);
  check("region", cluster.region);
  return out;
}
