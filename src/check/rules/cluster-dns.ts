import { LEGACY_KIND } from "../../schema/talos/documents.js";
import { coreDnsAddress, canonicalAddress } from "../../model/talos-addresses.js";
import { whereOf, type OmniTemplate, type TalosDocument } from "../../model/omni-types.js";
import type { Rule } from "../rule.js";

/** Talos's default service subnet, when neither homescale.yaml nor a patch sets one. */
const TALOS_DEFAULT_SERVICES = "10.96.0.0/12";
/** Extensions that run in the host's network namespace and dial Services by their *.svc names. */
const RESOLVING_EXTENSIONS = ["cloudflared", "tailscale"];

/**
 * Host-network extensions (cloudflared, tailscale) resolve with the node's resolvers, so to reach
 * `*.svc.cluster.local` the node's resolvers must start with CoreDNS (the services base + 10):
 * seed 002's intermittent lookup failures, siderolabs/extensions#623. Checked on the clusters'
 * Omni templates: where an extension is installed or configured and the patches set resolvers
 * without CoreDNS. (homescale's own node patches always put CoreDNS first.)
 */
export const clusterDnsRule: Rule = {
  name: "cluster-dns",
  codes: ["HS139"],
  run(ctx) {
    for (const t of ctx.model.omni?.templates ?? []) {
      const ext = resolvingExtension(t);
      if (ext === undefined) continue;
      const platform = ctx.model.platform.clusterByName.get(t.cluster);
      const docs = t.patches.flatMap((p) => p.docs);
      const services = platform?.network?.services ?? serviceSubnet(docs) ?? TALOS_DEFAULT_SERVICES;
      const coreDns = coreDnsAddress(services);
      if (coreDns === undefined) continue;
      for (const d of docs) {
        const list = nameservers(d);
        if (list === undefined || list.addresses.some((a) => canonicalAddress(a) === canonicalAddress(coreDns))) continue;
        ctx.report(
          "HS139",
          `the ${ext} extension on ${t.cluster} resolves *.svc names with the node's resolvers, and these leave out CoreDNS (${coreDns}, the services base + 10 of ${services})`,
          whereOf(d.at, list.path),
          `put ${coreDns} first: ${[coreDns, ...list.addresses].join(", ")}`,
        );
      }
    }
  },
};

function resolvingExtension(t: OmniTemplate): string | undefined {
  const installed = [...t.clusters.flatMap((c) => c.systemExtensions ?? []), ...t.sets.flatMap((s) => s.systemExtensions ?? [])];
  for (const e of RESOLVING_EXTENSIONS) if (installed.some((x) => x.endsWith(`siderolabs/${e}`))) return e;
  for (const d of t.patches.flatMap((p) => p.docs)) {
    if (d.id.kind === "ExtensionServiceConfig" && RESOLVING_EXTENSIONS.includes(d.id.name)) return d.id.name;
  }
  return undefined;
}

function nameservers(d: TalosDocument): { addresses: string[]; path: string[] } | undefined {
  if (d.id.kind === LEGACY_KIND) {
    const list = (d.value.machine as { network?: { nameservers?: unknown } } | undefined)?.network?.nameservers;
    return Array.isArray(list) ? { addresses: list.map(String), path: ["machine", "network", "nameservers"] } : undefined;
  }
  if (d.id.kind === "ResolverConfig" && Array.isArray(d.value.nameservers)) {
    return { addresses: d.value.nameservers.map((n) => String((n as { address?: unknown })?.address ?? "")), path: ["nameservers"] };
  }
  return undefined;
}

function serviceSubnet(docs: readonly TalosDocument[]): string | undefined {
  for (const d of docs) {
    const legacy = (d.value.cluster as { network?: { serviceSubnets?: unknown } } | undefined)?.network?.serviceSubnets;
    const typed = d.id.kind === "KubeNetworkConfig" ? d.value.serviceSubnets : undefined;
    const list = Array.isArray(legacy) ? legacy : Array.isArray(typed) ? typed : undefined;
    if (list && typeof list[0] === "string") return list[0];
  }
  return undefined;
}
