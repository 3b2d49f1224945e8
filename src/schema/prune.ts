/**
 * What of a document still holds once its schema errors are taken out, so that `check` can go on
 * to the rules in the same run and report every problem at once, instead of the rules' findings
 * only after the schema's are fixed.
 *
 * Each error takes out the mapping entry it is in: an unknown key, a value of the wrong type, a
 * mapping that misses a required field. Inside a list the whole list goes (taking out one item
 * would move the others, and their diagnostics would point at the wrong lines). What is left is
 * validated again, since taking out a required field is itself an error one level up; when the
 * document itself fails, nothing is usable.
 */
import type { TSchema } from "@sinclair/typebox";
import type { Finding, PathSegment } from "../diag/diagnostic.js";
import { isPlainObject, omit, setOwn } from "../core/own.js";
import { validate } from "./validate.js";

export interface UsablePart {
  value: Record<string, unknown>;
  /** The entries taken out, by path. */
  removed: PathSegment[][];
}

/** The document without the entries its errors are in; undefined when the document itself is wrong. */
export function usablePart(schema: TSchema, value: Record<string, unknown>, errors: readonly Finding[], file: string): UsablePart | undefined {
  const removed: PathSegment[][] = [];
  let current = value;
  let pending = errors;
  // Each round takes out at least one entry, so the rounds end; the bound is only a guard.
  for (let round = 0; round < 32 && pending.length > 0; round++) {
    for (const f of pending) {
      const at = entryOf(f.where.path ?? []);
      if (at.length === 0) return undefined;
      const next = without(current, at);
      if (next !== current) {
        current = next;
        removed.push(at);
      }
    }
    pending = validate(schema, current, { file }).filter((f) => f.severity === "error");
  }
  return pending.length === 0 ? { value: current, removed } : undefined;
}

/** The mapping entry an error at `path` takes out: the last key, or the key of the outermost list on the way. */
function entryOf(path: readonly PathSegment[]): PathSegment[] {
  const firstIndex = path.findIndex((s) => typeof s === "number");
  return [...(firstIndex < 0 ? path : path.slice(0, firstIndex))];
}

/** A copy of the document without the entry at path (shared where untouched); the same object when it is not there. */
function without(doc: Record<string, unknown>, path: readonly PathSegment[]): Record<string, unknown> {
  const [head, ...rest] = path;
  const key = String(head);
  if (!Object.hasOwn(doc, key)) return doc;
  if (rest.length === 0) return omit(doc, key);
  const child = doc[key];
  if (!isPlainObject(child)) return doc;
  const next = without(child, rest);
  if (next === child) return doc;
  const out = { ...doc };
  setOwn(out, key, next);
  return out;
}
