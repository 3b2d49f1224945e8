/**
 * An app as it is on one cluster, deployed or not: the names every layer derives from it (its
 * Service, namespace, sync wave, Application name) and where its enablement is written. The routes,
 * the mesh and the renderers read placements instead of asking the model field by field.
 */
import type { Declaration } from "../diag/declaration.js";
import { enableHint } from "../model/catalog-generation.js";
import { applicationName, serviceName } from "../model/names.js";
import { effectiveSpec, isEnabled, override } from "../model/resolve.js";
import type { App, Cluster, Model } from "../model/types.js";
import type { AppSpec } from "../schema/app.js";

export interface Placement {
  app: App;
  cluster: Cluster;
  deployed: boolean;
  /** The effective app on the cluster (never mutate: shared with the model's caches). */
  spec: AppSpec;
  /** The app's Service: service, else the release name, else the app folder. */
  service: string;
  namespace: string;
  wave: number;
  applicationName: string;
  /** Where the app's enablement on the cluster is written (clusters.<c>.deploy, else defaultDeploy). */
  deployDecl: Declaration;
  /** How to turn it on there, in the catalog generation's words (`clusters.<c>.deploy: true in <file>`). */
  enableHint: string;
}

/** Where an app's enablement on a cluster is written. */
export function deployDeclaration(app: App, cluster: string): Declaration {
  const o = override(app, cluster);
  if (o && typeof o.deploy === "boolean") return { file: app.file, path: ["clusters", cluster, "deploy"] };
  return { file: app.file, path: ["defaultDeploy"] };
}

export function placementOf(model: Model, app: App, cluster: Cluster): Placement {
  const spec = effectiveSpec(app, cluster.name);
  return {
    app,
    cluster,
    deployed: isEnabled(app, cluster.name),
    spec,
    service: serviceName(spec, app.name),
    namespace: spec.namespace,
    wave: typeof spec.syncWave === "number" ? spec.syncWave : 0,
    applicationName: applicationName(model.catalog.applicationNamePrefix, app.name),
    deployDecl: deployDeclaration(app, cluster.name),
    enableHint: enableHint(model.catalog.generation, app.name, app.file, cluster.name),
  };
}
