/**
 * One cluster's Omni template (clusters/<name>/cluster.yaml) as omnictl reads it: one model per
 * YAML document, told apart by `kind`, each decoded strictly (HS121); the values as CI substitutes
 * them; each patch located (a file beside the template, or inline) and its Talos documents read
 * with the template's Talos version. Structural rules (one Cluster, machine sets, machine classes)
 * are the omni-templates rule's.
 */
import { isMap, isScalar, isSeq, type Node } from "yaml";
import type { Finding, PathSegment } from "../diag/diagnostic.js";
import { parseDocumentsText, type YamlDocuments } from "../parse/yaml-documents.js";
import { decodeStrict } from "../schema/strict/decode.js";
import { OMNI_KINDS } from "../schema/omni/template.js";
import { minorOf, parseTolerant, TALOS_MINORS } from "../schema/talos/versions.js";
import { leftoverPlaceholders, substitute } from "./omni-substitute.js";
import { resolvePatchFile } from "./omni-patch-files.js";
import { readTalosDocuments, type PatchContext, type PatchItem } from "./talos-patch-read.js";
import { placeAt, whereOf, type OmniClusterDoc, type OmniMachine, type OmniMachineSet, type OmniSettings, type OmniTemplate, type PatchOwner, type PatchRef, type YamlPlace } from "./omni-types.js";

export interface TemplateInputs {
  settings: OmniSettings;
  /** Patch files read, parsed once for every template that names them. */
  patchFile(path: string): YamlDocuments | undefined;
  /** Paths under the patches folder (copied or not), for "it is there, but CI does not copy it". */
  present: ReadonlySet<string>;
  copied: ReadonlyMap<string, string>;
  subs: ReadonlyMap<string, string>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((x) => str(x) ?? "").filter((x) => x !== "") : undefined);
const stringMap = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, str(x) ?? ""]));

export function readTemplate(file: string, cluster: string, source: YamlDocuments, inputs: TemplateInputs, findings: Finding[]): OmniTemplate {
  const t: OmniTemplate = { file, cluster, source, substitutions: inputs.subs, documents: [], clusters: [], sets: [], machines: [], patches: [] };
  leftoverPlaceholders(file, source.text, source.docs, inputs.subs, findings);
  const values = source.values.map((v) => substitute(v, inputs.subs));
  // The Talos version decides which fields and kinds the patches may use: read it first.
  let talosVersion: string | undefined;
  for (const value of values) {
    const v = obj(value);
    if (v.kind === "Cluster") talosVersion ??= str(obj(v.talos).version);
  }
  const minor = talosVersion !== undefined ? minorOf(talosVersion) : undefined;
  const known = minor !== undefined && parseTolerant(talosVersion!)?.major === 1 && minor >= TALOS_MINORS.first && minor <= TALOS_MINORS.last;
  const ctx: PatchContext = { subs: inputs.subs, ...(known ? { minor, version: talosVersion } : {}) };

  source.docs.forEach((doc, i) => {
    const at: YamlPlace = { file, doc, path: [] };
    const root = doc.contents as Node | null;
    if (root === null || (isScalar(root) && root.value === null)) return; // an empty document between separators
    if (!isMap(root)) {
      t.documents.push({ at, problem: "a template document must be a mapping with a kind" });
      return;
    }
    const kindNode = root.get("kind", true);
    if (kindNode === undefined) {
      t.documents.push({ at, problem: "this document has no kind (Cluster, ControlPlane, Workers or Machine)" });
      return;
    }
    const kind = isScalar(kindNode) ? str(kindNode.value) : undefined;
    const shape = kind !== undefined ? OMNI_KINDS.get(kind) : undefined;
    if (kind === undefined || shape === undefined) {
      t.documents.push({ at: placeAt(at, "kind"), ...(kind !== undefined ? { kind } : {}), problem: `unknown kind ${kind ?? "(not a name)"}: a template holds Cluster, ControlPlane, Workers and Machine documents` });
      return;
    }
    t.documents.push({ at, kind });
    decodeStrict(root, shape, "", { file, code: "HS121", what: `the ${kind} document`, doc }, findings);
    const v = obj(values[i]);
    const read = (owner: PatchOwner): PatchRef[] => patchesOf(v, at, owner, inputs, ctx, findings);
    if (kind === "Cluster") t.clusters.push(clusterDoc(v, at, read));
    else if (kind === "ControlPlane" || kind === "Workers") t.sets.push(machineSet(kind, v, at, () => read({ kind: "set", index: t.sets.length })));
    else t.machines.push(machineDoc(v, at, () => read({ kind: "machine", index: t.machines.length })));
  });
  t.patches = [...t.clusters.flatMap((c) => c.patches), ...t.sets.flatMap((s) => s.patches), ...t.machines.flatMap((m) => m.patches)];
  return t;
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

/** The scalar fields of a mapping that are set, as strings. */
function scalars<K extends string>(v: unknown, keys: readonly K[]): Partial<Record<K, string>> {
  const o = obj(v);
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) assign(out, k, str(o[k]));
  return out;
}

function clusterDoc(v: Obj, at: YamlPlace, read: (owner: PatchOwner) => PatchRef[]): OmniClusterDoc {
  const c: OmniClusterDoc = { at, features: obj(v.features), labels: stringMap(v.labels), annotations: stringMap(v.annotations), patches: [] };
  assign(c, "name", str(v.name));
  assign(c, "kubernetesVersion", str(obj(v.kubernetes).version));
  assign(c, "talosVersion", str(obj(v.talos).version));
  assign(c, "systemExtensions", strings(v.systemExtensions));
  assign(c, "kernelArgs", strings(v.kernelArgs));
  c.patches = read({ kind: "cluster" });
  return c;
}

function machineSet(kind: OmniMachineSet["kind"], v: Obj, at: YamlPlace, read: () => PatchRef[]): OmniMachineSet {
  const s: OmniMachineSet = {
    kind,
    at,
    machines: strings(v.machines) ?? [],
    hasMachines: Array.isArray(v.machines) && v.machines.length > 0,
    hasBootstrapSpec: isSet(v.bootstrapSpec),
    hasUpdateStrategy: isSet(v.updateStrategy),
    hasDeleteStrategy: isSet(v.deleteStrategy),
    labels: stringMap(v.labels),
    annotations: stringMap(v.annotations),
    patches: [],
  };
  assign(s, "name", str(v.name));
  if (isSet(v.machineClass)) {
    // A size that is no scalar is HS121's already: left unset.
    s.machineClass = { name: str(obj(v.machineClass).name) ?? "", at: placeAt(at, "machineClass"), ...scalars(v.machineClass, ["size"]) };
  }
  assign(s, "systemExtensions", strings(v.systemExtensions));
  assign(s, "kernelArgs", strings(v.kernelArgs));
  if (s.hasBootstrapSpec) s.bootstrapSpec = scalars(v.bootstrapSpec, ["clusterUUID", "snapshot"]);
  s.patches = read();
  return s;
}

function machineDoc(v: Obj, at: YamlPlace, read: () => PatchRef[]): OmniMachine {
  const m: OmniMachine = { at, locked: v.locked === true, labels: stringMap(v.labels), annotations: stringMap(v.annotations), patches: [] };
  assign(m, "name", str(v.name));
  assign(m, "systemExtensions", strings(v.systemExtensions));
  if (isSet(v.install)) m.install = scalars(v.install, ["disk", "diskSelector"]);
  m.patches = read();
  return m;
}

function assign<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

function patchesOf(v: Obj, at: YamlPlace, owner: PatchOwner, inputs: TemplateInputs, ctx: PatchContext, findings: Finding[]): PatchRef[] {
  if (!Array.isArray(v.patches)) return [];
  return v.patches.map((raw, j) => {
    const p = obj(raw);
    const place = placeAt(at, "patches", j);
    const ref: PatchRef = { at: place, owner, hasInline: p.inline !== undefined && p.inline !== null, docs: [] };
    assign(ref, "name", str(p.name));
    assign(ref, "idOverride", str(p.idOverride));
    const file = str(p.file);
    if (file !== undefined && file !== "") {
      ref.file = file;
      Object.assign(ref, resolvePatchFile(file, inputs.settings, inputs.present, inputs.copied));
      if (ref.resolved !== undefined && !ref.hasInline) {
        const parsed = inputs.patchFile(ref.resolved);
        if (parsed) {
          const items = parsed.docs.map((d, k): PatchItem => ({ node: d.contents, value: parsed.values[k], at: { file: parsed.path, doc: d, path: [] } }));
          ref.docs = readTalosDocuments(items, ctx, findings);
        }
      }
    } else if (ref.hasInline) {
      const inline = inlineItems(place, p.inline, findings);
      // YAML inside a string: what its documents say can only be pointed at the string.
      const found: Finding[] = [];
      ref.docs = readTalosDocuments(inline.items, ctx, inline.inString ? found : findings);
      findings.push(...found.map((f) => ({ ...f, where: whereOf(placeAt(place, "inline")) })));
    }
    return ref;
  });
}

/** An inline patch: a mapping (one document), a list of mappings, or an explicit string holding YAML. */
function inlineItems(place: YamlPlace, value: unknown, findings: Finding[]): { items: PatchItem[]; inString: boolean } {
  const at = placeAt(place, "inline");
  const node = at.doc.getIn(at.path as PathSegment[], true) as Node | undefined;
  if (isMap(node)) return { items: [{ node, value, at }], inString: false };
  if (isSeq(node)) return { items: node.items.map((item, k) => ({ node: item, value: (value as unknown[])[k], at: placeAt(at, k) })), inString: false };
  if (isScalar(node)) {
    // omnictl takes a string only when it is explicitly one (!!str): then it holds the patch's YAML.
    if (node.tag !== "tag:yaml.org,2002:str" && node.tag !== "!!str") {
      findings.push({
        code: "HS121",
        severity: "error",
        message: "inline must be a mapping, a list of mappings, or an explicitly tagged string (!!str) of YAML",
        hint: "write the patch as a mapping under inline:",
        where: whereOf(at),
      });
      return { items: [], inString: false };
    }
    const inner = parseDocumentsText(at.file, String(node.value));
    findings.push(...inner.findings.map((f) => ({ ...f, where: whereOf(at) })));
    if (!inner.file) return { items: [], inString: true };
    const parsed = inner.file;
    return { items: parsed.docs.map((d, k): PatchItem => ({ node: d.contents, value: parsed.values[k], at })), inString: true };
  }
  return { items: [], inString: false };
}
