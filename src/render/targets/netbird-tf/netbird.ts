/**
 * terraform/netbird.tf.json: NetBird groups, access policies, the clusters' DNS zones, gateway
 * subnet routing, the CI setup key and reverse-proxy services (netbirdio/netbird >= 0.0.10,
 * schemas in notes/research.md §1).
 *
 * Groups: `netbird_group "app-<name>"` for every app folder with an app.yaml (valid or not: a
 * broken file must not plan the destruction of a group other apps' policies point at),
 * `cluster-<name>` per cluster, and every source keyword homescale.yaml marks `managed: true`.
 * Every other group (All, Owners, teams, and by default github-actions) exists outside Terraform
 * and is a `data "netbird_group"` block, emitted only when something references it. Groups are
 * identified by their NetBird name, so a source keyword whose group is also a managed group
 * refers to the managed resource.
 */
import {
  appGroup,
  clusterGroup,
  dnsZoneName,
  networkRouterName,
  policyName,
  routerSetupKeyName,
  subnetGroup,
  subnetNetworkName,
  subnetResourceName,
} from "../../../model/names.js";
import type { Cluster, Model, NetbirdSettings } from "../../../model/types.js";
import type { PlatformIndex } from "../../../platform/index.js";
import type { NetbirdMesh } from "../../../platform/mesh/netbird.js";
import type { MeshPolicy } from "../../../platform/mesh/provider.js";
import { PROXY_CLUSTER_VARIABLE, proxyClusterValue } from "../../terraform/module.js";
import { compareCodePoints, dataRef, lit, NameTable, ref, TfDoc, varRef, type TfBody, type TfJson } from "../../emit/tf-json.js";


/** Gateway clusters whose NetBird router exposes subnets. */
export function subnetGateways(model: Model): Cluster[] {
  return model.platform.clusters.filter((c) => c.role === "gateway" && c.routedSubnets.length > 0);
}

/** netbird.tf.json; nothing when the platform's mesh is not NetBird. */
export function renderNetbird(index: PlatformIndex): TfJson | undefined {
  const mesh = index.mesh;
  if (mesh.id !== "netbird") return undefined;
  return new NetbirdRender(index, mesh).render();
}

class NetbirdRender {
  private readonly doc = new TfDoc();
  private readonly settings: NetbirdSettings;
  /** netbird_group names, shared by resources and data blocks: one NetBird group, one name. */
  private readonly groupNames = new NameTable();
  /** NetBird group name -> Terraform name, for groups this file creates. */
  private readonly managed = new Map<string, string>();
  private readonly names = new Map<string, NameTable>();

  private readonly model: Model;

  constructor(
    private readonly index: PlatformIndex,
    private readonly mesh: NetbirdMesh,
  ) {
    this.model = index.model;
    this.settings = mesh.settings;
  }

  render(): TfJson {
    this.groups();
    this.policies();
    this.dnsZones();
    this.subnetRouting();
    this.ciSetupKey();
    this.reverseProxy();
    return this.doc.toJSON();
  }

  private name(type: string, id: string): string {
    let t = this.names.get(type);
    if (!t) this.names.set(type, (t = new NameTable()));
    return t.name(id);
  }

  private groups(): void {
    const { platform, apps } = this.model;
    const wanted = new Set<string>();
    for (const a of apps) wanted.add(appGroup(a.name));
    for (const c of platform.clusters) wanted.add(clusterGroup(c.name));
    for (const c of subnetGateways(this.model)) wanted.add(subnetGroup(c.name));
    for (const s of platform.sources.values()) if (s.managed) wanted.add(s.group);
    for (const g of [...wanted].sort(compareCodePoints)) {
      const key = this.groupNames.name(g);
      // No `peers`: the provider keeps the refreshed value, so peers that setup keys add cause no diff.
      this.doc.resource("netbird_group", key, { name: lit(g) });
      this.managed.set(g, key);
    }
  }

  /** A reference to a NetBird group by name: the managed resource, else a data block (declared on first use). */
  private groupRef(group: string): string {
    const managed = this.managed.get(group);
    if (managed !== undefined) return ref("netbird_group", managed);
    const key = this.groupNames.name(group);
    if (!this.doc.hasData("netbird_group", key)) this.doc.data("netbird_group", key, { name: lit(group) });
    return dataRef("netbird_group", key);
  }

  /** A policy source as a group reference (through the mesh); undefined for one that names nothing. */
  private sourceRef(source: string): string | undefined {
    const p = this.mesh.principal(source);
    return p ? this.groupRef(p.name) : undefined;
  }

  /**
   * One policy per rule, exactly one `rule` block each (the provider allows no more). Sources
   * that name nothing (check reports them) are left out; a rule left with no source is dropped,
   * which grants less, never more.
   */
  private policies(): void {
    for (const p of this.mesh.policies()) {
      const dest = this.groupRef(this.mesh.destination(p.app.name).name);
      this.policy(p.name, p, [dest], p.description ?? `homescale: access to app ${p.app.name} (${p.app.file})`);
    }
  }

  private policy(name: string, rule: Pick<MeshPolicy, "protocol" | "ports"> & { sources: readonly { source: string }[] }, destinations: string[], description: string): void {
    const sources = unique(rule.sources.map((s) => this.sourceRef(s.source)).filter((s): s is string => s !== undefined));
    if (sources.length === 0) return;
    const body: TfBody = {
      name: lit(name),
      action: "accept",
      bidirectional: false,
      enabled: true,
      protocol: rule.protocol,
      sources,
      destinations,
    };
    if (rule.ports.length > 0) body.ports = [...rule.ports];
    this.doc.resource("netbird_policy", this.name("netbird_policy", name), {
      name: lit(name),
      description: lit(description),
      enabled: true,
      rule: [body],
    });
  }

  /** One zone per cluster; name == domain, because the operator finds the zone by its name. */
  private dnsZones(): void {
    const groups = unique(this.settings.dnsZoneGroups.map((g) => this.groupRef(g)));
    for (const c of this.model.platform.clusters) {
      const zone = dnsZoneName(c.name, this.model.platform.internalDomain);
      this.doc.resource("netbird_dns_zone", this.name("netbird_dns_zone", zone), {
        name: lit(zone),
        domain: lit(zone),
        enabled: true,
        enable_search_domain: false,
        distribution_groups: groups,
      });
    }
  }

  /**
   * Gateway clusters with routedSubnets: a Terraform-owned network (not the operator's, which is
   * named after the NetworkRouter), a router whose peers are the cluster group, one resource per
   * subnet in the group subnets-<cluster>, a reusable ephemeral setup key that puts the router
   * peers into the cluster group, and, when clusters.<name>.subnetSources says so, the policy
   * that opens the subnets.
   */
  private subnetRouting(): void {
    for (const c of subnetGateways(this.model)) {
      const network = subnetNetworkName(c.name);
      const netKey = this.name("netbird_network", network);
      this.doc.resource("netbird_network", netKey, {
        name: lit(network),
        description: lit(`homescale: subnets routed by gateway cluster ${c.name}`),
      });
      const clusterRef = this.groupRef(clusterGroup(c.name));
      this.doc.resource("netbird_network_router", this.name("netbird_network_router", network), {
        network_id: ref("netbird_network", netKey),
        peer_groups: [clusterRef],
        masquerade: true,
        metric: 9999,
        enabled: true,
      });
      const subnets = this.groupRef(subnetGroup(c.name));
      for (const cidr of unique(c.routedSubnets)) {
        const name = subnetResourceName(c.name, cidr);
        this.doc.resource("netbird_network_resource", this.name("netbird_network_resource", name), {
          network_id: ref("netbird_network", netKey),
          name: lit(name),
          description: lit(`homescale: ${cidr} routed by ${c.name}`),
          address: lit(cidr),
          groups: [subnets],
          enabled: true,
        });
      }
      const keyName = routerSetupKeyName(c.name);
      const key = this.name("netbird_setup_key", keyName);
      this.doc.resource("netbird_setup_key", key, {
        name: lit(keyName),
        type: "reusable",
        ephemeral: true,
        auto_groups: [clusterRef],
      });
      this.doc.output(`${key}-key`, {
        description: lit(`Setup key for the NetBird subnet router of ${c.name} (joins ${clusterGroup(c.name)}).`),
        value: ref("netbird_setup_key", key, "key"),
        sensitive: true,
      });
      if (c.subnetSources !== undefined && c.subnetSources.length > 0) {
        this.policy(
          subnetGroup(c.name),
          { sources: c.subnetSources.map((source) => ({ source })), protocol: "all", ports: [] },
          [subnets],
          `homescale: access to the subnets routed by ${c.name}`,
        );
      }
    }
  }

  /**
   * CI joins the mesh with a one-off ephemeral key in the group of the CI source keyword
   * (github-actions). That group is managed or data as homescale.yaml's netbird.sources says
   * (default: data, the group exists in the account). One-off keys get no usage_limit: the server
   * fixes it at 1 and rejects one. The key is spent after one join; rotate it with
   * `terraform apply -replace=netbird_setup_key.<name>`.
   */
  private ciSetupKey(): void {
    const ci = this.settings.ciSetupKey;
    if (!ci) return;
    const source = this.model.platform.sources.get(ci.source);
    if (!source) return;
    const key = this.name("netbird_setup_key", ci.name);
    const body: TfBody = {
      name: lit(ci.name),
      type: "one-off",
      ephemeral: true,
      auto_groups: [this.groupRef(source.group)],
    };
    if (ci.expirySeconds !== undefined && ci.expirySeconds > 0) body.expiry_seconds = ci.expirySeconds;
    this.doc.resource("netbird_setup_key", key, body);
    this.doc.output(`${key}-key`, {
      description: lit(`One-off ephemeral setup key for CI jobs (joins ${source.group}).`),
      value: ref("netbird_setup_key", key, "key"),
      sensitive: true,
    });
  }

  /**
   * exposePublic.via: netbird-proxy. The operator's network of the cluster (named after its
   * NetworkRouter) gets a domain resource for the app's internal name, in the app's group; a
   * reverse-proxy service per public name forwards to it. The external domain, and every public
   * name outside it, is a custom reverse-proxy domain validated against the proxy cluster.
   */
  private reverseProxy(): void {
    const routes = this.index.routing.proxied;
    if (routes.length === 0) return;
    const target = proxyClusterValue(this.model);
    if (this.settings.reverseProxyCluster === undefined) {
      this.doc.variable(PROXY_CLUSTER_VARIABLE, {
        type: "string",
        description:
          "Address of the NetBird reverse-proxy cluster (see data netbird_reverse_proxy_clusters): the target of the custom domains and of their CNAMEs. Set netbird.reverseProxy.cluster in homescale.yaml to write it into the configuration instead.",
      });
    }
    const domains = new Set<string>();
    const domain = (d: string) => {
      const k = d.toLowerCase();
      if (domains.has(k)) return;
      domains.add(k);
      this.doc.resource("netbird_reverse_proxy_domain", this.name("netbird_reverse_proxy_domain", d), { domain: lit(d), target_cluster: target });
    };
    domain(this.model.platform.externalDomain);
    const networks = new Map<string, string>();
    for (const r of routes) {
      const cluster = r.exposure.cluster;
      let net = networks.get(cluster);
      if (net === undefined) {
        // The network the operator made for the cluster's router: homescale's, or the chart's that renders it.
        const network = this.mesh.homeRouter(cluster)?.name ?? networkRouterName(cluster);
        net = this.name("data.netbird_network", network);
        this.doc.data("netbird_network", net, { name: lit(network) });
        networks.set(cluster, net);
      }
      const resKey = this.name("netbird_network_resource", r.internal);
      this.doc.resource("netbird_network_resource", resKey, {
        network_id: dataRef("netbird_network", net),
        name: lit(r.internal),
        description: lit(`homescale: reverse-proxy target of app ${r.exposure.app.name} on ${cluster}`),
        address: lit(r.internal),
        groups: [this.groupRef(appGroup(r.exposure.app.name))],
        enabled: true,
      });
      for (const n of r.names) {
        if (!n.covered) domain(n.name);
        this.doc.resource("netbird_reverse_proxy_service", this.name("netbird_reverse_proxy_service", n.name), {
          name: lit(n.name),
          domain: lit(n.name),
          enabled: true,
          targets: [
            {
              target_id: ref("netbird_network_resource", resKey),
              target_type: "domain",
              host: lit(r.internal),
              port: r.exposure.expose.port,
              protocol: "http",
            },
          ],
          // Public: no authentication. The attribute is required even when empty.
          auth: {},
        });
      }
    }
  }
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
