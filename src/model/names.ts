/** Names that rendered objects carry, in one place so every layer agrees. */

/** prefix + app folder, cut to 63 characters without a trailing '-' (the chart's trunc 63 | trimSuffix "-"). */
export function applicationName(prefix: string, app: string): string {
  const full = prefix + app;
  if (full.length <= 63) return full;
  return full.slice(0, 63).replace(/-$/, "");
}

export function appGroup(app: string): string {
  return `app-${app}`;
}

export function clusterGroup(cluster: string): string {
  return `cluster-${cluster}`;
}

/** One policy per rule: app-<name> for a single rule, app-<name>-<i> for several (seed 000). */
export function policyName(app: string, index: number, count: number): string {
  return count === 1 ? `app-${app}` : `app-${app}-${index}`;
}

/** <service>.<namespace>.<cluster>.<internal domain> */
export function internalName(service: string, namespace: string, cluster: string, internalDomain: string): string {
  return `${service}.${namespace}.${cluster}.${internalDomain}`;
}
