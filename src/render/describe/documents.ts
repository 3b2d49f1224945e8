/**
 * What the rest of the program may know of a rendered document, whatever its description: its
 * identity, whether two are alike, and its plain data. `plan` compares two revisions' documents
 * through these three and never sees a frame: two documents described alike (the same frame, the
 * same parts) are the same object and are never materialized; any others are materialized and
 * compared as data.
 */
import { Framed, Hole, materialize, partFor } from "./frame.js";

export interface DocumentIdentity {
  kind: string;
  namespace?: string;
  name: string;
}

/** The kind, namespace and name of a Kubernetes document, read without materializing it. */
export function documentIdentity(d: unknown): DocumentIdentity {
  const o = (d instanceof Framed ? d.frame : d) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const field = (v: unknown): string => String(v instanceof Hole ? partFor(v, (d as Framed).parts) : v);
  const id: DocumentIdentity = { kind: String(o.kind), name: field(o.metadata?.name) };
  if (o.metadata?.namespace !== undefined) id.namespace = field(o.metadata.namespace);
  return id;
}

/** The document as plain data. */
export function plainDocument(d: unknown): unknown {
  return materialize(d);
}

/**
 * True when two documents are described alike, which makes them the same object. False says
 * nothing: compare their plain data.
 */
export function describedAlike(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Hole || b instanceof Hole) return a instanceof Hole && b instanceof Hole && a.name === b.name;
  if (a instanceof Framed || b instanceof Framed) return a instanceof Framed && b instanceof Framed && describedAlike(a.frame, b.frame) && describedAlike(a.parts, b.parts);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!describedAlike(a[i], b[i])) return false;
    return true;
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const kx = Object.keys(x).filter((k) => x[k] !== undefined);
  const ky = Object.keys(y).filter((k) => y[k] !== undefined);
  if (kx.length !== ky.length) return false;
  for (const k of kx) if (!Object.hasOwn(y, k) || !describedAlike(x[k], y[k])) return false;
  return true;
}
