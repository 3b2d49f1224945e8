/**
 * Peak RSS without /usr/bin/time: runs a Node script in this very process and, at exit, writes
 * process.resourceUsage() (max RSS KiB, user and system CPU seconds) to the file named by HS_BENCH_RSS_FILE.
 *
 *   HS_BENCH_RSS_FILE=/tmp/x node dist/bench/rss-wrap.js SCRIPT [ARGS...]
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write("usage: rss-wrap.js SCRIPT [ARGS...]\n");
  process.exit(2);
}
const out = process.env.HS_BENCH_RSS_FILE;
process.on("exit", () => {
  const u = process.resourceUsage();
  // the format of `/usr/bin/time -f "%M %U %S"`: KiB, user seconds, system seconds
  if (out) fs.writeFileSync(out, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}\n`);
});
process.argv = [process.argv[0]!, path.resolve(script), ...args];
await import(pathToFileURL(path.resolve(script)).href);
