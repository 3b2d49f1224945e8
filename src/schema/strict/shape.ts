/**
 * Shapes for strict decoding: what a Go program's YAML decoder accepts where it reads a document
 * with unknown fields forbidden (Talos's config loader, omnictl's template reader). A shape is
 * written compactly (talos/fields.ts, omni/template.ts) and read once into this form.
 */

/** Leaves: what a field of that Go type takes (see talos/fields.ts for each letter). */
export type Leaf = "s" | "b" | "i" | "u" | "f" | "mode" | "dur" | "size" | "argv" | "port" | "a";

/** As written: a leaf, ["L", x] (a list), ["M", x] (a map of names), or an object of fields ("name@1.13" since 1.13). */
export type RawShape = Leaf | readonly ["L" | "M", RawShape] | { readonly [field: string]: RawShape };

export interface Field {
  shape: Shape;
  /** The Talos minor version that added it (13 for 1.13); undefined: always there. */
  since?: number;
}

export type Shape =
  | { t: Leaf }
  | { t: "list"; of: Shape }
  | { t: "map"; of: Shape }
  | { t: "object"; fields: ReadonlyMap<string, Field> };

const read = new WeakMap<object, Shape>();
const leaves = new Map<string, Shape>();

/** A written key and its since-version: "table@1.13" -> ["table", 13]. */
export function splitKey(key: string): [string, number | undefined] {
  const at = key.indexOf("@");
  if (at < 0) return [key, undefined];
  const minor = Number(key.slice(at + 1).split(".")[1]);
  return [key.slice(0, at), Number.isInteger(minor) ? minor : undefined];
}

export function shapeOf(raw: RawShape): Shape {
  if (typeof raw === "string") {
    let leaf = leaves.get(raw);
    if (!leaf) leaves.set(raw, (leaf = { t: raw as Leaf }));
    return leaf;
  }
  const known = read.get(raw);
  if (known) return known;
  let shape: Shape;
  if (Array.isArray(raw)) {
    const [kind, of] = raw as readonly ["L" | "M", RawShape];
    shape = { t: kind === "L" ? "list" : "map", of: shapeOf(of) };
  } else {
    const fields = new Map<string, Field>();
    for (const [key, sub] of Object.entries(raw as Record<string, RawShape>)) {
      const [name, since] = splitKey(key);
      const f: Field = { shape: shapeOf(sub) };
      if (since !== undefined) f.since = since;
      fields.set(name, f);
    }
    shape = { t: "object", fields };
  }
  read.set(raw, shape);
  return shape;
}

/** The field at a dotted path of an object shape (`machine.kubelet.nodeIP`), if the shape has it. */
export function fieldAt(shape: Shape, path: readonly string[]): Field | undefined {
  let cur: Field | undefined = { shape };
  for (const seg of path) {
    if (cur?.shape.t !== "object") return undefined;
    cur = cur.shape.fields.get(seg);
  }
  return cur;
}
