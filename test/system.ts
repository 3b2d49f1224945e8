/**
 * Tests that run a real program from a Debian package (scripts/debian-packages.txt): `npm test`
 * installs what is missing first. Where it still is missing, such a test skips with the reason,
 * except under CI=true, where no test may skip silently for a missing package: it fails.
 */
import fs from "node:fs";
import path from "node:path";

export function hasProgram(program: string): boolean {
  if (program.includes("/")) return fs.existsSync(program);
  return (process.env.PATH ?? "").split(":").some((d) => d !== "" && fs.existsSync(path.join(d, program)));
}

/**
 * The `skip` option for node:test: false when every program is there; the reason when one is
 * missing outside CI. Under CI=true a missing program throws, so the test file fails loudly.
 */
export function needPrograms(...programs: string[]): false | string {
  const missing = programs.filter((p) => !hasProgram(p));
  if (missing.length === 0) return false;
  const why = `needs ${missing.join(", ")} (Debian packages; npm test installs them as root)`;
  if (process.env.CI === "true") throw new Error(`CI=true: ${why}, and they are missing`);
  return why;
}

export function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}
