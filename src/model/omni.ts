/**
 * The Omni layer of a snapshot (seed 001): the templates clusters/<name>/cluster.yaml, the patch
 * files they name, the machine classes, read as CI and omnictl read them. Findings of reading
 * (YAML, strict decoding, substitution) come out here; what the documents mean together is the
 * rules' (omni-templates, omni-patches).
 */
import type { Finding } from "../diag/diagnostic.js";
import type { SourceText } from "../diag/locate.js";
import { DEFAULT_OMNI_MACHINE_CLASSES, DEFAULT_OMNI_PATCHES, DEFAULT_OMNI_PATCHES_AS, OMNI_TEMPLATE_NAME } from "../core/omni-layout.js";
import { SETTINGS_FILE, type Snapshot } from "../load/snapshot.js";
import { parseDocumentsBytes, type YamlDocuments } from "../parse/yaml-documents.js";
import { DEFAULT_OMNI_VARIABLES, type OmniT } from "../schema/layers/omni.js";
import { substitutionsFor } from "./omni-substitute.js";
import { copiedPatches } from "./omni-patch-files.js";
import { readTemplate } from "./omni-templates.js";
import type { OmniMachineClass, OmniModel, OmniSettings, OmniTemplate } from "./omni-types.js";
import type { Cluster } from "./types.js";

const TEMPLATE = new RegExp(`^clusters/([^/]+)/${OMNI_TEMPLATE_NAME.replace(".", "\\.")}$`);
const MACHINE_CLASS_TYPE = "MachineClasses.omni.sidero.dev";

export function omniSettings(o: OmniT | undefined): OmniSettings {
  return {
    patches: o?.patches ?? DEFAULT_OMNI_PATCHES,
    patchesAs: o?.patchesAs ?? DEFAULT_OMNI_PATCHES_AS,
    machineClasses: o?.machineClasses ?? DEFAULT_OMNI_MACHINE_CLASSES,
    variables: new Map(Object.entries(o?.variables ?? DEFAULT_OMNI_VARIABLES)),
    decl: { file: SETTINGS_FILE, path: ["omni"] },
  };
}

/** Undefined when the repository has no template, no patch and no machine class. */
export function buildOmni(
  snap: Snapshot,
  settingsFile: OmniT | undefined,
  clusters: ReadonlyMap<string, Cluster>,
  findings: Finding[],
  sources: Map<string, SourceText>,
): OmniModel | undefined {
  const settings = omniSettings(settingsFile);
  const inRoot = (root: string, f: string): boolean => f.startsWith(`${root}/`) && !f.slice(root.length + 1).includes("/");
  // Files the loader found but could not read (too large, unreadable) exist for CI all the same.
  const unreadable = snap.findings.map((f) => f.where.file);
  const present = new Set([...snap.files.keys(), ...unreadable].filter((f) => inRoot(settings.patches, f)));
  const copied = copiedPatches(settings, present);
  const templateFiles = [...snap.files.keys()].filter((f) => TEMPLATE.test(f)).sort();
  const classFiles = [...snap.files.keys()].filter((f) => inRoot(settings.machineClasses, f) && f.endsWith(".yaml")).sort();
  if (templateFiles.length === 0 && present.size === 0 && classFiles.length === 0 && settingsFile === undefined) return undefined;

  const own: Finding[] = [];
  const parsed = new Map<string, YamlDocuments | undefined>();
  const parse = (path: string): YamlDocuments | undefined => {
    if (parsed.has(path)) return parsed.get(path);
    const bytes = snap.files.get(path);
    let file: YamlDocuments | undefined;
    if (bytes !== undefined) {
      const r = parseDocumentsBytes(path, bytes);
      own.push(...r.findings);
      if (r.text !== undefined) sources.set(path, { text: r.text });
      file = r.file;
    }
    parsed.set(path, file);
    return file;
  };

  const templates: OmniTemplate[] = [];
  for (const file of templateFiles) {
    const cluster = TEMPLATE.exec(file)![1]!;
    const source = parse(file);
    if (!source) continue;
    const subs = substitutionsFor(settings.variables, cluster, clusters.get(cluster)?.region ?? "");
    templates.push(readTemplate(file, cluster, source, { settings, patchFile: parse, present, copied, subs }, own));
  }

  const machineClasses = new Map<string, OmniMachineClass>();
  for (const file of classFiles) {
    const source = parse(file);
    if (!source) continue;
    source.docs.forEach((doc, i) => {
      const v = source.values[i] as { metadata?: { id?: unknown; type?: unknown } } | null;
      const id = v?.metadata?.id;
      if (typeof id !== "string" || v?.metadata?.type !== MACHINE_CLASS_TYPE || machineClasses.has(id)) return;
      machineClasses.set(id, { id, file, at: { file, doc, path: ["metadata", "id"] } });
    });
  }

  findings.push(...withoutShadowedTraps(own));
  const patchTexts = new Map<string, string>();
  for (const [path, file] of parsed) if (file && inRoot(settings.patches, path)) patchTexts.set(path, file.text);
  return { settings, templates, machineClasses, patchFiles: present, patchTexts };
}

/**
 * A number in a Talos numeric field that YAML 1.1 and 1.2 read differently gets HS133, whose hint
 * fits the field (write it in decimal); the generic trap warning for the same scalar would say
 * "quote it", which Talos would then refuse.
 */
function withoutShadowedTraps(findings: Finding[]): Finding[] {
  const talos = new Set(findings.filter((f) => f.code === "HS133").map((f) => `${f.where.file}\0${f.where.offset}`));
  return findings.filter((f) => f.code !== "HS009" || !talos.has(`${f.where.file}\0${f.where.offset}`));
}
