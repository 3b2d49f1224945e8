/**
 * Schema annotations that stay out of the published JSON Schema: a symbol-keyed diagnostic code
 * lets one schema node report its own code (a port says HS024, not a generic HS027).
 * The symbols are enumerable on purpose: TypeBox's Type.Optional copies a schema with an object
 * spread, which keeps enumerable symbol keys only; JSON.stringify skips symbol keys either way.
 */
import type { TSchema } from "@sinclair/typebox";
import type { Code } from "../diag/codes.js";

export const CODE = Symbol.for("homescale.code");
export const NOUN = Symbol.for("homescale.noun");
export const EXPLAIN = Symbol.for("homescale.explain");

/** Says what exactly is wrong with a value its schema's pattern rejected, as a hint. */
export type Explain = (value: string) => string | undefined;

export function withCode<T extends TSchema>(schema: T, code: Code, noun?: string): T {
  Object.defineProperty(schema, CODE, { value: code, enumerable: true });
  if (noun !== undefined) Object.defineProperty(schema, NOUN, { value: noun, enumerable: true });
  return schema;
}

export function codeOf(schema: TSchema): Code | undefined {
  return (schema as unknown as Record<symbol, Code | undefined>)[CODE];
}

export function nounOf(schema: TSchema): string | undefined {
  return (schema as unknown as Record<symbol, string | undefined>)[NOUN];
}

/**
 * A string format: the pattern editors check (in the schema), the code and noun of the diagnostic,
 * and what to tell the user about one value that fails it (computed only then).
 */
export function withFormat<T extends TSchema>(schema: T, code: Code, noun: string, explain: Explain): T {
  withCode(schema, code, noun);
  Object.defineProperty(schema, EXPLAIN, { value: explain, enumerable: true });
  return schema;
}

export function explainOf(schema: TSchema): Explain | undefined {
  return (schema as unknown as Record<symbol, Explain | undefined>)[EXPLAIN];
}
