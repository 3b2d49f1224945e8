/**
 * clusters/<cluster>/applications.yaml: the Namespaces the catalog creates on the cluster (sorted by
 * name), then one Application per app enabled there, in folder order — the objects HomeScale's
 * catalog chart rendered for that cluster. Apps whose app.yaml is invalid are left out; check has
 * already reported them, and build writes nothing while there are errors.
 */
import type { Model } from "../../../model/types.js";
import type { ClusterView } from "../../../platform/index.js";
import type { K8sObject } from "../../k8s-object.js";
import { Framed, materialize } from "../../describe/frame.js";
import { describeApplication } from "./application.js";
import { describeNamespace } from "./namespace.js";

export function renderApplications(model: Model, view: ClusterView): K8sObject[] {
  return describeApplications(model, view).map((d) => materialize(d) as K8sObject);
}

/**
 * The same objects as descriptions (describe/frame.ts), which is what build writes: the YAML writer
 * writes each app's frame once and then only what differs per cluster.
 */
export function describeApplications(model: Model, view: ClusterView): Framed[] {
  const out = view.namespaces.map((ns) => describeNamespace(model, view.cluster, ns));
  for (const p of view.apps) out.push(describeApplication(model, view, p));
  return out;
}
