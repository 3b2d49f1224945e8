/**
 * What CI does to a template and its patches before omnictl reads them: `envsubst '${CLUSTER_NAME}'`,
 * which replaces `$CLUSTER_NAME` and `${CLUSTER_NAME}` (and only the variables it is given) with
 * the cluster's folder name. homescale substitutes the same variables in the parsed values (a
 * cluster name is a DNS label, so it cannot change the YAML's structure) and keeps the positions.
 */
import { isScalar, Scalar, visit, type Document } from "yaml";
import type { Finding } from "../diag/diagnostic.js";

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The variables' values for one cluster: {cluster} and {region} filled in. */
export function substitutionsFor(variables: ReadonlyMap<string, string>, cluster: string, region: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of variables) out.set(name, value.replaceAll("{cluster}", cluster).replaceAll("{region}", region));
  return out;
}

export function substituteText(s: string, subs: ReadonlyMap<string, string>): string {
  if (!s.includes("$")) return s;
  return s.replace(REFERENCE, (ref, braced: string | undefined, bare: string | undefined) => subs.get(braced ?? bare ?? "") ?? ref);
}

/** A parsed value with every string (keys too) substituted. */
export function substitute(value: unknown, subs: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return substituteText(value, subs);
  if (Array.isArray(value)) return value.map((v) => substitute(v, subs));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[substituteText(k, subs)] = substitute(v, subs);
    return out;
  }
  return value;
}

/**
 * `${NAME}` references that CI leaves as they are (no such variable is substituted), so Omni
 * receives them literally: in keys and in plain or quoted values. Block scalars (`|`, `>`) are left
 * alone: they hold files and scripts, where `${HOME}` is meant for the shell.
 */
export function leftoverPlaceholders(file: string, text: string, docs: readonly Document.Parsed[], subs: ReadonlyMap<string, string>, out: Finding[]): void {
  for (const doc of docs) {
    visit(doc, {
      Scalar(_key, node: Scalar) {
        if (!isScalar(node) || typeof node.value !== "string" || !node.value.includes("${") || !node.range) return;
        if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) return;
        const source = text.slice(node.range[0], node.range[1]);
        for (const m of source.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
          if (subs.has(m[1]!)) continue;
          const at = node.range[0] + m.index;
          const known = [...subs.keys()];
          out.push({
            code: "HS129",
            severity: "warning",
            message: `${m[0]} is not substituted by CI (it substitutes ${known.length > 0 ? known.map((k) => `\${${k}}`).join(", ") : "nothing"}), so Omni receives it literally`,
            hint: `add ${m[1]} to omni.variables in homescale.yaml (and to CI's envsubst), or write the value out`,
            where: { file, offset: at, endOffset: at + m[0].length },
          });
        }
      },
    });
  }
}
