#!/usr/bin/env node
// Installs the Debian packages the tests need (scripts/debian-packages.txt) when they are missing:
// the README's test command works on a fresh Debian 12 machine as root with nothing set up first.
// Not root, or no apt-get: says what is missing and goes on (the tests that need it then skip,
// or fail under CI=true). HOMESCALE_NO_INSTALL=1 never installs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** [package, program] pairs from the list. */
export function wantedPackages() {
  const text = fs.readFileSync(path.join(root, "scripts", "debian-packages.txt"), "utf8");
  return text
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter((l) => l !== "")
    .map((l) => {
      const [pkg, program] = l.split(/\s+/);
      return { pkg, program };
    });
}

function present(program) {
  if (program.includes("/")) return fs.existsSync(program);
  return (process.env.PATH ?? "").split(":").some((d) => d !== "" && fs.existsSync(path.join(d, program)));
}

/** `needs`: who needs them, for the messages ("the tests", "the lab and serve benches"). */
export function ensureSystemPackages(log = (s) => process.stderr.write(s), needs = "the tests") {
  const missing = wantedPackages().filter((p) => !present(p.program));
  if (missing.length === 0) return true;
  const names = [...new Set(missing.map((p) => p.pkg))];
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (process.env.HOMESCALE_NO_INSTALL === "1" || !isRoot || !present("apt-get")) {
    log(`system packages missing: ${names.join(" ")}; ${needs} that need them will ${process.env.CI === "true" ? "fail" : "be skipped"}` +
      `${isRoot ? "" : " (installing them needs root)"}\n`);
    return false;
  }
  log(`installing the Debian packages ${needs} need: ${names.join(" ")}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env }).status === 0;
  // Services some packages start on install (nginx, haproxy) are never wanted: tests start their own.
  const policy = "/usr/sbin/policy-rc.d";
  const madePolicy = !fs.existsSync(policy);
  if (madePolicy) fs.writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    const ok = apt(["update", "-qq"]) && apt(["install", "-y", "-qq", "--no-install-recommends", ...names]);
    if (!ok) log(`apt-get could not install every package; ${needs} that need them report it\n`);
    return ok;
  } finally {
    if (madePolicy) fs.rmSync(policy, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensureSystemPackages() || process.env.CI !== "true" ? 0 : 1);
