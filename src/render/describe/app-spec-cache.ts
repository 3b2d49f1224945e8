/**
 * Work kept per app and effective spec (an Application's frame, a NetworkResource's). Keyed by the
 * model's App object first: plan's two revisions share their parsed files, and so the specs of every
 * app the change leaves alone; keyed by spec alone, the two models took turns overwriting each
 * other's entry, and plan built every frame again on every cluster.
 */
import type { AppSpec } from "../../schema/app.js";
import type { App } from "../../model/types.js";

export class AppSpecCache<T> {
  private readonly byApp = new WeakMap<App, WeakMap<AppSpec, T>>();

  get(app: App, spec: AppSpec): T | undefined {
    return this.byApp.get(app)?.get(spec);
  }

  set(app: App, spec: AppSpec, value: T): void {
    let bySpec = this.byApp.get(app);
    if (!bySpec) this.byApp.set(app, (bySpec = new WeakMap()));
    bySpec.set(spec, value);
  }
}
