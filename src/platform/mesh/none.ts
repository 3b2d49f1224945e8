/**
 * A platform without a mesh (`mesh: none`; seeds 003 and 004 reach their apps through gateways and
 * edges only): no principals, no policies, no mesh names. `access` is empty, `trace` of a mesh
 * source says there is no mesh, and no mesh target renders.
 */
import type { Placement } from "../placement.js";
import type { Route, RouteNode, Step } from "../routes/route.js";
import type { MeshPolicy, MeshPrincipal, MeshProvider, SourceRef } from "./provider.js";

const NOBODY: MeshPrincipal = { node: { id: "group:nobody", kind: "mesh-group", name: "nobody", detail: "no mesh: nobody" }, name: "nobody" };

export class NoMesh implements MeshProvider {
  readonly id = "none" as const;
  readonly label = "no";
  readonly block = undefined;

  keywords(): readonly string[] {
    return [];
  }

  parseSource(source: string): SourceRef {
    return source.startsWith("app:") ? { kind: "app", app: source.slice(4) } : { kind: "keyword", keyword: source };
  }

  principal(): MeshPrincipal | undefined {
    return undefined;
  }

  everyone(): MeshPrincipal {
    return NOBODY;
  }

  destination(): MeshPrincipal {
    return NOBODY;
  }

  policies(): readonly MeshPolicy[] {
    return [];
  }

  policiesOf(): readonly MeshPolicy[] {
    return [];
  }

  describeSource(source: string): string {
    return `${source}: the platform has no mesh (mesh: none)`;
  }

  sourceNode(source: string): RouteNode {
    return { id: `source:${source}`, kind: "source", name: source, detail: this.describeSource(source), choice: "any" };
  }

  steps(): Step[] {
    return [];
  }

  routes(_placements: readonly Placement[]): Route[] {
    return [];
  }

  opens(): Route[] {
    return [];
  }
}
