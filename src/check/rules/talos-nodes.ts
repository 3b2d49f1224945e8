import { SETTINGS_FILE } from "../../load/snapshot.js";
import { canonicalAddress, parseAddress, parseSubnet, subnetContains } from "../../model/talos-addresses.js";
import type { Cluster } from "../../model/types.js";
import { closest } from "../../diag/suggest.js";
import { TALOS_EXTENSIONS } from "../../schema/layers/talos.js";
import type { Rule, RuleContext } from "../rule.js";

/**
 * clusters.<c>.talos against the rest of the platform: each node's address inside network.nodes,
 * no name or address twice, the addressing the patches need (nodes, pods, services), extensions
 * homescale can configure, and the cluster's Omni template agreeing on the Talos version, the
 * installed extensions and the cluster's name.
 */
export const talosNodesRule: Rule = {
  name: "talos-nodes",
  codes: ["HS127", "HS134", "HS135", "HS136", "HS138"],
  run(ctx) {
    const addresses = new Map<string, string>();
    for (const c of ctx.model.platform.clusters) {
      if (!c.talos) continue;
      addressing(ctx, c);
      nodes(ctx, c, addresses);
      extensions(ctx, c);
      template(ctx, c);
    }
  },
};

const at = (c: Cluster, ...path: (string | number)[]) => ({ file: SETTINGS_FILE, path: ["clusters", c.name, "talos", ...path] });

function addressing(ctx: RuleContext, c: Cluster): void {
  const missing = (["nodes", "pods", "services"] as const).filter((k) => c.network?.[k] === undefined);
  if (missing.length === 0) return;
  const why: Record<(typeof missing)[number], string> = {
    nodes: "nodes (the LAN the node addresses and the kubelet pin belong to)",
    pods: "pods (the pod subnet)",
    services: "services (the service subnet; CoreDNS is its base + 10)",
  };
  ctx.report(
    "HS135",
    `clusters.${c.name}.talos needs clusters.${c.name}.network.${missing.join(", network.")}: ${missing.map((m) => why[m]).join("; ")}`,
    c.network ? { file: SETTINGS_FILE, path: ["clusters", c.name, "network"], key: true } : { ...at(c), key: true },
    `add network: {${missing.map((m) => `${m}: ${m === "nodes" ? "192.168.50.0/24" : m === "pods" ? "10.244.0.0/16" : "10.96.0.0/12"}`).join(", ")}} under clusters.${c.name}`,
  );
}

function nodes(ctx: RuleContext, c: Cluster, platformAddresses: Map<string, string>): void {
  const talos = c.talos!;
  const lan = c.network?.nodes !== undefined ? parseSubnet(c.network.nodes) : undefined;
  const names = new Set<string>();
  for (const n of talos.members) {
    if (names.has(n.name)) ctx.report("HS136", `a second node named ${n.name} in ${c.name}: each node gets its own patch, talos/${c.name}/${n.name}.yaml`, at(c, "nodes", n.index, "name"), "rename one of them");
    names.add(n.name);
    const addr = parseAddress(n.address);
    if (lan && addr && !subnetContains(lan, addr)) {
      ctx.report("HS134", `node ${n.name}'s address ${n.address} is outside network.nodes (${c.network!.nodes})`, at(c, "nodes", n.index, "address"), `give it an address in ${c.network!.nodes}, or correct network.nodes`);
    }
    const key = canonicalAddress(n.address) ?? n.address;
    const first = platformAddresses.get(key);
    if (first !== undefined) ctx.report("HS136", `node ${n.name} of ${c.name} has the address ${n.address}, which ${first} has already`, at(c, "nodes", n.index, "address"), "give each node its own address");
    else platformAddresses.set(key, `node ${n.name} of ${c.name}`);
  }
  const gw = talos.gateway !== undefined ? parseAddress(talos.gateway) : undefined;
  if (lan && gw && !subnetContains(lan, gw)) {
    ctx.report("HS134", `talos.gateway ${talos.gateway} is outside network.nodes (${c.network!.nodes}): the nodes could not reach it`, at(c, "gateway"), "the LAN's default gateway is an address of network.nodes");
  }
}

function extensions(ctx: RuleContext, c: Cluster): void {
  const talos = c.talos!;
  const supported: readonly string[] = TALOS_EXTENSIONS;
  const lists: { list: string[]; path: (string | number)[] }[] = [{ list: talos.extensions ?? [], path: ["extensions"] }];
  talos.nodes.forEach((n, i) => {
    if (n.extensions) lists.push({ list: n.extensions, path: ["nodes", i, "extensions"] });
  });
  for (const { list, path } of lists) {
    list.forEach((e, i) => {
      if (supported.includes(e)) return;
      const guess = closest(e.replace(/^siderolabs\//, ""), supported);
      ctx.report(
        "HS138",
        `${e} is not an extension homescale configures (${supported.join(", ")}): its node patches would carry no config for it`,
        at(c, ...path, i),
        e.startsWith("siderolabs/") && supported.includes(e.slice("siderolabs/".length))
          ? `write ${e.slice("siderolabs/".length)}: the ExtensionServiceConfig's name, not the image's`
          : guess !== undefined
            ? `did you mean ${guess}?`
            : "install other extensions through the Omni template's systemExtensions, and configure them in its patches",
      );
    });
  }
}

/** The cluster's Omni template, if it has one, against its talos block. */
function template(ctx: RuleContext, c: Cluster): void {
  const t = ctx.model.omni?.templates.find((x) => x.cluster === c.name);
  const doc = t?.clusters[0];
  if (!t || !doc) return;
  const talos = c.talos!;
  const tv = doc.talosVersion;
  if (tv !== undefined && tv !== talos.version) {
    ctx.report(
      "HS127",
      `talos.version is ${talos.version}, but the Omni template ${t.file} runs Talos ${tv}: the node patches are written for the wrong version`,
      at(c, "version"),
      `write version: ${tv}, or change the template's talos.version with it`,
    );
  }
  if (doc.name !== undefined && doc.name !== c.name) {
    ctx.report("HS127", `the Omni template ${t.file} names its cluster ${doc.name}, not ${c.name}: Omni and homescale would mean two clusters`, { ...at(c), key: true }, `name the Cluster ${c.name} (or \${CLUSTER_NAME})`);
  }
  const installed = new Set([...(doc.systemExtensions ?? []), ...t.sets.flatMap((s) => s.systemExtensions ?? [])].map((e) => e.replace(/^ghcr\.io\//, "")));
  // Each extension once, where it is first named: the cluster's list, then the nodes' own.
  const named: { e: string; path: (string | number)[] }[] = [
    ...(talos.extensions ?? []).map((e, i) => ({ e, path: ["extensions", i] })),
    ...talos.nodes.flatMap((n, k) => (n.extensions ?? []).map((e, i) => ({ e, path: ["nodes", k, "extensions", i] }))),
  ];
  const seen = new Set<string>();
  for (const { e, path } of named) {
    if (seen.has(e) || !(TALOS_EXTENSIONS as readonly string[]).includes(e) || installed.has(`siderolabs/${e}`)) continue;
    seen.add(e);
    ctx.report(
      "HS127",
      `the ${e} extension is configured here, but the Omni template ${t.file} does not install siderolabs/${e}: the nodes would have no ${e} service to configure`,
      at(c, ...path),
      `add siderolabs/${e} to the template's systemExtensions`,
    );
  }
}
