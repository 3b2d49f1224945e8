import fs from "node:fs";
import path from "node:path";
import { starterFiles } from "../../init/starter.js";
import { parseCommandArgs } from "../args.js";
import { EXIT, UsageError, type Io } from "../io.js";
import type { Command } from "./command.js";

export const initCommand: Command = {
  name: "init",
  summary: "write a starter platform repository that passes check",
  usage: "homescale init DIR",
  run(argv: string[], io: Io): number {
    const args = parseCommandArgs(argv, {}, ["text"], io.cwd);
    if (args.positionals.length !== 1) throw new UsageError("init takes one folder: homescale init DIR");
    const dir = path.resolve(io.cwd, args.positionals[0]!);
    if (fs.existsSync(dir)) {
      if (!fs.statSync(dir).isDirectory()) throw new UsageError(`${args.positionals[0]} exists and is not a folder`);
      if (fs.readdirSync(dir).some((n) => n !== ".git")) throw new UsageError(`${args.positionals[0]} is not empty; init writes only into an empty folder`);
    }
    const files = starterFiles();
    for (const [rel, text] of files) {
      const p = path.join(dir, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
    io.stdout(`wrote ${files.size} files to ${args.positionals[0]}\nnext: homescale check --repo ${args.positionals[0]}\n`);
    return EXIT.ok;
  },
};
