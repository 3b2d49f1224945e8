/**
 * Public names: every hostname the internet can resolve to an app, as the Terraform renderers
 * publish them (tunnel ingress, NetBird reverse-proxy services and their aliases). `plan` diffs
 * two revisions' lists.
 */
import type { SourceText } from "../diag/locate.js";
import { compareCodePoints } from "../core/compare-code-points.js";
import { clusterServiceUrl } from "../render/terraform/cloudflare.js";
import { proxyRoutes, tunnelRoutes } from "../render/terraform/public-names.js";
import { origin } from "../model/resolve.js";
import type { Model } from "../model/types.js";
import { DeclarationLocator } from "./locate-declaration.js";

export interface PublicName {
  fqdn: string;
  app: string;
  cluster: string;
  via: "tunnel" | "netbird-proxy";
  /** tunnel: the in-cluster URL; netbird-proxy: the internal name and port the proxy forwards to. */
  target: string;
  /** Where the name is written (exposePublic.fqdn or .alias). */
  file: string;
  /** 1-based; 0 when the source text is not at hand. */
  line: number;
}

export function publicNames(model: Model, sources?: ReadonlyMap<string, SourceText>): PublicName[] {
  const loc = new DeclarationLocator(sources);
  const out: PublicName[] = [];
  for (const routes of tunnelRoutes(model).values()) {
    for (const r of routes) {
      const e = r.exposure;
      out.push({
        fqdn: e.expose.fqdn,
        app: e.app.name,
        cluster: e.cluster,
        via: "tunnel",
        target: clusterServiceUrl(r.service, r.namespace, e.expose.port),
        file: e.app.file,
        line: loc.line({ file: e.app.file, path: e.fqdnPath }) ?? 0,
      });
    }
  }
  for (const r of proxyRoutes(model)) {
    const e = r.exposure;
    r.names.forEach((n, i) => {
      const path = i === 0 ? e.fqdnPath : origin(e.app, e.cluster, ["exposePublic", "alias"]);
      out.push({
        fqdn: n.name,
        app: e.app.name,
        cluster: e.cluster,
        via: "netbird-proxy",
        target: `${r.internal}:${e.expose.port}`,
        file: e.app.file,
        line: loc.line({ file: e.app.file, path }) ?? 0,
      });
    });
  }
  return out.sort((a, b) => compareCodePoints(a.fqdn, b.fqdn) || compareCodePoints(a.cluster, b.cluster) || compareCodePoints(a.app, b.app));
}
