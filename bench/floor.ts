/**
 * The floor of `homescale check`: read the same YAML files (homescale.yaml, apps/values.yaml,
 * apps/<name>/app.yaml) and parse them with js-yaml, the fastest YAML parser installed here, and
 * nothing else. Run as its own process, like the CLI, so Node's startup is counted.
 *
 *   node dist/bench/floor.js DIR
 */
import fs from "node:fs";
import path from "node:path";
import jsyaml from "js-yaml";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: floor.js DIR\n");
  process.exit(2);
}
let files = 0;
let bytes = 0;
let keys = 0;
const load = (rel: string): void => {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, rel), "utf8");
  } catch {
    return;
  }
  const v = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, filename: rel });
  files++;
  bytes += text.length;
  if (v && typeof v === "object") keys += Object.keys(v).length;
};
load("homescale.yaml");
load("apps/values.yaml");
for (const e of fs.readdirSync(path.join(dir, "apps"), { withFileTypes: true })) {
  if (e.isDirectory()) load(`apps/${e.name}/app.yaml`);
}
process.stdout.write(JSON.stringify({ files, bytes, keys }) + "\n");
