/**
 * A YAML file of several documents (an Omni cluster template, a Talos patch), read with positions
 * by the precise parser. The same checks as for one-document files: strict UTF-8, control
 * characters, syntax, alias bombs and YAML 1.1 traps, each at its offset in the file.
 */
import { isAlias, LineCounter, parseAllDocuments, visit, type Document, type Node } from "yaml";
import type { Finding } from "../diag/diagnostic.js";
import { decodeUtf8 } from "./decode.js";
import { controlCharacters, CONTROL, dedupeSyntax, findTraps, firstAliasOffset, stripBom, unresolvedAliases, yamlErrorFinding } from "./parse-yaml.js";
import { MAX_ALIAS_COUNT, PRECISE_OPTIONS } from "./precise.js";
import { mayHaveTraps } from "./yaml11-traps.js";

export interface YamlDocuments {
  path: string;
  text: string;
  /** The documents, with source ranges (offsets into text). */
  docs: Document.Parsed[];
  /** Each document's value (null for an empty one). */
  values: unknown[];
  lines: LineCounter;
}

export interface DocumentsResult {
  file?: YamlDocuments;
  /** The text findings' offsets refer to, also when the file does not parse. */
  text?: string;
  findings: Finding[];
}

const lossy = new TextDecoder("utf-8");

export function parseDocumentsBytes(path: string, bytes: Uint8Array): DocumentsResult {
  const decoded = decodeUtf8(path, bytes);
  if ("finding" in decoded) return { text: lossy.decode(bytes), findings: [decoded.finding] };
  return parseDocumentsText(path, stripBom(decoded.text));
}

export function parseDocumentsText(path: string, text: string): DocumentsResult {
  const findings: Finding[] = CONTROL.test(text) ? controlCharacters(path, text) : [];
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, ...PRECISE_OPTIONS }) as Document.Parsed[];
  const syntax: Finding[] = [];
  for (const doc of docs) for (const err of doc.errors) syntax.push(yamlErrorFinding(path, err, text, { doc, lines }));
  if (syntax.length > 0) return { text, findings: [...findings, ...dedupeSyntax(syntax)] };
  const cycles = docs.flatMap((doc) => selfContaining(path, doc));
  if (cycles.length > 0) return { text, findings: [...findings, ...cycles] };
  const values: unknown[] = [];
  for (const doc of docs) {
    try {
      const v = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
      values.push(v === undefined ? null : v);
    } catch {
      const unresolved = unresolvedAliases(path, { doc, lines });
      if (unresolved.length > 0) return { text, findings: [...findings, ...unresolved] };
      const at = firstAliasOffset(text);
      findings.push({
        code: "HS006",
        severity: "error",
        message: `aliases expand to more than the limit of ${MAX_ALIAS_COUNT} nodes`,
        hint: "write the repeated data out, or use fewer nested aliases",
        where: { file: path, offset: at, endOffset: at + 1 },
      });
      return { text, findings };
    }
  }
  if (mayHaveTraps(text)) for (const doc of docs) findings.push(...findTraps(path, { doc, lines }));
  return { file: { path, text, docs, values, lines }, text, findings };
}

/**
 * Aliases inside the node their anchor names (`&a [*a]`): the value would contain itself, which
 * Go's YAML reader refuses ("anchor 'a' value contains itself") and no walk over it could end.
 */
function selfContaining(path: string, doc: Document.Parsed): Finding[] {
  const out: Finding[] = [];
  visit(doc, {
    Alias(_key, node) {
      if (!isAlias(node) || !node.range) return;
      const target = node.resolve(doc) as Node | undefined;
      const [start, end] = target?.range ?? [0, 0];
      if (target === undefined || node.range[0] < start || node.range[0] >= end) return;
      out.push({
        code: "HS006",
        severity: "error",
        message: `alias *${node.source} is inside the node &${node.source} names, so the value would contain itself`,
        hint: "write the value out instead of the alias",
        where: { file: path, offset: node.range[0], endOffset: node.range[1] },
      });
    },
  });
  return out;
}
