/**
 * The values the catalog chart hands an app's own chart (before templates are evaluated): the app's
 * effective values on the cluster and, from catalog generation 2 on, `homescale.exposePublicFqdns`,
 * the public names of the app's exposePublic as the base app.yaml writes them (every Application
 * gets it, `[]` without any), so a chart can configure itself for them. The list replaces any
 * `homescale.exposePublicFqdns` the values set; other keys under `homescale` stay.
 */
import type { AppSpec } from "../schema/app.js";
import { isPlainObject } from "../core/own.js";
import { entriesOf } from "./exposure.js";
import type { App, Model } from "./types.js";

/** Per effective spec (shared by the clusters without an override), so renderers see one object. */
const injected = new WeakMap<AppSpec, Record<string, unknown>>();

export function chartValuesOf(model: Model, app: App, spec: AppSpec): Record<string, unknown> | undefined {
  if (model.catalog.generation?.generation !== 2) return spec.values;
  let v = injected.get(spec);
  if (!v) {
    const fqdns = entriesOf<{ fqdn?: unknown }>(app.raw.exposePublic, [])
      .map((e) => e.entry.fqdn)
      .filter((f): f is string => typeof f === "string");
    const values = spec.values ?? {};
    const own = isPlainObject(values.homescale) ? values.homescale : {};
    v = { ...values, homescale: { ...own, exposePublicFqdns: fqdns } };
    injected.set(spec, v);
  }
  return v;
}
