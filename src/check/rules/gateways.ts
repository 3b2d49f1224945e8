/**
 * Exposures through gateways (seed 003): each names a gateway its cluster has; a LAN name goes
 * through a gateway reachable from the LAN, a public one never through a LAN-only gateway; a name
 * is routed at most once per gateway, and is covered by the gateway's certificate when its names are
 * set by hand; auth names a provider of the route's cluster, on an Envoy gateway; a LAN name is
 * never a public name too (one DNS owner per name), and the gateway that answers it has an address.
 */
import { closest } from "../../diag/suggest.js";
import type { Declaration } from "../../diag/declaration.js";
import { DEFAULT_LAN_GATEWAY, DEFAULT_PUBLIC_GATEWAY } from "../../model/layers.js";
import type { Exposure, LanExposure } from "../../model/exposure.js";
import { hostKey, hostMatches } from "../../platform/hostnames.js";
import type { Rule, RuleContext } from "../rule.js";

/** An X.509 wildcard covers exactly one label (RFC 6125), unlike a cloudflared or Gateway API wildcard. */
function covers(name: string, host: string): boolean {
  const n = hostKey(name);
  const h = hostKey(host);
  if (!n.startsWith("*.")) return n === h;
  return hostMatches(n, h) && h.split(".").length === n.split(".").length;
}

export const gatewaysRule: Rule = {
  name: "gateways",
  codes: ["HS104", "HS105", "HS106", "HS107", "HS108", "HS109", "HS110", "HS111", "HS112"],
  run(ctx) {
    const { model, index, report } = ctx;
    const { routing } = index;
    const through: { e: Exposure | LanExposure; lan: boolean; key: string; keyDecl: Declaration }[] = [];
    for (const e of routing.exposures) {
      if (e.via === "gateway") through.push({ e, lan: false, key: e.expose.gateway ?? DEFAULT_PUBLIC_GATEWAY, keyDecl: e.expose.gateway !== undefined ? e.at.gateway : e.at.via });
    }
    for (const e of routing.lanExposures) {
      through.push({ e, lan: true, key: e.expose.gateway ?? DEFAULT_LAN_GATEWAY, keyDecl: e.expose.gateway !== undefined ? e.at.gateway : e.at.fqdn });
    }
    for (const { e, lan, key, keyDecl } of through) {
      const cluster = model.platform.clusterByName.get(e.cluster)!;
      const g = cluster.gateways.find((x) => x.key === key);
      if (!g) {
        const keys = cluster.gateways.map((x) => x.key);
        const guess = closest(key, keys);
        report(
          "HS104",
          `${e.app.name} ${lan ? "serves a LAN name" : "publishes a name"} through gateway ${key}, but ${e.cluster} has ${keys.length === 0 ? "no gateways" : `only ${keys.join(", ")}`}`,
          keyDecl,
          guess !== undefined ? `did you mean ${guess}?` : `add clusters.${e.cluster}.gateways.${key} to homescale.yaml`,
        );
        continue;
      }
      if (lan && !g.lan) report("HS105", `exposeLan goes through gateway ${key} of ${e.cluster}, which is not reachable from the LAN (lan: true)`, keyDecl, `name a gateway with lan: true, or set lan: true on ${key}`);
      if (!lan && g.lan) report("HS106", `a public name goes through gateway ${key} of ${e.cluster}, which serves the LAN only (lan: true)`, keyDecl, "publish through a gateway without lan: true, or use exposeLan for a LAN name");
      if (lan && g.address === undefined) report("HS107", `LAN names through gateway ${key} of ${e.cluster} need its LAN address: the LAN resolver answers with it`, g.decl, `set clusters.${e.cluster}.gateways.${key}.address`);
      checkAuth(ctx, e, g.kind);
    }
    // A name once per gateway; covered by the gateway's certificate when its names are set by hand.
    for (const { gateway: g, routes } of routing.gateways.gateways) {
      const seen = new Map<string, string>();
      for (const r of routes) {
        for (const h of r.hostnames) {
          const decl = r.nameDecl.get(hostKey(h))!;
          const first = seen.get(hostKey(h));
          if (first !== undefined) report("HS108", `${h} is routed twice by gateway ${g.key} of ${g.cluster} (also by ${first})`, decl, "each name routes to one Service on a gateway");
          else seen.set(hostKey(h), `${r.app.name}'s route`);
          if (g.tlsNames && !g.tlsNames.some((n) => covers(n, h))) {
            report("HS109", `${h} is not covered by the certificate of gateway ${g.key} of ${g.cluster} (${g.tlsNames.join(", ")}): the HTTPS listener would serve the wrong certificate`, decl, `add ${h} (or a wildcard of its parent) to clusters.${g.cluster}.gateways.${g.key}.tlsNames`);
          }
        }
      }
    }
    // One DNS owner per name: a LAN name is never a public one too.
    const publicNames = new Map(routing.routes.filter((r) => r.scope === "public").map((r) => [r.key, r]));
    for (const e of routing.lanExposures) {
      const p = publicNames.get(hostKey(e.expose.fqdn));
      if (p) report("HS112", `${e.expose.fqdn} is a LAN name and a public name too (${p.app} on ${p.cluster}): public DNS would publish what is meant for the LAN`, e.at.fqdn, "give the LAN name its own name (a LAN zone, e.g. home.example.org)");
    }
  },
};

function checkAuth(ctx: RuleContext, e: Exposure | LanExposure, kind: "envoy" | "nginx"): void {
  const name = e.expose.auth;
  if (name === undefined) return;
  const providers = ctx.model.platform.auth ?? new Map();
  const p = providers.get(name);
  if (!p) {
    const guess = closest(name, [...providers.keys()]);
    ctx.report("HS110", `auth ${name} names no provider of homescale.yaml auth (${[...providers.keys()].join(", ") || "none"})`, e.at.auth, guess !== undefined ? `did you mean ${guess}?` : "add it under auth in homescale.yaml");
    return;
  }
  if (p.cluster !== e.cluster) ctx.report("HS111", `auth ${name} runs on ${p.cluster}, but the route is on ${e.cluster}: Envoy asks a Service of its own cluster`, e.at.auth, `run an auth provider on ${e.cluster} and name it here`);
  if (kind !== "envoy") ctx.report("HS111", `auth ${name} on an nginx gateway: ext-auth is an Envoy Gateway SecurityPolicy`, e.at.auth, "route the name through an envoy gateway");
}
