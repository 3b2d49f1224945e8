/**
 * The nodes routes and the mesh share, built in one place: a node's id says what it is, so two
 * modules that reach the same thing (a wildcard DNS record, a tunnel, an Application) reach the
 * same node. Every constructor gives the same node for the same arguments.
 */
import type { Placement } from "../placement.js";
import type { RouteNode } from "./route.js";

export const nodeId = {
  internet: () => "internet",
  lan: () => "lan",
  source: (name: string) => `source:${name}`,
  dns: (name: string) => `dns:${name.toLowerCase()}`,
  tunnel: (name: string) => `tunnel:${name}`,
  tunnelEnd: (tunnel: string) => `http-status:404@${tunnel}`,
  proxyCluster: () => "proxy-cluster",
  proxy: (name: string) => `reverse-proxy:${name.toLowerCase()}`,
  declaration: (name: string) => `declaration:${name.toLowerCase()}`,
  group: (name: string) => `group:${name}`,
  policy: (name: string) => `policy:${name}`,
  router: (cluster: string) => `router:${cluster}`,
  service: (name: string) => `service:${name.toLowerCase()}`,
  application: (app: string, cluster: string) => `application:${app}@${cluster}`,
  cluster: (name: string) => `cluster:${name}`,
};

export function internetNode(): RouteNode {
  return { id: nodeId.internet(), kind: "internet", name: "internet", detail: "a client on the internet" };
}

/** An Application where its app runs; where it does not, the dead end that says so. */
export function applicationNode(p: Placement): RouteNode {
  const id = nodeId.application(p.app.name, p.cluster.name);
  if (p.deployed) return { id, kind: "application", name: p.applicationName, detail: `Application ${p.applicationName} on ${p.cluster.name} (wave ${p.wave})`, terminal: true };
  return {
    id,
    kind: "application",
    name: p.applicationName,
    detail: `${p.app.name} is not enabled on ${p.cluster.name}`,
    blocked: { block: "not-deployed", explanation: `${p.app.name} is not deployed on ${p.cluster.name} (enable it with ${p.enableHint})` },
  };
}

/** The hop of reaching an Application (or of finding the app is not there). */
export function applicationHop(p: Placement): { kind: "application"; name: string; detail: string; decl: Placement["deployDecl"] } {
  return {
    kind: "application",
    name: p.applicationName,
    detail: p.deployed ? `Application ${p.applicationName} on ${p.cluster.name} (wave ${p.wave})` : `${p.app.name} is not enabled on ${p.cluster.name}: no Application, no Service there`,
    decl: p.deployDecl,
  };
}
