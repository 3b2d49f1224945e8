/** How much the fuzz test runs by default; docs/hostile-input.md states it, and docs.test.ts holds it to this. */
export const FUZZ_BASES = 2;
export const FUZZ_RUNS_PER_BASE = 100;
