/**
 * clusters/<cluster>/applications.yaml: the Namespaces the catalog creates on the cluster (sorted by
 * name), then one Application per app enabled there, in folder order — the objects HomeScale's
 * catalog chart rendered for that cluster. Apps whose app.yaml is invalid are left out; check has
 * already reported them, and build writes nothing while there are errors.
 */
import { namespacesOn } from "../../model/namespaces.js";
import { isEnabled } from "../../model/resolve.js";
import type { Cluster, Model } from "../../model/types.js";
import type { K8sObject } from "../k8s-object.js";
import { Framed, materialize } from "../describe/frame.js";
import { describeApplication } from "./application.js";
import { describeNamespace } from "./namespace.js";

export function renderApplications(model: Model, cluster: Cluster): K8sObject[] {
  return describeApplications(model, cluster).map((d) => materialize(d) as K8sObject);
}

/**
 * The same objects as descriptions (model/frame.ts), which is what build writes: the YAML writer
 * writes each app's frame once and then only what differs per cluster.
 */
export function describeApplications(model: Model, cluster: Cluster): Framed[] {
  const out = namespacesOn(model, cluster.name).map((ns) => describeNamespace(model, cluster, ns));
  for (const app of model.apps) {
    if (app.valid && isEnabled(app, cluster.name)) out.push(describeApplication(model, cluster, app));
  }
  return out;
}
