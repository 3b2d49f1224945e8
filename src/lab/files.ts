/**
 * The files `build` wrote, read as the engines read them: the edge's two wg-quick files, its
 * ruleset and HAProxy's configuration (run as they are, but for the filled-in references), the
 * Cloudflare records (where each name resolves), and the cluster's objects (how the gateway routes a
 * name, and whether it takes the PROXY protocol). The lab's topology comes from here, never from a
 * second description.
 */
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import type { EdgeExpectation } from "./expect.js";
import { readWgQuick, type WgQuick } from "./wg-conf.js";

export interface Frontend {
  bind: { address: string; port: number };
  server: { name: string; address: string; port: number; proxy: boolean };
}

export interface GatewayRoute {
  hosts: string[];
  app: string;
}

export interface EdgeFiles {
  dir: string;
  vpsWg: { text: string; q: WgQuick };
  homeWg: { text: string; q: WgQuick };
  nftables: string;
  haproxyPath: string;
  frontends: Frontend[];
  /** Where public DNS sends each name (the A record at the end of its CNAME), from cloudflare.tf.json. */
  resolve(name: string): string | undefined;
  gateway: { proxy: boolean; redirect: 301 | 308; routes: GatewayRoute[] };
}

export class FilesError extends Error {}

function read(file: string): string {
  if (!fs.existsSync(file)) throw new FilesError(`${file} is missing: build wrote no such file`);
  return fs.readFileSync(file, "utf8");
}

function hostPort(s: string): { address: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(s);
  if (!m) throw new FilesError(`not address:port: ${s}`);
  return { address: m[1]!, port: Number(m[2]) };
}

export function parseHaproxy(text: string): Frontend[] {
  const sections: { kind: string; name: string; lines: string[] }[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trimEnd();
    if (line.trim() === "") continue;
    const head = /^(frontend|backend|global|defaults|listen)\s*(\S*)/.exec(line);
    if (head && !/^\s/.test(line)) sections.push({ kind: head[1]!, name: head[2]!, lines: [] });
    else sections.at(-1)?.lines.push(line.trim());
  }
  const out: Frontend[] = [];
  for (const fe of sections.filter((s) => s.kind === "frontend")) {
    const bind = fe.lines.find((l) => l.startsWith("bind "))?.split(/\s+/)[1];
    const be = fe.lines.find((l) => l.startsWith("default_backend "))?.split(/\s+/)[1];
    const backend = sections.find((s) => s.kind === "backend" && s.name === be);
    const server = backend?.lines.find((l) => l.startsWith("server "))?.split(/\s+/);
    if (!bind || !server) throw new FilesError(`haproxy.cfg: frontend ${fe.name} has no bind or no server`);
    out.push({ bind: hostPort(bind), server: { name: server[1]!, ...hostPort(server[2]!), proxy: server.includes("send-proxy-v2") || server.includes("send-proxy") } });
  }
  return out;
}

type Tf = { resource?: Record<string, Record<string, Record<string, unknown>>> };

/** A DNS lookup over the records: exact name, else the closest wildcard; CNAMEs followed to an A record. */
export function resolver(tf: Tf): (name: string) => string | undefined {
  const records = Object.values(tf.resource?.cloudflare_dns_record ?? {}).map((r) => ({ name: String(r.name).toLowerCase(), type: String(r.type), content: String(r.content) }));
  const find = (host: string) => {
    const h = host.toLowerCase();
    const exact = records.find((r) => r.name === h);
    if (exact) return exact;
    const labels = h.split(".");
    for (let i = 1; i < labels.length; i++) {
      const w = records.find((r) => r.name === `*.${labels.slice(i).join(".")}`);
      if (w) return w;
    }
    return undefined;
  };
  return (name) => {
    let host = name;
    for (let hop = 0; hop < 8; hop++) {
      const r = find(host);
      if (!r) return undefined;
      if (r.type === "A") return r.content;
      if (r.type !== "CNAME") return undefined;
      host = r.content;
    }
    return undefined;
  };
}

type Obj = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

/** How the gateway of the expectation routes, from the cluster's objects. */
export function gatewaySide(objects: readonly Obj[], x: EdgeExpectation): EdgeFiles["gateway"] {
  const g = x.gateway;
  const appOf = (o: Obj): string => o.metadata?.labels?.[`app.${x.labelDomain}/name`] ?? o.metadata?.name ?? "";
  if (g.kind === "nginx") {
    const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === g.serviceName && o.metadata?.namespace === g.serviceNamespace);
    const routes = objects
      .filter((o) => o.kind === "Ingress" && o.spec?.ingressClassName === g.className)
      .map((o) => ({ hosts: (o.spec.rules as { host: string }[]).map((r) => r.host), app: appOf(o) }));
    // ingress-nginx answers plain HTTP for a name with TLS by a permanent redirect (308).
    return { proxy: config?.data?.["use-proxy-protocol"] === "true", redirect: 308, routes };
  }
  const policy = objects.find(
    (o) => o.kind === "ClientTrafficPolicy" && o.metadata?.namespace === g.namespace && (o.spec?.targetRefs as { name: string }[] | undefined)?.some((t) => t.name === g.name),
  );
  const proxy = policy !== undefined && ((policy.spec.proxyProtocol !== undefined && policy.spec.proxyProtocol.optional !== true) || policy.spec.enableProxyProtocol === true);
  const routes = objects
    .filter((o) => o.kind === "HTTPRoute" && (o.spec?.parentRefs as { name: string; sectionName?: string }[]).some((p) => p.name === g.name && p.sectionName !== "http") && Array.isArray(o.spec?.hostnames))
    .map((o) => ({ hosts: o.spec.hostnames as string[], app: appOf(o) }));
  // The Gateway's HTTP listener carries only homescale's redirect route (301).
  return { proxy, redirect: 301, routes };
}

export function readEdgeFiles(out: string, x: EdgeExpectation): EdgeFiles {
  const dir = path.join(out, "edges", x.edge);
  const vps = read(path.join(dir, "vps", "wg0.conf"));
  const home = read(path.join(dir, "home", "wg0.conf"));
  const haproxyPath = path.join(dir, "home", "haproxy.cfg");
  let vpsQ: WgQuick;
  let homeQ: WgQuick;
  try {
    vpsQ = readWgQuick(vps);
    homeQ = readWgQuick(home);
  } catch (e) {
    throw new FilesError(`edges/${x.edge}: ${(e as Error).message}`);
  }
  const tfFile = path.join(out, "terraform", "cloudflare.tf.json");
  const tf = fs.existsSync(tfFile) ? (JSON.parse(read(tfFile)) as Tf) : {};
  const network = path.join(out, "clusters", x.cluster, "network.yaml");
  const objects = fs.existsSync(network) ? (yaml.loadAll(read(network)) as Obj[]).filter((o) => o !== null && typeof o === "object") : [];
  return {
    dir,
    vpsWg: { text: vps, q: vpsQ },
    homeWg: { text: home, q: homeQ },
    nftables: read(path.join(dir, "vps", "nftables.conf")),
    haproxyPath,
    frontends: parseHaproxy(read(haproxyPath)),
    resolve: resolver(tf),
    gateway: gatewaySide(objects, x),
  };
}
