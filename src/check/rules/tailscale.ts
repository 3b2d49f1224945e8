/**
 * A tailnet policy Tailscale accepts, and Services the operator can create (breadth.md §6, §9.6):
 * identifiers of the policy's form (HS168); every tag the policy or a Service names has an owner
 * (HS169: Tailscale refuses the policy, the operator the device); one hostname per Service on the
 * tailnet (HS170), a valid DNS label (HS175); an app's grants reach some Service (HS171); chart
 * templates homescale could not read (HS172); egress Services that lead somewhere (HS173).
 */
import { whereOf as at } from "../../diag/declaration.js";
import type { Where } from "../../diag/diagnostic.js";
import { closest } from "../../diag/suggest.js";
import { SETTINGS_FILE } from "../../load/snapshot.js";
import { APP_SOURCE_PREFIX } from "../../model/defaults.js";
import { identifierProblem } from "../../platform/mesh/tailnet-identifiers.js";
import { tailnetPolicy } from "../../platform/mesh/tailnet-policy.js";
import { appTag, type TailscaleMesh } from "../../platform/mesh/tailscale.js";
import type { Rule, RuleContext } from "../rule.js";

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

export const tailscaleRule: Rule = {
  name: "tailscale",
  codes: ["HS168", "HS169", "HS170", "HS171", "HS172", "HS173", "HS175"],
  run(ctx) {
    const mesh = ctx.index.mesh;
    if (mesh.id !== "tailscale") return;
    identifiers(ctx, mesh);
    owners(ctx, mesh);
    services(ctx, mesh);
  },
};

function identifiers({ model, report }: RuleContext, mesh: TailscaleMesh): void {
  const candidates = [...mesh.keywords(), ...model.apps.map((a) => APP_SOURCE_PREFIX + a.name)];
  for (const [keyword, id] of mesh.settings.sources) {
    const why = identifierProblem(id, "src");
    if (why) report("HS168", `tailscale.sources.${keyword}: ${why}`, { file: SETTINGS_FILE, path: ["tailscale", "sources", keyword] }, "write *, group:<name>@<domain>, tag:<name>, autogroup:member or a user's login");
  }
  for (const g of mesh.grants()) {
    for (const s of g.sources) {
      const ref = mesh.parseSource(s.source);
      if (s.principal || ref.kind !== "identifier") continue; // unknown apps are source-refs' and platform-refs' (HS052, HS062)
      const guess = closest(s.source, candidates);
      report("HS168", identifierProblem(s.source, "src") ?? `${s.source} names nothing on the tailnet`, at(s.decl), guess !== undefined ? `did you mean ${guess}?` : `sources: ${mesh.keywords().join(", ")}, app:<name>, or a policy identifier`);
    }
    for (const d of g.dst) {
      if (d.id !== undefined) continue;
      const ref = mesh.parseSource(d.written);
      const why = ref.kind === "app" ? `${d.written} names no app (no apps/${ref.app}/app.yaml)` : (identifierProblem(d.written, "dst") ?? `${d.written} names nothing on the tailnet`);
      report("HS168", `grant destination ${why}`, at(d.decl), "a destination is a tag, autogroup:self, autogroup:internet, *, a group, a user or app:<name>");
    }
  }
}

/** Tags the policy names or Services carry must be in tagOwners: Tailscale refuses a policy that uses an unowned tag. */
function owners({ model, report }: RuleContext, mesh: TailscaleMesh): void {
  const policy = tailnetPolicy(
    mesh,
    model.apps.map((a) => a.name),
    model.platform.clusters.map((c) => c.name),
  );
  const owned = new Set(Object.keys(policy.tagOwners));
  const seen = new Set<string>();
  const check = (tag: string, where: Where, what: string): void => {
    if (!tag.startsWith("tag:") || owned.has(tag)) return;
    const key = `${tag}\0${where.file}\0${where.offset ?? where.path?.join("\0")}`;
    if (seen.has(key)) return;
    seen.add(key);
    const guess = closest(tag, [...owned]);
    report(
      "HS169",
      `${tag} (${what}) has no owner in the tailnet policy: Tailscale refuses a policy or a device that uses an unowned tag`,
      where,
      guess !== undefined ? `did you mean ${guess}? Otherwise add it under tailscale.tagOwners in homescale.yaml` : "add it under tailscale.tagOwners in homescale.yaml",
    );
  };
  for (const g of mesh.grants()) {
    for (const s of g.sources) if (s.principal) check(s.principal.name, at(s.decl), "a grant's source");
    for (const d of g.dst) if (d.id !== undefined) check(d.id, at(d.decl), "a grant's destination");
  }
  for (const [tag, list] of mesh.settings.tagOwners) for (const o of list) check(o, { file: SETTINGS_FILE, path: ["tailscale", "tagOwners", tag] }, `an owner of ${tag}`);
  const objects = mesh.tailnet();
  for (const s of objects.services) if (s.placement.deployed) for (const t of s.tags) check(t, at(s.decl), `on Service ${s.name} on ${s.placement.cluster.name}`);
  for (const g of objects.proxyGroups) if (g.placement.deployed) for (const t of g.tags) check(t, at(g.decl), `on ProxyGroup ${g.name} on ${g.placement.cluster.name}`);
}

function services({ model, report }: RuleContext, mesh: TailscaleMesh): void {
  const objects = mesh.tailnet();
  const deployed = objects.services.filter((s) => s.placement.deployed);
  // One device per hostname on a tailnet: the operator refuses the second Service.
  const byHost = new Map<string, (typeof deployed)[number]>();
  for (const s of deployed) {
    if (!DNS_LABEL.test(s.hostname)) {
      report("HS175", `Service ${s.name} on ${s.placement.cluster.name} is on the tailnet as ${JSON.stringify(s.hostname)}, which is not a DNS label: the operator refuses it`, at(s.decl), "a hostname is at most 63 letters, digits and '-', not starting or ending with '-' (tailscale.com/hostname)");
      continue;
    }
    const key = s.hostname.toLowerCase();
    const first = byHost.get(key);
    if (first) {
      report(
        "HS170",
        `Service ${s.name} (${s.placement.app.name} on ${s.placement.cluster.name}) and Service ${first.name} (${first.placement.app.name} on ${first.placement.cluster.name}) are both ${s.hostname} on the tailnet`,
        at(s.decl),
        "give each a tailscale.com/hostname of its own; include the cluster name when the chart runs on several clusters",
      );
    } else byHost.set(key, s);
  }
  // An app's own grants open tag:app-<name>: some Service should carry it. The tags carried, once
  // (scanning every Service for every app was apps x Services: seconds at 2,000 apps).
  const carried = new Set(objects.services.flatMap((s) => s.tags));
  for (const app of model.apps) {
    if (!app.valid || (app.raw.tailscale?.policy?.rules ?? []).length === 0) continue;
    const tag = appTag(app.name);
    if (carried.has(tag)) continue;
    report(
      "HS171",
      `${app.name}'s tailscale grants open ${tag}, but no Service of any chart carries it: they reach nothing`,
      { file: app.file, path: ["tailscale", "policy"], key: true },
      `tag a Service of the app: tailscale.com/tags: "${mesh.settings.operatorTag},${tag}" with loadBalancerClass: tailscale`,
    );
  }
  const reported = new Set<string>();
  for (const p of objects.problems) {
    if (!p.placement.deployed || reported.has(`${p.file}\0${p.message}`)) continue;
    reported.add(`${p.file}\0${p.message}`);
    report("HS172", `${p.file} declares Tailscale objects, but homescale cannot read it on ${p.placement.cluster.name}: ${p.message}`, { file: p.file, offset: p.offset }, "its Services are not in trace or access; keep the template within the subset (values, .Release, variables, range, if, required)");
  }
  const suffix = mesh.settings.tailnet !== undefined ? `.${mesh.settings.tailnet}.ts.net` : ".ts.net";
  const hosts = new Set(deployed.map((s) => s.hostname.toLowerCase()));
  for (const e of objects.egress) {
    if (!e.placement.deployed || /^[0-9.]+$|:/.test(e.target)) continue; // an address (tailnet-ip) is not checked
    const target = e.target.replace(/\.$/, "").toLowerCase();
    const host = target.split(".")[0]!;
    if (target.endsWith(suffix) && hosts.has(host)) continue;
    report(
      "HS173",
      `egress Service ${e.name} (${e.placement.app.name} on ${e.placement.cluster.name}) forwards to ${e.target}, ${target.endsWith(suffix) ? "which no Service of the platform is" : `which is not a name of ${mesh.settings.tailnet !== undefined ? `the tailnet ${mesh.settings.tailnet}` : "a tailnet"}`}`,
      at(e.decl),
      `tailnet names: ${[...hosts].sort().slice(0, 5).map((h) => `${h}${suffix}`).join(", ")}${hosts.size > 5 ? ", ..." : ""}`,
    );
  }
}
