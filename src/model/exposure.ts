/**
 * Public exposure as declared: an app is published on cluster C when its effective exposePublic on
 * C names C. This is the one reader of exposePublic; the routes (platform/routes) and the check
 * rules start from what it returns. Each field knows where it is written: in the base file, or in
 * the override of the cluster when that sets it (an alias set only under clusters.<c> is reported
 * at its own line, not at the fqdn's).
 */
import type { PathSegment } from "../diag/diagnostic.js";
import type { Declaration } from "../diag/declaration.js";
import type { ExposePublicT } from "../schema/app.js";
import { effectiveSpec, isEnabled, origin } from "./resolve.js";
import type { App, Model } from "./types.js";

export type Via = "tunnel" | "netbird-proxy";

export interface Exposure {
  app: App;
  cluster: string;
  expose: ExposePublicT;
  via: Via;
  /** The app runs on the cluster it names: only then is anything published. */
  deployed: boolean;
  /** Where each field of this exposure is written. */
  at: { fqdn: Declaration; cluster: Declaration; port: Declaration; alias: Declaration; via: Declaration };
}

/** Every exposePublic.cluster an app names, base and overrides, with where it is written. */
export function exposureTargets(app: App): { cluster: string; path: PathSegment[] }[] {
  const out: { cluster: string; path: PathSegment[] }[] = [];
  if (app.raw.exposePublic) out.push({ cluster: app.raw.exposePublic.cluster, path: ["exposePublic", "cluster"] });
  const overrides = app.raw.clusters ?? {};
  for (const name of Object.keys(overrides)) {
    const c = (overrides[name]?.exposePublic as { cluster?: unknown } | undefined)?.cluster;
    if (typeof c === "string") out.push({ cluster: c, path: ["clusters", name, "exposePublic", "cluster"] });
  }
  return out;
}

/**
 * The exposures an app declares, on clusters that exist, whether or not the app runs there (trace
 * explains an exposure that publishes nothing). One per cluster: an override names its own cluster.
 */
export function declaredExposures(model: Model, app: App): Exposure[] {
  const out: Exposure[] = [];
  if (!app.valid) return out;
  const seen = new Set<string>();
  for (const t of exposureTargets(app)) {
    if (seen.has(t.cluster) || !model.platform.clusterByName.has(t.cluster)) continue;
    seen.add(t.cluster);
    const expose = effectiveSpec(app, t.cluster).exposePublic;
    if (!expose || expose.cluster !== t.cluster) continue;
    const at = (field: string): Declaration => ({ file: app.file, path: origin(app, t.cluster, ["exposePublic", field]) });
    out.push({
      app,
      cluster: t.cluster,
      expose,
      via: expose.via ?? "tunnel",
      deployed: isEnabled(app, t.cluster),
      at: { fqdn: at("fqdn"), cluster: at("cluster"), port: at("port"), alias: at("alias"), via: at("via") },
    });
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
