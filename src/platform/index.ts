/**
 * The platform as the stages after the model see it: derived once per model, pure, and kept in one
 * explicit object that is passed along (never in module state): each app's placements, the mesh
 * provider, the public and mesh routes, each cluster's view. Everything is made when first asked:
 * `check` of a platform without public names never builds a route.
 */
import type { Declaration } from "../diag/declaration.js";
import { namespacesOn, type NamespacePlan } from "../model/namespaces.js";
import { isEnabled, templateData } from "../model/resolve.js";
import type { App, Cluster, Model } from "../model/types.js";
import type { TemplateData } from "../gotpl/template.js";
import { meshOf, type Mesh } from "./mesh/index.js";
import { placementOf, type Placement } from "./placement.js";
import { buildRouting, type Routing } from "./routes/index.js";
import type { Route, RouteVia } from "./routes/route.js";

/** One cluster as its renderers need it. */
export interface ClusterView {
  cluster: Cluster;
  /** The apps enabled on the cluster, in the catalog's order. */
  apps: readonly Placement[];
  /** The Namespaces the catalog creates there. */
  namespaces: readonly NamespacePlan[];
  /** What templates see under .Values there. */
  data: TemplateData;
}

/** A public name, for plan's exposure delta and check --summary. */
export interface PublicName {
  fqdn: string;
  app: string;
  cluster: string;
  via: RouteVia;
  target: string;
  decl: Declaration;
}

export class PlatformIndex {
  private meshProvider: Mesh | undefined;
  private routingOf: Routing | undefined;
  private meshRouteList: Route[] | undefined;
  private readonly placed = new Map<App, Map<Cluster, Placement>>();
  private readonly views = new Map<string, ClusterView>();

  constructor(readonly model: Model) {}

  get mesh(): Mesh {
    return (this.meshProvider ??= meshOf(
      this.model,
      () => this.placements(),
      (app) => this.model.platform.clusters.map((c) => this.placement(app, c)),
    ));
  }

  get routing(): Routing {
    return (this.routingOf ??= buildRouting(this.model, (app, cluster) => this.placement(app, this.model.platform.clusterByName.get(cluster)!)));
  }

  /** The app on a cluster, deployed or not. */
  placement(app: App, cluster: Cluster): Placement {
    let byCluster = this.placed.get(app);
    if (!byCluster) this.placed.set(app, (byCluster = new Map()));
    let p = byCluster.get(cluster);
    if (!p) byCluster.set(cluster, (p = placementOf(this.model, app, cluster)));
    return p;
  }

  /** Every valid app on every cluster, apps in folder order, each app's clusters in platform order. */
  placements(): Placement[] {
    const out: Placement[] = [];
    for (const app of this.model.apps) {
      if (!app.valid) continue;
      for (const c of this.model.platform.clusters) out.push(this.placement(app, c));
    }
    return out;
  }

  /** Where each valid app runs. */
  deployedOf(app: App): Placement[] {
    return this.model.platform.clusters.filter((c) => isEnabled(app, c.name)).map((c) => this.placement(app, c));
  }

  /** The mesh names of every app, from the mesh provider. */
  meshRoutes(): readonly Route[] {
    return (this.meshRouteList ??= this.mesh.routes(this.placements()));
  }

  cluster(name: string): ClusterView | undefined {
    const known = this.views.get(name);
    if (known) return known;
    const cluster = this.model.platform.clusterByName.get(name);
    if (!cluster) return undefined;
    const apps: Placement[] = [];
    for (const app of this.model.apps) if (app.valid && isEnabled(app, name)) apps.push(this.placement(app, cluster));
    const view: ClusterView = { cluster, apps, namespaces: namespacesOn(this.model, name), data: templateData(this.model.catalog, cluster) };
    this.views.set(name, view);
    return view;
  }

  /** The published public names (not the LAN's), by name, then cluster and app. */
  publicNames(): PublicName[] {
    return this.routing.routes.filter((r) => r.published && r.scope === "public").map((r) => ({ fqdn: r.name, app: r.app, cluster: r.cluster, via: r.via, target: r.target, decl: r.decl }));
  }
}

/** The index of a model: build it once and pass it along. */
export function indexPlatform(model: Model): PlatformIndex {
  return new PlatformIndex(model);
}
