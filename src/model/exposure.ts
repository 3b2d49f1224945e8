/**
 * Public exposure: an app is published on cluster C when its effective exposePublic on C names C.
 * Check and every renderer use this one function.
 */
import type { PathSegment } from "../diag/diagnostic.js";
import type { ExposePublicT } from "../schema/app.js";
import { effectiveSpec, isEnabled, origin } from "./resolve.js";
import type { App, Model } from "./types.js";

export interface Exposure {
  app: App;
  cluster: string;
  expose: ExposePublicT;
  via: "tunnel" | "netbird-proxy";
  /** Where exposePublic.fqdn of this exposure is written. */
  fqdnPath: PathSegment[];
  clusterPath: PathSegment[];
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

export function exposuresOf(model: Model, app: App): Exposure[] {
  const out: Exposure[] = [];
  if (!app.valid) return out;
  const seen = new Set<string>();
  for (const t of exposureTargets(app)) {
    if (seen.has(t.cluster) || !model.platform.clusterByName.has(t.cluster)) continue;
    seen.add(t.cluster);
    if (!isEnabled(app, t.cluster)) continue;
    const expose = effectiveSpec(app, t.cluster).exposePublic;
    if (!expose || expose.cluster !== t.cluster) continue;
    out.push({
      app,
      cluster: t.cluster,
      expose,
      via: expose.via ?? "tunnel",
      fqdnPath: origin(app, t.cluster, ["exposePublic", "fqdn"]),
      clusterPath: origin(app, t.cluster, ["exposePublic", "cluster"]),
    });
  }
  return out;
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
