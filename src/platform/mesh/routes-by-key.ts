/**
 * Which routes of a list are under any of some keys (NetBird: the groups a route's NetworkResource
 * is in; Tailscale: the tags of a route's Service), for MeshProvider.opens. `access` asks it of
 * every policy over the same list of every route: filtering the list each time was policies x
 * routes (250 s of a 10,000-app plan), so a long list is indexed by key once, while a short one (trace
 * asks about one route at a time, in a list of its own) is filtered as it is.
 */
import type { Route } from "../routes/route.js";

interface Indexed {
  /** The routes under some key, in the list's order. */
  keyed: Route[];
  /** Each key's routes, as places in `keyed`, in order. */
  at: Map<string, number[]>;
}

const SHORT = 16;

export class RoutesByKey {
  private readonly lists = new WeakMap<readonly Route[], Indexed>();

  /** `keysOf`: a route's keys; undefined for a route under none (it is never opened). */
  constructor(private readonly keysOf: (r: Route) => readonly string[] | undefined) {}

  /** The routes of the list under any of `keys`, in the list's order. */
  under(routes: readonly Route[], keys: readonly string[]): Route[] {
    if (routes.length <= SHORT) return routes.filter((r) => this.keysOf(r)?.some((k) => keys.includes(k)) ?? false);
    const { keyed, at } = this.indexed(routes);
    if (keys.length === 1) return (at.get(keys[0]!) ?? []).map((i) => keyed[i]!);
    const places = new Set<number>();
    for (const k of keys) for (const i of at.get(k) ?? []) places.add(i);
    return [...places].sort((a, b) => a - b).map((i) => keyed[i]!);
  }

  /** The routes of the list under any key at all, in the list's order. */
  keyed(routes: readonly Route[]): Route[] {
    return routes.length <= SHORT ? routes.filter((r) => this.keysOf(r) !== undefined) : [...this.indexed(routes).keyed];
  }

  private indexed(routes: readonly Route[]): Indexed {
    let ix = this.lists.get(routes);
    if (!ix) {
      ix = { keyed: [], at: new Map() };
      for (const r of routes) {
        const keys = this.keysOf(r);
        if (keys === undefined) continue;
        const i = ix.keyed.push(r) - 1;
        for (const k of keys) {
          const list = ix.at.get(k);
          if (!list) ix.at.set(k, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      }
      this.lists.set(routes, ix);
    }
    return ix;
  }
}
