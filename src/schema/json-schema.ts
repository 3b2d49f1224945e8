/** The published JSON Schemas, generated from the same TypeBox values the validator walks. */
import type { TSchema } from "@sinclair/typebox";
import { AppSchema } from "./app.js";
import { CatalogSchema } from "./catalog.js";
import { PlatformSchema } from "./platform.js";

export const schemaFiles: { file: string; name: string; schema: TSchema; describes: string }[] = [
  { file: "app.schema.json", name: "app", schema: AppSchema, describes: "apps/<name>/app.yaml" },
  { file: "homescale.schema.json", name: "platform", schema: PlatformSchema, describes: "homescale.yaml" },
  { file: "values.schema.json", name: "catalog", schema: CatalogSchema, describes: "apps/values.yaml" },
];

export function jsonSchemaText(schema: TSchema): string {
  return JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", ...schema }, null, 2) + "\n";
}
