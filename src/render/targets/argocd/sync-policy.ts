/**
 * An Application's syncPolicy: the app's map merged over the catalog's (DESIGN.md's merge), and
 * syncOptions gathered from the catalog, then any syncOptions written inside a syncPolicy map (the
 * spelling Argo CD users know), then the app's own list — first occurrence kept, order kept, as the
 * chart's `concat | uniq` did. Undefined when there is nothing to say, so no empty map is written.
 */
import { deepMerge } from "../../../model/deep-merge.js";
import { isPlainObject } from "../../../core/own.js";
import type { Catalog } from "../../../model/types.js";
import type { AppSpec } from "../../../schema/app.js";
import { sortKeysDeep } from "../../describe/sort-keys-deep.js";

export function syncPolicyOf(catalog: Catalog, spec: AppSpec): Record<string, unknown> | undefined {
  const merged = deepMerge(catalog.syncPolicy, spec.syncPolicy ?? {});
  const { syncOptions: inPolicy, ...rest } = isPlainObject(merged) ? merged : {};
  const options = [...new Set([...catalog.syncOptions, ...(Array.isArray(inPolicy) ? inPolicy : []), ...(spec.syncOptions ?? [])])];
  // toYaml order for the map, as the chart printed it; syncOptions last, where the chart put it.
  // A copy of the top level: sortKeysDeep's result is shared and must not be mutated.
  const policy = { ...(sortKeysDeep(rest) as Record<string, unknown>) };
  if (options.length > 0) policy.syncOptions = options;
  return Object.keys(policy).length > 0 ? policy : undefined;
}
