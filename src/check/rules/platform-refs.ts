import { SETTINGS_FILE } from "../../load/snapshot.js";
import { APP_SOURCE_PREFIX, DEFAULT_CONNECTOR_APP, DEFAULT_OPERATOR_APP } from "../../model/defaults.js";
import { closest } from "../../diag/suggest.js";
import type { RuleContext, Rule } from "../rule.js";

/**
 * homescale.yaml's own references: who may reach a gateway's routed subnets, which group the CI
 * setup key joins, the apps it names (the NetBird operator, the tunnel connector), and routed
 * subnets only on gateways (elsewhere nothing routes them).
 */
export const platformRefsRule: Rule = {
  name: "platform-refs",
  codes: ["HS059", "HS060", "HS062"],
  run(ctx) {
    const { platform } = ctx.model;
    for (const c of platform.clusters) {
      (c.subnetSources ?? []).forEach((src, i) => checkSource(ctx, src, ["clusters", c.name, "subnetSources", i], true));
      if (c.routedSubnets.length > 0 && c.role !== "gateway") {
        ctx.report(
          "HS060",
          `cluster ${c.name} is a ${c.role} cluster; only gateway clusters route subnets, so routedSubnets does nothing here`,
          { file: SETTINGS_FILE, path: ["clusters", c.name, "routedSubnets"], key: true },
          `set role: gateway on ${c.name}, or move the subnets to the region's gateway`,
        );
      }
    }
    // A setting that differs from its default was written in homescale.yaml; the defaults may name no app.
    const named: { app: string | undefined; fallback: string; path: string[]; what: string }[] = [
      { app: platform.netbird?.operatorApp, fallback: DEFAULT_OPERATOR_APP, path: ["netbird", "operatorApp"], what: "the NetBird operator" },
      { app: platform.cloudflare.connectorApp, fallback: DEFAULT_CONNECTOR_APP, path: ["cloudflare", "connectorApp"], what: "the tunnel connector" },
    ];
    for (const n of named) {
      if (n.app === undefined || n.app === n.fallback || ctx.model.appByName.has(n.app)) continue;
      const guess = closest(n.app, ctx.model.apps.map((a) => a.name));
      ctx.report(
        "HS062",
        `${n.path.join(".")} is ${n.app}, but there is no app ${n.app} (no apps/${n.app}/app.yaml) to run ${n.what}`,
        { file: SETTINGS_FILE, path: n.path },
        guess !== undefined ? `did you mean ${guess}?` : `add apps/${n.app}/app.yaml, or name the app that runs ${n.what}`,
      );
    }
    // Tailscale's fixed grants name sources as the apps do (a default names only what exists).
    if (ctx.index.mesh.id === "tailscale" && platform.tailscale?.grantsDeclared) {
      // (Identifiers written as the policy writes them are the tailscale rule's, HS168.)
      const { mesh } = ctx.index;
      platform.tailscale.grants.forEach((g, i) =>
        g.src.forEach((src, j) => {
          if (mesh.parseSource(src).kind !== "identifier") checkSource(ctx, src, ["tailscale", "grants", i, "src", j], true);
        }),
      );
    }
    const key = platform.netbird?.ciSetupKey;
    // The default source only matters where it is configured; a set without it simply gives the key no group.
    if (key?.sourceDeclared) checkSource(ctx, key.source, ["netbird", "ciSetupKey", "source"], false);
  },
};

function checkSource(ctx: RuleContext, src: string, path: (string | number)[], appsAllowed: boolean): void {
  const { model } = ctx;
  const { mesh } = ctx.index;
  const ref = mesh.parseSource(src);
  if (ref.kind === "keyword" ? mesh.principal(src) !== undefined : appsAllowed && mesh.principal(src) !== undefined) return;
  const candidates = [...ctx.index.mesh.keywords(), ...(appsAllowed ? model.apps.map((a) => APP_SOURCE_PREFIX + a.name) : [])];
  const guess = closest(src, candidates);
  ctx.report(
    "HS059",
    `${src} is not one of the configured sources (${mesh.keywords().join(", ")}${appsAllowed ? ", app:<name>" : ""})`,
    { file: SETTINGS_FILE, path },
    guess !== undefined ? `did you mean ${guess}?` : `add it under ${mesh.block}.sources`,
  );
}
