/**
 * Objects that are the same on every cluster but for a few places. An app's Application differs
 * between clusters in the cluster's name and in its templated values; the rest (names, chart source,
 * sync policy, annotations, most of the values) is the same twenty times over. Such an object is
 * described as a frame, the shared object with a Hole at each place that varies, and the parts that
 * fill the holes on one cluster (Framed).
 *
 * materialize() turns a description into an ordinary, complete object (what plan diffs and serve
 * shows); the YAML writer writes a description directly, the frame's text once and then only the
 * parts (yaml-emit.ts). Both read the same frame and parts, and the writer's output for a
 * description is by construction the text of its materialized object (test/frame.test.ts checks).
 */
import { setOwn } from "../../core/own.js";
import { isShared } from "./shared-tree.js";

/** A place in a frame, filled from the parts under its name. One hole may stand in several places. */
export class Hole {
  constructor(readonly name: string) {}
}

/** Parts by hole name; a list's indexes are names too ("0", "1", ...). A part may itself be Framed. */
export type Parts = Readonly<Record<string, unknown>> | readonly unknown[];

/** An object described as a frame and the parts for its holes. Neither may be mutated. */
export class Framed {
  constructor(
    readonly frame: object,
    readonly parts: Parts,
  ) {}
}

/** The value a hole stands for. A frame says which keys an object has: a part cannot be missing. */
export function partFor(hole: Hole, parts: Parts): unknown {
  const v = (parts as Record<string, unknown>)[hole.name];
  if (v === undefined) throw new TypeError(`frame hole "${hole.name}" has no part`);
  return v;
}

/** A described value as plain data; anything else as it is. */
export function materialize(v: unknown): unknown {
  return v instanceof Framed ? fillFrame(v.frame, v.parts) : v;
}

/**
 * The frame with each hole replaced by its (materialized) part: the collections on the way to a hole
 * are copied, keys in the same order; everything else is the frame's own object, shared.
 */
function fillFrame(frame: object, parts: Parts): object {
  const spine = spineOf(frame);
  return spine === undefined ? frame : fill(frame, spine, parts);
}

/** Where a frame's holes are: the keys or indexes on the way to one, with what is below each. */
interface Spine {
  steps: { key: string | number; below: Spine | Hole }[];
}

const spines = new WeakMap<object, Spine | null>();

function spineOf(frame: object): Spine | undefined {
  let s = spines.get(frame);
  if (s === undefined) {
    s = spineBelow(frame) ?? null;
    spines.set(frame, s);
  }
  return s ?? undefined;
}

function spineBelow(v: object): Spine | undefined {
  const steps: Spine["steps"] = [];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  for (const key of keys) {
    const x = (v as Record<string | number, unknown>)[key];
    if (x instanceof Hole) steps.push({ key, below: x });
    // A shared tree holds no hole (it is handed to many objects as it is): not walked.
    else if (typeof x === "object" && x !== null && !isShared(x)) {
      const below = spineBelow(x);
      if (below) steps.push({ key, below });
    }
  }
  return steps.length > 0 ? { steps } : undefined;
}

function fill(v: object, spine: Spine, parts: Parts): object {
  const at = (below: Spine | Hole, x: unknown): unknown => (below instanceof Hole ? materialize(partFor(below, parts)) : fill(x as object, below, parts));
  if (Array.isArray(v)) {
    const out = [...(v as unknown[])];
    for (const { key, below } of spine.steps) out[key as number] = at(below, out[key as number]);
    return out;
  }
  const src = v as Record<string, unknown>;
  // Spread defines own properties, so a `__proto__` key stays a key; setOwn keeps it so.
  const out: Record<string, unknown> = { ...src };
  for (const { key, below } of spine.steps) setOwn(out, key as string, at(below, src[key as string]));
  return out;
}
