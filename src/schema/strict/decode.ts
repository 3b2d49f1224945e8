/**
 * Strict decoding, as Go's YAML decoder does it with unknown fields forbidden: every key must be a
 * field of the shape, and every value must be what the field's Go type takes. It is as lenient as
 * Go where Go is lenient: a string field takes any scalar (`true`, `8080`), a boolean field takes
 * YAML 1.1's yes/no/on/off, null is every type's zero value. Findings point at the key (unknown
 * fields) or the value (wrong types), by offset into the file.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node } from "yaml";
import type { Code } from "../../diag/codes.js";
import type { Finding } from "../../diag/diagnostic.js";
import { closest } from "../../diag/suggest.js";
import type { Field, Leaf, Shape } from "./shape.js";

export interface DecodeOptions {
  file: string;
  /** The code of an unknown field or a wrong type. */
  code: Code;
  /** What the document is, for messages: "the v1alpha1 document", "LinkConfig eno1". */
  what: string;
  /** The Talos minor version in use (13 for v1.13.x): fields added later are unknown to it. */
  minor?: number;
  /** The Talos version as written, for messages. */
  version?: string;
  /** Accept `$patch: delete` in any mapping (Talos config patches, as Omni loads them). */
  patchDeletes?: boolean;
  /** The code of a number YAML 1.1 and 1.2 read differently in a numeric field (HS133), if reported. */
  octalCode?: Code;
  /** The document the nodes belong to, for aliases. */
  doc?: Document.Parsed;
  /** Scalars not to check: those CI substitutes before the decoder sees them (`${CLUSTER_NAME}`). */
  substituted?: (value: string) => boolean;
}

const BOOL_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE)$/;

/** Checks `node` against `shape`; `path` is where it is, for messages (dotted, [i] for items). */
export function decodeStrict(node: unknown, shape: Shape, path: string, opts: DecodeOptions, out: Finding[]): void {
  if (isAlias(node)) node = opts.doc ? node.resolve(opts.doc) : undefined;
  if (node === null || node === undefined) return;
  if (isScalar(node) && node.value === null) return; // null: the zero value of any type
  // A `$patch: delete` mapping deletes what it stands for; the loader takes it out before decoding.
  if (opts.patchDeletes === true && isDeletion(node)) return;
  switch (shape.t) {
    case "object":
      return decodeObject(node as Node, shape.fields, path, opts, out);
    case "list":
      if (!isSeq(node)) return wrong(node as Node, path, "a list", opts, out);
      node.items.forEach((item, i) => decodeStrict(item, shape.of, `${path}[${i}]`, opts, out));
      return;
    case "map":
      if (!isMap(node)) return wrong(node as Node, path, "a mapping", opts, out);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : "?";
        decodeStrict(pair.value, shape.of, path === "" ? key : `${path}.${key}`, opts, out);
      }
      return;
    default:
      return decodeLeaf(node as Node, shape.t, path, opts, out);
  }
}

function decodeObject(node: Node, fields: ReadonlyMap<string, Field>, path: string, opts: DecodeOptions, out: Finding[]): void {
  if (!isMap(node)) return wrong(node, path, "a mapping of fields", opts, out);
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const at = path === "" ? key : `${path}.${key}`;
    if (key === "<<") continue; // a YAML merge key: Go's decoder merges it in
    if (key === "$patch" && opts.patchDeletes === true) {
      if (!(isScalar(pair.value) && pair.value.value === "delete")) wrong(pair.value as Node, at, "delete", opts, out);
      continue;
    }
    if (opts.patchDeletes === true && isDeletion(pair.value)) continue; // deleting a field: whatever it is
    const field = fields.get(key);
    if (field === undefined || (field.since !== undefined && opts.minor !== undefined && field.since > opts.minor)) {
      unknown(pair.key as Node, key, at, fields, field, opts, out);
      continue;
    }
    decodeStrict(pair.value, field.shape, at, opts, out);
  }
}

/** A mapping holding `$patch: delete`: Talos's strategic-merge deletion of a document, a field or a list item. */
export function isDeletion(node: unknown): boolean {
  if (!isMap(node)) return false;
  return node.items.some((p) => isPair(p) && isScalar(p.key) && p.key.value === "$patch" && isScalar(p.value) && p.value.value === "delete");
}

function unknown(keyNode: Node, key: string, at: string, fields: ReadonlyMap<string, Field>, field: Field | undefined, opts: DecodeOptions, out: Finding[]): void {
  const range = keyNode.range;
  if (!range) return;
  let message = `${at} is not a field of ${opts.what}`;
  let hint: string | undefined;
  if (field?.since !== undefined) {
    message = `${at} is not a field of ${opts.what} in Talos ${opts.version ?? `1.${opts.minor}`}: it exists since Talos 1.${field.since}`;
    hint = `upgrade the template's Talos to v1.${field.since} or later, or remove ${key}`;
  } else {
    const known = [...fields.entries()].filter(([, f]) => f.since === undefined || opts.minor === undefined || f.since <= opts.minor).map(([n]) => n);
    const guess = closest(key, known);
    hint = guess !== undefined ? `did you mean ${guess}?` : known.length > 0 ? `its fields: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", ..." : ""}` : undefined;
  }
  const f: Finding = { code: opts.code, severity: "error", message, where: { file: opts.file, offset: range[0], endOffset: range[1] } };
  if (hint !== undefined) f.hint = hint;
  out.push(f);
}

const LEAF_NOUN: Record<Leaf, string> = {
  s: "a single value",
  b: "true or false",
  i: "an integer",
  u: "a non-negative integer",
  f: "a number",
  mode: "a file mode (an integer such as 420, or 0o644)",
  dur: "a duration such as 30s or 1h",
  size: "a size such as 10GiB, or a number of bytes",
  argv: "a value or a list of values",
  port: "a port or a range such as 8000-8100",
  a: "anything",
};

function decodeLeaf(node: Node, leaf: Leaf, path: string, opts: DecodeOptions, out: Finding[]): void {
  if (leaf === "a") return;
  if (leaf === "argv") {
    if (isSeq(node)) {
      node.items.forEach((item, i) => decodeLeaf(item as Node, "s", `${path}[${i}]`, opts, out));
      return;
    }
    return decodeLeaf(node, "s", path, opts, out);
  }
  if (!isScalar(node)) return wrong(node, path, LEAF_NOUN[leaf], opts, out);
  const v = node.value;
  if (typeof v === "string" && opts.substituted?.(v) === true) return;
  const plain = node.type === Scalar.PLAIN;
  switch (leaf) {
    case "s":
      return;
    case "b":
      // yaml.v3/v4 read YAML 1.1's words into a typed bool (their "1.1 compatibility").
      if (typeof v === "boolean" || (plain && typeof v === "string" && BOOL_WORDS.test(v))) return;
      return wrong(node, path, LEAF_NOUN[leaf], opts, out);
    case "i":
    case "u":
    case "mode":
      if (typeof v !== "number" || !Number.isInteger(v) || (leaf !== "i" && v < 0)) return wrong(node, path, LEAF_NOUN[leaf], opts, out);
      if (plain && opts.octalCode !== undefined) octal(node, path, opts, out);
      return;
    case "f":
      if (typeof v !== "number") return wrong(node, path, LEAF_NOUN[leaf], opts, out);
      return;
    case "dur":
    case "size":
    case "port":
      if (typeof v === "string" || (typeof v === "number" && Number.isInteger(v))) return;
      return wrong(node, path, LEAF_NOUN[leaf], opts, out);
  }
}

/**
 * `0o644` is 420 to YAML 1.2 and to Go's reader, but the string "0o644" to a YAML 1.1 reader;
 * `0644` is 420 to YAML 1.1 and to Go, but 644 to a YAML 1.2 reader. Decimal means one thing to all.
 */
function octal(node: Scalar, path: string, opts: DecodeOptions, out: Finding[]): void {
  const src = node.source;
  const range = node.range;
  if (src === undefined || !range) return;
  const m = /^([-+]?)0o([0-7]+)$/.exec(src) ?? /^([-+]?)0([0-7]+)$/.exec(src);
  if (!m) return;
  const value = parseInt(m[2]!, 8) * (m[1] === "-" ? -1 : 1);
  const reads = src.includes("o")
    ? `YAML 1.2 readers (and Talos) read ${value}, YAML 1.1 readers the string "${src}"`
    : `YAML 1.1 readers (and Talos) read the octal ${value}, YAML 1.2 readers the decimal ${Number(src)}`;
  out.push({
    code: opts.octalCode!,
    severity: "warning",
    message: `${path}: ${src} means different numbers to different readers: ${reads}`,
    hint: `write it in decimal, which every reader reads alike: ${value}`,
    where: { file: opts.file, offset: range[0], endOffset: range[1] },
  });
}

function wrong(node: Node, path: string, noun: string, opts: DecodeOptions, out: Finding[]): void {
  const range = node.range;
  if (!range) return;
  const got = isMap(node) ? "a mapping" : isSeq(node) ? "a list" : isScalar(node) ? describe(node.value) : "this";
  out.push({
    code: opts.code,
    severity: "error",
    message: `${path} must be ${noun} in ${opts.what}, not ${got}`,
    where: { file: opts.file, offset: range[0], endOffset: range[1] },
  });
}

function describe(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return String(v);
}
