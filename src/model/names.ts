/** Names that rendered objects carry, in one place so every layer agrees. */

/** The full name before truncation: `<prefix>-<app>` (the chart's printf "%s-%s"), or the folder alone. */
export function fullApplicationName(prefix: string, app: string): string {
  return prefix === "" ? app : `${prefix}-${app}`;
}

/** The Application name, cut to 63 characters without a trailing '-' (the chart's trunc 63 | trimSuffix "-"). */
export function applicationName(prefix: string, app: string): string {
  const full = fullApplicationName(prefix, app);
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

/** The Service an app is reached at: service, else the release name, else the app folder. */
export function serviceName(spec: { service?: string | undefined; releaseName?: string | undefined }, app: string): string {
  return spec.service ?? spec.releaseName ?? app;
}

/** A cluster's NetBird DNS zone, <cluster>.<internal domain>; the zone's name and domain are both this. */
export function dnsZoneName(cluster: string, internalDomain: string): string {
  return `${cluster}.${internalDomain}`;
}

/**
 * The operator's NetworkRouter on a cluster. The operator names the NetBird network after it, and
 * networks are account-wide, so it carries the cluster name.
 */
export function networkRouterName(cluster: string): string {
  return cluster;
}

/** The Cloudflare tunnel of a cluster: <prefix><cluster>. */
export function tunnelName(prefix: string, cluster: string): string {
  return `${prefix}${cluster}`;
}

/** Gateway clusters: the Terraform-owned NetBird network of the routed subnets (not the operator's). */
export function subnetNetworkName(cluster: string): string {
  return `${cluster}-subnets`;
}

/** Gateway clusters: the group holding the routed-subnet resources, and the policy that opens them. */
export function subnetGroup(cluster: string): string {
  return `subnets-${cluster}`;
}

/** One routed subnet as a NetBird network resource: <cluster>-10-1-245-0-24. */
export function subnetResourceName(cluster: string, cidr: string): string {
  return `${cluster}-${cidr.replace(/[.:/]+/g, "-").replace(/-+$/, "")}`;
}

/** Gateway clusters: the reusable setup key their subnet-router peers join the cluster group with. */
export function routerSetupKeyName(cluster: string): string {
  return `${cluster}-router`;
}
