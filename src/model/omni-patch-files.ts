/**
 * Where a template's `file:` patch is, as HomeScale's CI lays it out for omnictl: the template is
 * copied into a temporary folder, every `<patches>/*.yaml` into `<patchesAs>/` beside it (flat,
 * by file name), and omnictl resolves `file:` relative to the template's folder, refusing what
 * leaves it (`--allowed-dir`, default the template's folder).
 */
import path from "node:path/posix";
import { closest } from "../diag/suggest.js";
import type { OmniSettings, PatchRef } from "./omni-types.js";

export type Resolution = Pick<PatchRef, "resolved" | "unresolved">;

/** The patch files CI copies: `<patches>/<name>.yaml`, by name. */
export function copiedPatches(settings: OmniSettings, files: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const prefix = `${settings.patches}/`;
  for (const f of files) {
    if (!f.startsWith(prefix)) continue;
    const name = f.slice(prefix.length);
    if (!name.includes("/") && name.endsWith(".yaml")) out.set(name, f);
  }
  return out;
}

export function resolvePatchFile(file: string, settings: OmniSettings, present: ReadonlySet<string>, copied: ReadonlyMap<string, string>): Resolution {
  if (file.startsWith("/")) return { unresolved: { why: "absolute" } };
  const norm = path.normalize(file);
  if (norm === ".." || norm.startsWith("../")) return { unresolved: { why: "outside" } };
  const near = (name: string): Resolution["unresolved"] => {
    const guess = closest(name, copied.keys());
    return guess !== undefined ? { why: "missing", near: `${settings.patchesAs}/${guess}` } : { why: "missing" };
  };
  const as = `${settings.patchesAs}/`;
  if (!norm.startsWith(as)) return { unresolved: near(path.basename(norm)) };
  const name = norm.slice(as.length);
  const inRepo = `${settings.patches}/${name}`;
  const resolved = copied.get(name);
  if (resolved !== undefined) return { resolved };
  // There, but not what CI copies (a .yml file, a subfolder): omnictl will not find it.
  if (present.has(inRepo)) return { unresolved: { why: "not-copied" } };
  return { unresolved: near(name) };
}
