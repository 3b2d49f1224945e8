/**
 * clusters.<name> is deep-merged over the base file: maps merge key by key, so an override's map
 * may hold only what differs (`exposePublic: {port: 8080}`). The override's schema takes such a
 * fragment (schema/app.ts); what must be whole is the merged value, checked here against the
 * base's schema. Merging can only leave a required field missing (a leaf is the base's or the
 * override's, each validated where it is written), so that is what is reported, at the override.
 */
import type { TSchema } from "@sinclair/typebox";
import type { Finding, PathSegment } from "../diag/diagnostic.js";
import { ExposePublic, type AppFile } from "../schema/app.js";
import { showPath, validate } from "../schema/validate.js";
import { deepMerge } from "./deep-merge.js";
import { omit } from "../core/own.js";
import { isPlainObject, own, setOwn } from "../core/own.js";

/** The map-valued fields an override may give in part, with the schema their merged value must meet. */
const MERGED_FIELDS: readonly { key: string; schema: TSchema }[] = [{ key: "exposePublic", schema: ExposePublic }];

/**
 * Findings for overrides whose merged maps are incomplete, and the app without those fragments
 * (what the rules and renderers may then read).
 */
export function checkMergedOverrides(raw: AppFile, file: string): { raw: AppFile; findings: Finding[] } {
  const findings: Finding[] = [];
  const clusters = raw.clusters;
  if (!isPlainObject(clusters)) return { raw, findings };
  let out = raw;
  for (const cluster of Object.keys(clusters)) {
    const o = clusters[cluster];
    if (!isPlainObject(o)) continue;
    for (const { key, schema } of MERGED_FIELDS) {
      const fragment = own(o, key);
      // A list replaces the base's (checked where it is written); only a map is merged.
      if (!isPlainObject(fragment)) continue;
      const at: PathSegment[] = ["clusters", cluster, key];
      const merged = deepMerge(own(raw as Record<string, unknown>, key), fragment);
      const missing = validate(schema, merged, { file, at }).filter((f) => f.code === "HS022");
      if (missing.length === 0) continue;
      for (const f of missing) {
        findings.push({
          ...f,
          message: `${f.message} (${showPath(at)} is merged over the base ${key}, which does not set it either)`,
          hint: `set it under ${showPath(at)}, or in the base ${key}`,
        });
      }
      out = withoutFragment(out, cluster, key);
    }
  }
  return { raw: out, findings };
}

function withoutFragment(raw: AppFile, cluster: string, key: string): AppFile {
  const clusters = { ...(raw.clusters as Record<string, unknown>) };
  setOwn(clusters, cluster, omit(clusters[cluster] as Record<string, unknown>, key));
  return { ...raw, clusters } as AppFile;
}
