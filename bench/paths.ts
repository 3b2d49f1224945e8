/**
 * Where the benches find things, one declaration for all of them. The benches run compiled, from
 * dist/bench, so the checkout is two levels up from here.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** dist/bench: the compiled benches and their helpers (floor.js, rss-wrap.js). */
export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
/** The checkout. */
export const ROOT = path.resolve(BENCH_DIR, "../..");
/** The CLI, started as users start it. */
export const BIN = path.join(ROOT, "bin/homescale");
/** The page each bench writes its section of. */
export const PERFORMANCE_DOC = path.join(ROOT, "docs/performance.md");
/** Where each bench writes its report. */
export const resultsFile = (name: string): string => path.join(ROOT, "bench/results", name);
