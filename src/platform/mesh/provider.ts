/**
 * The mesh seam: who may reach which app over the overlay network. A provider turns the policy
 * rules an app declares (sources, protocol, ports) into principals of its mesh (NetBird groups,
 * Tailscale tags or groups), names the policies, and gives the graph its steps. Check rules,
 * `access`, `trace` and the Terraform target ask the provider; nothing else resolves a source.
 */
import type { Declaration } from "../../diag/declaration.js";
import type { App } from "../../model/types.js";
import type { Placement } from "../placement.js";
import type { Route, RouteNode, Step } from "../routes/route.js";

/** Something a policy names: a NetBird group, a Tailscale tag or group. */
export interface MeshPrincipal {
  /** Its node in the graph. */
  node: RouteNode;
  /** Its name in the mesh (a NetBird group name). */
  name: string;
}

export interface MeshSource {
  /** As written in app.yaml: a keyword or app:<name>. */
  source: string;
  /** What it means; undefined when it names nothing (check reports it, renderers leave it out). */
  principal?: MeshPrincipal;
  decl: Declaration;
}

export interface MeshPolicy {
  /** app-<name> for a single rule, app-<name>-<i> for several. */
  name: string;
  app: App;
  index: number;
  protocol: string;
  /** Destination ports; empty means every port. */
  ports: string[];
  sources: MeshSource[];
  description?: string;
  decl: Declaration;
}

/**
 * A policy source: a keyword of the platform, another app's principal, or (Tailscale) a principal
 * written as the mesh itself names it (`group:team@example.com`, `tag:ci`, `*`).
 */
export type SourceRef = { kind: "app"; app: string } | { kind: "keyword"; keyword: string } | { kind: "identifier"; id: string };

export interface MeshProvider {
  readonly id: "netbird" | "tailscale" | "none";
  /** For people: "NetBird". */
  readonly label: string;
  /** The app.yaml block that holds an app's policy rules (none without a mesh). */
  readonly block: "netbird" | "tailscale" | undefined;
  /** The source keywords the platform configures, in their order. */
  keywords(): readonly string[];
  /** How a source is written: app:<name>, or a keyword. */
  parseSource(source: string): SourceRef;
  /** The principal a source means; undefined when it names nothing. */
  principal(source: string): MeshPrincipal | undefined;
  /** The principal every peer of the mesh belongs to (NetBird's All group). */
  everyone(): MeshPrincipal;
  /** The principal an app's policies grant access to (its group app-<name>). */
  destination(app: string): MeshPrincipal;
  /** Every policy of every valid app, in folder then rule order. */
  policies(): readonly MeshPolicy[];
  /** The policies whose destination is the app. */
  policiesOf(app: string): readonly MeshPolicy[];
  /** What a source is on the mesh, in words: "peers in NetBird group team-infra-plat". */
  describeSource(source: string): string;
  /** A source as the start of a trace. */
  sourceNode(source: string): RouteNode;
  /** The mesh's steps: each source to its principal, each principal to the policies naming it, each policy to its destination. */
  steps(): Step[];
  /** The apps' mesh names (one per placement), as routes from the app's destination to its Service. */
  routes(placements: readonly Placement[]): Route[];
  /** Of the mesh routes, those a policy lets its sources reach (NetBird: its app's; Tailscale: the Services carrying its destination tags). */
  opens(policy: MeshPolicy, routes: readonly Route[]): Route[];
}
