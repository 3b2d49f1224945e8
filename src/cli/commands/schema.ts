import fs from "node:fs";
import path from "node:path";
import { jsonSchemaText, schemaFiles } from "../../schema/json-schema.js";
import { parseCommandArgs } from "../args.js";
import { EXIT, UsageError, type Io } from "../io.js";
import type { Command } from "./command.js";

export const schemaCommand: Command = {
  name: "schema",
  summary: "print the JSON Schemas of app.yaml, homescale.yaml and apps/values.yaml (for editors)",
  usage: "homescale schema [app|platform|catalog] [--write DIR]",
  run(argv: string[], io: Io): number {
    const args = parseCommandArgs(argv, { write: { type: "string" } }, ["json", "text"], io.cwd);
    const which = args.positionals[0];
    const chosen = which === undefined ? schemaFiles : schemaFiles.filter((s) => s.name === which);
    if (chosen.length === 0 || args.positionals.length > 1) {
      throw new UsageError(`unknown schema ${which}; choose one of ${schemaFiles.map((s) => s.name).join(", ")}`);
    }
    const dir = args.values.write as string | undefined;
    if (dir !== undefined) {
      const out = path.resolve(io.cwd, dir);
      fs.mkdirSync(out, { recursive: true });
      for (const s of chosen) {
        fs.writeFileSync(path.join(out, s.file), jsonSchemaText(s.schema));
        io.stderr(`wrote ${path.join(dir, s.file)} (${s.describes})\n`);
      }
      return EXIT.ok;
    }
    if (chosen.length === 1) {
      io.stdout(jsonSchemaText(chosen[0]!.schema));
    } else {
      const doc: Record<string, unknown> = {};
      for (const s of chosen) doc[s.describes] = JSON.parse(jsonSchemaText(s.schema));
      io.stdout(JSON.stringify(doc, null, 2) + "\n");
    }
    return EXIT.ok;
  },
};
