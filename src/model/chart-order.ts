/**
 * The order in which HomeScale's catalog chart meets the apps: `range $path, $_ := .Files.Glob
 * "*\/app.yaml"`, Go templates walking a map in sorted key order, so whole paths sorted by bytes.
 * That is not folder-name order: `netbird-crs/app.yaml` comes before `netbird/app.yaml`, because
 * '-' (0x2d) sorts before '/' (0x2f). Wherever the first app decides something (the Namespace
 * two apps share), this is the order that decides.
 */
import type { App, Model } from "./types.js";

const orders = new WeakMap<Model, readonly App[]>();

/** The model's apps in the chart's order; kept per model (a model never changes once built). */
export function chartOrder(model: Model): readonly App[] {
  let order = orders.get(model);
  if (!order) {
    const keyed = model.apps.map((app) => ({ app, key: Buffer.from(chartPath(app.name), "utf8") }));
    keyed.sort((a, b) => Buffer.compare(a.key, b.key));
    order = keyed.map((k) => k.app);
    orders.set(model, order);
  }
  return order;
}

/** The path Files.Glob gives an app's file, relative to the chart. */
export function chartPath(app: string): string {
  return `${app}/app.yaml`;
}
