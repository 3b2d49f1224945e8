/**
 * Exposure as declared: an app is published on cluster C by the entries of its effective
 * exposePublic on C that name C (one map, as HomeScale wrote it at the corpus commit, or a list, as
 * it does today), and served on C's LAN by the entries of exposeLan that name C. This is the one
 * reader of both; the routes (platform/routes) and the check rules start from what it returns. Each
 * field knows where it is written: in the base file, or in the override of the cluster when that
 * sets it (an alias set only under clusters.<c> is reported at its own line, not at the fqdn's).
 */
import type { PathSegment } from "../diag/diagnostic.js";
import type { Declaration } from "../diag/declaration.js";
import { isPlainObject } from "../core/own.js";
import type { ExposeLanT, ExposePublicT } from "../schema/app.js";
import { effectiveSpec, isEnabled, origin } from "./resolve.js";
import type { App, Model } from "./types.js";

export type Via = "tunnel" | "netbird-proxy" | "gateway" | "edge";

const FIELDS = ["fqdn", "cluster", "port", "alias", "via", "gateway", "edge", "auth", "tls", "cacheBypass", "access"] as const;
type Field = (typeof FIELDS)[number];

export interface Exposure {
  app: App;
  cluster: string;
  expose: ExposePublicT;
  via: Via;
  /** The app runs on the cluster it names: only then is anything published. */
  deployed: boolean;
  /** Where each field of this exposure is written (the entry's own place when the field is absent). */
  at: Record<Field, Declaration>;
}

export interface LanExposure {
  app: App;
  cluster: string;
  expose: ExposeLanT;
  deployed: boolean;
  at: Record<"fqdn" | "cluster" | "port" | "gateway" | "auth", Declaration>;
}

/** The entries of an exposePublic or exposeLan value: one map, or a list, each with its path. */
export function entriesOf<T>(value: unknown, path: PathSegment[]): { entry: T; path: PathSegment[] }[] {
  if (Array.isArray(value)) return value.flatMap((e, i) => (isPlainObject(e) ? [{ entry: e as T, path: [...path, i] }] : []));
  return isPlainObject(value) ? [{ entry: value as T, path }] : [];
}

/** Every cluster an app's exposePublic (or exposeLan) names, base and overrides, with where it is written. */
export function exposureTargets(app: App, key: "exposePublic" | "exposeLan" = "exposePublic"): { cluster: string; path: PathSegment[] }[] {
  const out: { cluster: string; path: PathSegment[] }[] = [];
  const add = (value: unknown, at: PathSegment[]): void => {
    for (const { entry, path } of entriesOf<{ cluster?: unknown }>(value, at)) if (typeof entry.cluster === "string") out.push({ cluster: entry.cluster, path: [...path, "cluster"] });
  };
  const base = (app.raw as Record<string, unknown>)[key];
  if (base !== undefined) add(base, [key]);
  const overrides = app.raw.clusters;
  // Most apps expose nothing: look before building paths (this runs for every app, several times).
  if (overrides !== undefined) {
    for (const name in overrides) {
      const v = (overrides[name] as Record<string, unknown> | undefined)?.[key];
      if (v !== undefined) add(v, ["clusters", name, key]);
    }
  }
  return out;
}

/** The clusters, in the order the app first names them, that exist on the platform. */
function namedClusters(model: Model, app: App, key: "exposePublic" | "exposeLan"): string[] {
  const seen: string[] = [];
  for (const t of exposureTargets(app, key)) if (!seen.includes(t.cluster) && model.platform.clusterByName.has(t.cluster)) seen.push(t.cluster);
  return seen;
}

/**
 * The exposures an app declares, on clusters that exist, whether or not the app runs there (trace
 * explains an exposure that publishes nothing): on each cluster it names, the entries of its
 * effective exposePublic there that name that cluster.
 */
export function declaredExposures(model: Model, app: App): Exposure[] {
  const out: Exposure[] = [];
  if (!app.valid) return out;
  for (const cluster of namedClusters(model, app, "exposePublic")) {
    for (const { entry, path } of entriesOf<ExposePublicT>(effectiveSpec(app, cluster).exposePublic, ["exposePublic"])) {
      if (entry.cluster !== cluster) continue;
      const at = Object.fromEntries(FIELDS.map((f) => [f, { file: app.file, path: origin(app, cluster, [...path, f]) }])) as Record<Field, Declaration>;
      out.push({ app, cluster, expose: entry, via: entry.via ?? "tunnel", deployed: isEnabled(app, cluster), at });
    }
  }
  return out;
}

/** The LAN names an app declares (exposeLan), like declaredExposures. */
export function declaredLanExposures(model: Model, app: App): LanExposure[] {
  const out: LanExposure[] = [];
  if (!app.valid) return out;
  for (const cluster of namedClusters(model, app, "exposeLan")) {
    for (const { entry, path } of entriesOf<ExposeLanT>(effectiveSpec(app, cluster).exposeLan, ["exposeLan"])) {
      if (entry.cluster !== cluster) continue;
      const at = (f: string): Declaration => ({ file: app.file, path: origin(app, cluster, [...path, f]) });
      out.push({ app, cluster, expose: entry, deployed: isEnabled(app, cluster), at: { fqdn: at("fqdn"), cluster: at("cluster"), port: at("port"), gateway: at("gateway"), auth: at("auth") } });
    }
  }
  return out;
}

/** The exposures that publish something: the app runs where it is exposed. */
export function exposuresOf(model: Model, app: App): Exposure[] {
  return declaredExposures(model, app).filter((e) => e.deployed);
}

export function allExposures(model: Model): Exposure[] {
  return model.apps.flatMap((a) => exposuresOf(model, a));
}

/** The configured zone a name falls in: the longest suffix match, never "the last two labels". */
export function zoneOf(fqdn: string, zones: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const z of zones) {
    const zone = z.replace(/\.$/, "").toLowerCase();
    const name = fqdn.replace(/\.$/, "").toLowerCase();
    if ((name === zone || name.endsWith(`.${zone}`)) && (best === undefined || zone.length > best.length)) best = zone;
  }
  return best;
}
