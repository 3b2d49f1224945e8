/**
 * A Talos config patch read as Talos's config loader reads it (the way Omni validates every patch
 * of a template): one document per YAML document, the legacy v1alpha1 one or a typed kind, each
 * decoded strictly with the fields of the Talos version in use. Findings: HS130 (unknown field,
 * wrong type), HS131 (no kind, a kind that version lacks, a duplicate document), HS133 (a number
 * YAML 1.1 and 1.2 read differently in a numeric field).
 */
import { isMap, isScalar, type Node } from "yaml";
import type { Finding } from "../diag/diagnostic.js";
import { closest } from "../diag/suggest.js";
import { identify, LEGACY_KIND, TALOS_KINDS } from "../schema/talos/documents.js";
import { decodeStrict, isDeletion } from "../schema/strict/decode.js";
import { substitute } from "./omni-substitute.js";
import { whereOf, type TalosDocument, type YamlPlace } from "./omni-types.js";

export interface PatchItem {
  node: unknown;
  value: unknown;
  at: YamlPlace;
}

export interface PatchContext {
  /** The Talos minor of the template (undefined: unknown, so no field is too new). */
  minor?: number;
  version?: string;
  subs: ReadonlyMap<string, string>;
}

const REFERENCE = /\$\{?[A-Za-z_]/;

export function readTalosDocuments(items: readonly PatchItem[], ctx: PatchContext, findings: Finding[]): TalosDocument[] {
  const out: TalosDocument[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const node = item.node as Node | null | undefined;
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) continue; // Talos skips null documents
    if (!isMap(node)) {
      findings.push({ code: "HS130", severity: "error", message: "a Talos config document must be a mapping of fields", where: whereOf(item.at) });
      continue;
    }
    if (isDeletion(node)) continue; // `$patch: delete` of a whole document: taken out before decoding
    const idOf = identify(node);
    if ("missing" in idOf) {
      findings.push({
        code: "HS131",
        severity: "error",
        message: idOf.missing === "kind" ? "this document has no kind, and no machine: or cluster: that would make it the v1alpha1 document" : "this document has a kind but no apiVersion",
        hint: idOf.missing === "kind" ? "add apiVersion: v1alpha1 and kind: <Kind>, or put the settings under machine: or cluster:" : "add apiVersion: v1alpha1",
        where: whereOf(item.at),
      });
      continue;
    }
    const { id } = idOf;
    const key = `${id.apiVersion}/${id.kind}/${id.name}`;
    if (seen.has(key)) {
      findings.push({
        code: "HS131",
        severity: "error",
        message: `a second ${id.kind === LEGACY_KIND ? "v1alpha1 document" : `${id.kind}${id.name ? ` ${id.name}` : ""}`} in the same patch: Talos refuses duplicate documents`,
        hint: "merge the two documents",
        where: whereOf(item.at),
      });
      continue;
    }
    seen.add(key);
    const kind = TALOS_KINDS.get(id.kind);
    const kindAt = id.kind === LEGACY_KIND ? whereOf(item.at) : whereOf(item.at, ["kind"]);
    if (kind === undefined) {
      const guess = closest(id.kind, TALOS_KINDS.keys());
      findings.push({
        code: "HS131",
        severity: "error",
        message: `${id.kind} is not a Talos config document kind`,
        hint: guess !== undefined ? `did you mean ${guess}?` : "see the kinds of the Talos version in use (talos.dev, configuration reference)",
        where: kindAt,
      });
      continue;
    }
    if (kind.since !== undefined && ctx.minor !== undefined && kind.since > ctx.minor) {
      findings.push({
        code: "HS131",
        severity: "error",
        message: `${id.kind} exists since Talos 1.${kind.since}; this template runs Talos ${ctx.version ?? `1.${ctx.minor}`}, which refuses it`,
        hint: `upgrade talos.version to v1.${kind.since} or later, or write the setting in the v1alpha1 document`,
        where: kindAt,
      });
      continue;
    }
    if (id.kind !== LEGACY_KIND && id.apiVersion !== "v1alpha1") {
      findings.push({
        code: "HS131",
        severity: "error",
        message: `${id.kind} has no apiVersion ${id.apiVersion}: Talos knows it as v1alpha1`,
        hint: "write apiVersion: v1alpha1",
        where: whereOf(item.at, ["apiVersion"]),
      });
      continue;
    }
    const what = id.kind === LEGACY_KIND ? "the v1alpha1 document" : `${id.kind}${id.name ? ` ${id.name}` : ""}`;
    const opts = {
      file: item.at.file,
      code: "HS130" as const,
      what,
      patchDeletes: true,
      octalCode: "HS133" as const,
      doc: item.at.doc,
      substituted: (v: string) => REFERENCE.test(v) && [...ctx.subs.keys()].some((k) => v.includes(`$${k}`) || v.includes(`\${${k}}`)),
      ...(ctx.minor !== undefined ? { minor: ctx.minor } : {}),
      ...(ctx.version !== undefined ? { version: ctx.version } : {}),
    };
    decodeStrict(node, kind.shape, "", opts, findings);
    out.push({ id, value: substitute(item.value, ctx.subs) as Record<string, unknown>, at: item.at });
  }
  return out;
}
