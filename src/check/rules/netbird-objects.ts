/**
 * The NetBird operator's objects, the apps' charts' and homescale's together: a chart template
 * that declares them is read (HS180); a NetworkResource homescale renders names a Service the app
 * declares (HS181: `service:`, or a Service its chart renders), or it reaches nothing; a chart's
 * NetworkResource names a NetworkRouter that is on its cluster (HS182); an app's policies open
 * some NetworkResource of its chart (HS183); the reverse proxy forwards to a name some
 * NetworkResource declares (HS184: the app's chart brings its own, or the router publishes in
 * another zone).
 */
import { whereOf } from "../../diag/declaration.js";
import type { Where } from "../../diag/diagnostic.js";
import { appGroup } from "../../model/names.js";
import { hostKey } from "../../platform/hostnames.js";
import type { NetbirdMesh } from "../../platform/mesh/netbird.js";
import { chartServices } from "../../platform/mesh/netbird-objects.js";
import type { App } from "../../model/types.js";
import type { Rule, RuleContext } from "../rule.js";

const SUBSET = "keep the template within the subset (.Values, .Release, variables, if, range, with, required, quote, default)";

export const netbirdObjectsRule: Rule = {
  name: "netbird-objects",
  codes: ["HS180", "HS181", "HS182", "HS183", "HS184"],
  run(ctx) {
    const mesh = ctx.index.mesh;
    if (mesh.id !== "netbird") return;
    unreadable(ctx, mesh);
    guessedServices(ctx, mesh);
    routerRefs(ctx, mesh);
    openedResources(ctx, mesh);
    proxyTargets(ctx, mesh);
  },
};

/** Once per template and message, on the first cluster where its app runs. */
function unreadable({ report }: RuleContext, mesh: NetbirdMesh): void {
  const reported = new Set<string>();
  for (const p of mesh.chartObjects().problems) {
    const key = `${p.file}\0${p.message}`;
    if (!p.placement.deployed || reported.has(key)) continue;
    reported.add(key);
    report(
      "HS180",
      `${p.file} declares NetBird operator objects, but homescale cannot read it on ${p.placement.cluster.name}: ${p.message}`,
      { file: p.file, offset: p.offset },
      `its NetworkResources and NetworkRouters are not in trace or access (and homescale renders no copy of them); ${SUBSET}`,
    );
  }
}

/** Where an app asks for its NetworkResource: its policy rules, else the reverse proxy's exposure. */
function askedAt(ctx: RuleContext, app: App): Where {
  if ((app.raw.netbird?.policy?.rules ?? []).length > 0) return { file: app.file, path: ["netbird"], key: true };
  const e = ctx.index.routing.proxied.find((r) => r.exposure.app === app)?.exposure;
  return e ? whereOf(e.at.via) : { file: app.file, path: [] };
}

function guessedServices(ctx: RuleContext, mesh: NetbirdMesh): void {
  const { model, index, report } = ctx;
  const proxied = new Set(index.routing.proxied.map((r) => `${r.exposure.app.name}\0${r.exposure.cluster}`));
  const proxiedApps = new Set(index.routing.proxied.map((r) => r.exposure.app.name));
  for (const app of model.apps) {
    if (!app.valid) continue;
    const clusters: string[] = [];
    let service = "";
    // Cheap tests first, before the app's placements (an effective spec per cluster): an app that
    // nothing on the mesh reaches gets no NetworkResource, and one that says service: everywhere names its own.
    if (mesh.policiesOf(app.name).length === 0 && !proxiedApps.has(app.name)) continue;
    if (app.raw.service !== undefined && !overridesService(app)) continue;
    const hasChart = model.charts?.has(app.name) === true;
    for (const p of index.deployedOf(app)) {
      if (p.spec.service !== undefined || !mesh.rendersOwnResource(p, proxied.has(`${app.name}\0${p.cluster.name}`))) continue;
      if (hasChart && chartServices(model, p).has(p.service)) continue;
      clusters.push(p.cluster.name);
      service = p.service;
    }
    if (clusters.length === 0) continue;
    const from = service === app.raw.releaseName ? "its release name" : "its folder's name";
    report(
      "HS181",
      `homescale renders a NetworkResource for ${app.name} on ${clusters.join(", ")} naming Service ${service} (${from}), which ${app.name} does not declare: no service: in ${app.file}, and no Service of that name in apps/${app.name}/templates/`,
      askedAt(ctx, app),
      `set service: to the Service the app's chart creates (a NetworkResource for a Service that does not exist reaches nothing), or declare the app's NetworkResources in apps/${app.name}/templates/`,
    );
  }
}

/** Whether a cluster override sets service: (to anything, even null). */
function overridesService(app: App): boolean {
  const overrides = app.raw.clusters;
  if (overrides === undefined) return false;
  for (const c in overrides) {
    const o = overrides[c] as Record<string, unknown> | null | undefined;
    if (o !== null && o !== undefined && Object.hasOwn(o, "service")) return true;
  }
  return false;
}

function routerRefs({ report }: RuleContext, mesh: NetbirdMesh): void {
  for (const r of mesh.chartObjects().resources) {
    const p = r.placement;
    if (!p.deployed) continue;
    const routers = mesh.routers(p.cluster.name);
    if (routers.some((x) => x.name === r.router.name && x.namespace === r.router.namespace)) continue;
    const there = routers.map((x) => `${x.name} in namespace ${x.namespace}`);
    report(
      "HS182",
      `NetworkResource ${r.name} (${p.app.name} on ${p.cluster.name}) names NetworkRouter ${r.router.name} in namespace ${r.router.namespace}, which is not on ${p.cluster.name}: its Service is in no NetBird network`,
      whereOf(r.decl),
      there.length > 0 ? `the routers on ${p.cluster.name}: ${there.join(", ")}` : `nothing renders a NetworkRouter on ${p.cluster.name}: the NetBird operator (app ${mesh.settings.operatorApp}) does not run there`,
    );
  }
}

function openedResources({ model, report }: RuleContext, mesh: NetbirdMesh): void {
  const resources = mesh.chartObjects().resources;
  for (const app of model.apps) {
    if (!app.valid || (app.raw.netbird?.policy?.rules ?? []).length === 0 || !mesh.bringsOwnResources(app.name)) continue;
    const group = appGroup(app.name);
    if (resources.some((r) => r.groups.includes(group))) continue;
    const mine = [...new Set(resources.filter((r) => r.placement.app === app).map((r) => r.name))];
    report(
      "HS183",
      `${app.name}'s NetBird policies grant into ${group}, but none of the NetworkResources of apps/${app.name}/templates/${mine.length > 0 ? ` (${mine.join(", ")})` : ""} is in that group: they reach nothing`,
      { file: app.file, path: ["netbird", "policy"], key: true },
      `add - name: ${group} to the groups of the app's NetworkResources`,
    );
  }
}

function proxyTargets({ index, report }: RuleContext, mesh: NetbirdMesh): void {
  for (const r of index.routing.proxied) {
    const e = r.exposure;
    if (!e.deployed) continue;
    const names = mesh.names(index.placement(e.app, index.model.platform.clusterByName.get(e.cluster)!)).map((n) => n.name);
    if (names.some((n) => hostKey(n) === hostKey(r.internal))) continue;
    report(
      "HS184",
      `the NetBird reverse proxy forwards ${e.expose.fqdn} to ${r.internal}, but no NetworkResource declares that name: ${mesh.bringsOwnResources(e.app.name) ? `${e.app.name}'s chart brings its own NetworkResources, and homescale renders none for it` : `the router on ${e.cluster} publishes ${e.app.name}'s in another DNS zone`}`,
      whereOf(e.at.via),
      names.length > 0 ? `set service: to the Service of one of them (${names.join(", ")})` : `declare a NetworkResource for Service ${r.service} in apps/${e.app.name}/templates/`,
    );
  }
}
