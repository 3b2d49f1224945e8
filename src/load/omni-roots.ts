/**
 * The folders of the Omni templates' patches and machine classes, which the loaders read besides
 * clusters/<name>/: homescale.yaml's `omni.patches` and `omni.machineClasses`, or the defaults.
 * The loaders need them before the model exists, so homescale.yaml is glanced at here, leniently:
 * anything unusable (a file that does not parse, a value that is no safe folder) gives the
 * defaults, and the model, which validates the file, reports what is wrong with it.
 */
import jsyaml from "js-yaml";
import { DEFAULT_OMNI_MACHINE_CLASSES, DEFAULT_OMNI_PATCHES } from "../core/omni-layout.js";

export interface OmniRoots {
  patches: string;
  machineClasses: string;
}

/** A relative folder without `.` or `..` segments: never outside the repository. */
export function isSafeFolder(s: unknown): s is string {
  return typeof s === "string" && s !== "" && !s.startsWith("/") && s.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..");
}

export function omniRoots(settings: Uint8Array | undefined): OmniRoots {
  const roots: OmniRoots = { patches: DEFAULT_OMNI_PATCHES, machineClasses: DEFAULT_OMNI_MACHINE_CLASSES };
  if (settings === undefined) return roots;
  let doc: unknown;
  try {
    doc = jsyaml.load(new TextDecoder("utf-8").decode(settings), { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return roots;
  }
  const omni = doc !== null && typeof doc === "object" ? (doc as Record<string, unknown>).omni : undefined;
  if (omni === null || typeof omni !== "object") return roots;
  const { patches, machineClasses } = omni as Record<string, unknown>;
  if (isSafeFolder(patches)) roots.patches = patches;
  if (isSafeFolder(machineClasses)) roots.machineClasses = machineClasses;
  return roots;
}

/** The files of a root the loaders read: YAML at its top level (CI copies `<root>/*.yaml`; .yml is read to say so). */
export function isOmniFile(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}
