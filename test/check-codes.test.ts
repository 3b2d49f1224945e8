/**
 * One fixture per diagnostic code: a minimal repository, and the exact list of `CODE file:line:column`
 * that `homescale check` reports for it (so no extra diagnostic sneaks in). Positions are the
 * offending token: the key for unknown fields and bad names, the value for wrong types and values.
 * Every code of src/diag/codes.ts has a row, or an entry in SKIPPED with the reason.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { mock, test } from "node:test";
import { codes } from "../src/diag/codes.js";
import { checkJson, tempDir, writeRepo } from "./helpers.js";

type Files = Record<string, string | Uint8Array | null>;

const PLATFORM = lines(
  "apiVersion: homescale.dev/v1alpha1",
  "kind: Platform",
  "clusters:",
  "  mgmt: {role: management}",
  "  prod: {role: workload}",
);
const CATALOG = lines("repoURL: https://example.com/platform.git", "targetRevision: main");

/**
 * homescale.yaml with prod's addressing, pool and two gateways (external public, internal LAN), as
 * lines 1-13: network at 6-9 (nodes 7), the pool at 10-11, gateways external 12, internal 13.
 */
function NET_PLATFORM(o: { pool?: string; gateway?: string; internal?: string | null; tlsNames?: string }): string {
  const internal = o.internal === null ? "{kind: envoy, lan: true}" : `{kind: envoy, address: ${o.internal ?? "192.168.5.12"}, lan: true${o.tlsNames ? `, tlsNames: ${o.tlsNames}` : ""}}`;
  return lines(
    "apiVersion: homescale.dev/v1alpha1",
    "kind: Platform",
    "clusters:",
    "  mgmt: {role: management}",
    "  prod:",
    "    network:",
    "      nodes: 192.168.5.0/24",
    "      pods: 10.42.0.0/16",
    "      services: 10.43.0.0/16",
    `    loadBalancer: {provider: cilium, addresses: ["${o.pool ?? "192.168.5.10-192.168.5.30"}"]}`,
    "    gateways:",
    `      external: {kind: envoy, address: ${o.gateway ?? "192.168.5.11"}}`,
    `      internal: ${internal}`,
  );
}

function lines(...ls: string[]): string {
  return ls.map((l) => `${l}\n`).join("");
}

/** An app.yaml enabled everywhere. Lines 1-3 are fixed, so `more` starts at line 4. */
function app(name: string, ...more: string[]): string {
  return lines(`path: apps/${name}`, `namespace: ${name}`, "defaultDeploy: true", ...more);
}

/** The common base: homescale.yaml, apps/values.yaml and the given apps; `extra` adds or (null) removes files. */
function repo(apps: Record<string, string>, extra: Files = {}): Files {
  const files: Files = { "homescale.yaml": PLATFORM, "apps/values.yaml": CATALOG };
  for (const [name, text] of Object.entries(apps)) files[`apps/${name}/app.yaml`] = text;
  return { ...files, ...extra };
}

function write(files: Files): string {
  return writeRepo(Object.fromEntries(Object.entries(files).filter((e): e is [string, string | Uint8Array] => e[1] !== null)));
}

/** HomeScale's app-of-apps in clusters/prod/, beside homescale.yaml's argocd settings `argocd`. */
function appOfAppsWith(...argocd: string[]): Files {
  return repo(
    { web: app("web") },
    {
      "homescale.yaml": PLATFORM + lines("argocd:", ...argocd),
      "clusters/prod/apps.yaml": lines("apiVersion: argoproj.io/v1alpha1", "kind: Application", "metadata:", "  name: apps-prod"),
    },
  );
}

/** The tunnel connector, enabled on prod only, for rows that publish a name. */
const CLOUDFLARED = lines("path: apps/cloudflared", "namespace: cloudflared", "clusters:", "  prod:", "    deploy: true");

const exposeOn = (cluster: string, fqdn: string) => ["exposePublic:", `  cluster: ${cluster}`, `  fqdn: ${fqdn}`, "  port: 80"];

/** clusters/prod/apps.yaml as HomeScale writes it today: the catalog rendered with a values string; `apps` lines follow apps:. */
const BOOTSTRAP = (...apps: string[]) =>
  lines(
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata:",
    "  name: apps-prod",
    "spec:",
    "  source:",
    "    path: apps",
    "    helm:",
    "      values: |",
    "          cluster: {name: prod}",
    "          apps:",
    ...apps,
  );

/** A Service the Tailscale operator exposes, as an app's chart template declares it. */
const SERVICE = (name: string, hostname: string, tags: string) =>
  lines(
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    `  name: ${name}`,
    "  annotations:",
    `    tailscale.com/hostname: "${hostname}-{{ .Values.cluster.name }}"`,
    `    tailscale.com/tags: "${tags}"`,
    "spec:",
    "  type: LoadBalancer",
    "  loadBalancerClass: tailscale",
    "  ports: [{port: 80}]",
  );

/** A platform on Tailscale whose app web has one rule with these sources and a Service of its chart. */
function tailnet(sources: string[], svc: { hostname?: string; tags?: string } = {}, extra: Files = {}): Files {
  const quoted = sources.map((x) => JSON.stringify(x)).join(", ");
  return repo(
    { web: app("web", "tailscale:", "  policy:", "    rules:", `      - {protocol: tcp, sources: [${quoted}]}`, "values:", "  cluster: {name: '{{ .Values.cluster.name }}'}") },
    {
      "homescale.yaml": PLATFORM + "mesh: tailscale\n",
      "apps/web/templates/svc.yaml": SERVICE("web", svc.hostname ?? "web", svc.tags ?? "tag:k8s,tag:app-web"),
      ...extra,
    },
  );
}

/** A chart's NetBird NetworkResource (metadata.name at line 4, column 3); the router is the cluster's unless named. */
function NETWORK_RESOURCE(o: { router?: string; service?: string; groups?: string[] } = {}): string {
  return lines(
    "apiVersion: netbird.io/v1alpha1",
    "kind: NetworkResource",
    "metadata:",
    "  name: web",
    "spec:",
    `  networkRouterRef: {name: '${o.router ?? "{{ .Values.cluster.name }}"}', namespace: netbird}`,
    `  serviceRef: {name: ${o.service ?? "web"}}`,
    `  groups: [${(o.groups ?? ["app-web"]).map((g) => `{name: ${g}}`).join(", ")}]`,
  );
}
const CLUSTER_VALUES = ["values:", "  cluster: {name: '{{ .Values.cluster.name }}'}"];
const WEB_RULE = ["netbird:", "  policy:", "    rules:", "      - {sources: [all], protocol: tcp}"];

const BILLION_LAUGHS = lines(
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
  "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
  "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
  "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
  "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
);

/** An Omni template (its file patch at line 8, the ControlPlane from line 11, an inline patch at 16), as HomeScale writes them. */
const TPL = "clusters/prod/cluster.yaml";
const BASE = "infra/omni/patches/base.yaml";
const TEMPLATE = lines(
  "kind: Cluster",
  "name: ${CLUSTER_NAME}",
  "kubernetes:",
  "  version: v1.36.2",
  "talos:",
  "  version: v1.13.4",
  "patches:",
  "  - file: patches/base.yaml",
  "systemExtensions: [siderolabs/cloudflared]",
  "---",
  "kind: ControlPlane",
  "machineClass:",
  "  name: metal",
  "  size: 3",
  "patches:",
  "  - name: disk",
  "    inline: {machine: {install: {diskSelector: {type: nvme}}}}",
);
const BASE_PATCH = lines("machine:", "  nodeLabels:", "    cluster.example.com/name: ${CLUSTER_NAME}");
const MACHINE_CLASS = lines("metadata:", "  namespace: default", "  type: MachineClasses.omni.sidero.dev", "  id: metal", "spec:", "  matchlabels: [region = a]");
/** homescale.yaml with three Talos nodes on prod (talos at line 8, the nodes at 12-14). */
const PLATFORM_TALOS = lines(
  "apiVersion: homescale.dev/v1alpha1",
  "kind: Platform",
  "clusters:",
  "  mgmt: {role: management}",
  "  prod:",
  "    role: workload",
  "    network: {nodes: 192.168.50.0/24, pods: 10.244.0.0/16, services: 10.96.0.0/12}",
  "    talos:",
  "      version: v1.13.4",
  "      extensions: [cloudflared]",
  "      nodes:",
  "        - {name: cp1, address: 192.168.50.10, interface: eno1, controlPlane: true}",
  "        - {name: cp2, address: 192.168.50.11, interface: eno1, controlPlane: true}",
  "        - {name: cp3, address: 192.168.50.12, interface: eno1, controlPlane: true}",
);

function omni(extra: Files = {}, template = TEMPLATE): Files {
  return repo({ web: app("web") }, { [TPL]: template, [BASE]: BASE_PATCH, "infra/omni/machineclasses/metal.yaml": MACHINE_CLASS, ...extra });
}

interface Row {
  /** What the row shows. */
  name: string;
  files: Files;
  /** Every diagnostic, as `CODE file:line:column`, in output order. */
  expect: string[];
  /** Exact hints of some of them, by the same key. */
  hints?: Record<string, string>;
  /** Changes to the written repository that writeRepo cannot express; may return an undo. */
  arrange?: (dir: string) => (() => void) | void;
  /** Upper bound on the check's wall time. */
  maxMs?: number;
}

/** Codes without a fixture, each with the reason (yaml-test-suite habit). Empty: every code has one. */
const SKIPPED: Partial<Record<keyof typeof codes, string>> = {};

const W = "apps/web/app.yaml";

const KEY_VPS = "C7jdpkaBJgmehFXhc/r0a8a92h20bSdXsOga/ZmNDwg=";
const KEY_HOME = "SolQ3efbbC3cCzKrhd7RZq5p0lUSC+OSkdrqwfZt9Fw=";

/**
 * NET_PLATFORM (lines 1-13) with the zone example.com (14-15) and an edge (16-17 `edges:`, `  vps:`),
 * whose lines start at 18: by default its address (18), tunnel with both public keys (19), cluster
 * (20) and ports (21). `gateway` replaces prod's external gateway; `name` the edge's name.
 */
function EDGE_PLATFORM(o: { edge?: string[]; more?: string[]; gateway?: string; zones?: boolean; name?: string } = {}): string {
  const base = NET_PLATFORM({}).replace("external: {kind: envoy, address: 192.168.5.11}", o.gateway ?? "external: {kind: envoy, address: 192.168.5.11}");
  return (
    base +
    lines(
      ...(o.zones === false ? ["cloudflare:", "  accountId: abc"] : ["cloudflare:", "  zones: [example.com]"]),
      "edges:",
      `  ${o.name ?? "vps"}:`,
      ...(o.edge ?? [
        "    address: 203.0.113.10",
        `    wireguard: {subnet: 10.10.10.0/24, vps: {publicKey: ${KEY_VPS}}, home: {publicKey: ${KEY_HOME}}}`,
        "    cluster: prod",
        "    ports: [{listen: 443, to: 32443}, {listen: 80, to: 32080}]",
      ]),
      ...(o.more ?? []),
    )
  );
}
const EDGE_KEYS = `    wireguard: {subnet: 10.10.10.0/24, vps: {publicKey: ${KEY_VPS}}, home: {publicKey: ${KEY_HOME}}}`;
const viaEdge = (edge = "vps", cluster = "prod") => ["exposePublic:", `  - {cluster: ${cluster}, fqdn: web.example.com, port: 80, via: edge, edge: ${edge}}`];

const rows: Row[] = [
  // --- load and YAML ---------------------------------------------------------------------------
  {
    name: "HS001 an unclosed quote points at the quote that opened it",
    files: repo({ web: lines("path: apps/web", 'namespace: "web', "defaultDeploy: true") }),
    expect: [`HS001 ${W}:2:12`],
  },
  {
    name: "HS001 a key out of line with its siblings",
    files: repo({ web: app("web", "values:", "  a: 1", " b: 2") }),
    expect: [`HS001 ${W}:6:1`],
  },
  {
    name: "HS002 duplicate key: the second occurrence",
    files: repo({ web: app("web", "namespace: other") }),
    expect: [`HS002 ${W}:4:1`],
    hints: { [`HS002 ${W}:4:1`]: "remove one of the two, or merge their contents" },
  },
  {
    name: "HS003 tab used for indentation",
    files: repo({ web: app("web", "values:", "\tkey: v") }),
    expect: [`HS003 ${W}:5:1`],
  },
  {
    name: "HS004 not UTF-8: the line and column of the first bad byte",
    files: repo({}, { [W]: Buffer.concat([Buffer.from(`${app("web")}# caf`), Buffer.from([0xe9, 0x0a])]) }),
    expect: [`HS004 ${W}:4:6`],
  },
  {
    name: "HS005 two documents: the separator",
    files: repo({ web: app("web", "---", "path: apps/other") }),
    expect: [`HS005 ${W}:4:1`],
  },
  {
    name: "HS006 a billion laughs in an app's values stops at the first alias, fast",
    files: repo({ web: app("web", "values:", ...BILLION_LAUGHS.trimEnd().split("\n").map((l) => `  ${l}`)) }),
    expect: [`HS006 ${W}:6:10`],
    maxMs: 2000,
  },
  {
    name: "HS006 a billion laughs as the whole catalog file",
    files: repo({ web: app("web") }, { "apps/values.yaml": BILLION_LAUGHS }),
    expect: ["HS006 apps/values.yaml:2:8"],
    maxMs: 2000,
  },
  {
    name: "HS007 a file over 1 MiB is reported, not parsed",
    files: repo({ web: app("web", "values:", `  blob: "${"x".repeat(1024 * 1024)}"`) }),
    expect: [`HS007 ${W}:1:1`],
  },
  {
    name: "HS008 yes/no/on/off/y/n unquoted, values and keys; the hint has the quoted fix",
    files: repo({ web: app("web", "values:", "  a: yes", "  b: No", "  c: on", "  d: OFF", "  e: y", "  f: n", "  y: 1", "  q: ['yes', \"no\"]") }),
    expect: [
      `HS008 ${W}:5:6`,
      `HS008 ${W}:6:6`,
      `HS008 ${W}:7:6`,
      `HS008 ${W}:8:6`,
      `HS008 ${W}:9:6`,
      `HS008 ${W}:10:6`,
      `HS008 ${W}:11:3`,
    ],
    hints: {
      [`HS008 ${W}:5:6`]: "quote it: 'yes', or write true for a boolean",
      [`HS008 ${W}:10:6`]: "quote it: 'n', or write false for a boolean",
    },
  },
  {
    name: "HS009 octal, base 60, digit separators, 1e3",
    files: repo({ web: app("web", "values:", "  mode: 0755", "  time: 1:30", "  size: 1_000", "  big: 1e3", "  ok: 755") }),
    expect: [`HS009 ${W}:5:9`, `HS009 ${W}:6:9`, `HS009 ${W}:7:9`, `HS009 ${W}:8:8`],
    hints: {
      [`HS009 ${W}:5:9`]: "quote it: '0755'",
      [`HS009 ${W}:6:9`]: "quote it: '1:30'",
      [`HS009 ${W}:7:9`]: "quote it: '1_000'",
    },
  },
  {
    name: "HS010 an unquoted date",
    files: repo({ web: app("web", "values:", "  since: 2024-01-02", "  quoted: '2024-01-02'") }),
    expect: [`HS010 ${W}:5:10`],
    hints: { [`HS010 ${W}:5:10`]: "quote it: '2024-01-02'" },
  },
  // --- schema -----------------------------------------------------------------------------------
  {
    name: "HS020 unknown field: the key, with did-you-mean",
    files: repo({ web: app("web", "namespac: x", "syncwave: 3") }),
    expect: [`HS020 ${W}:4:1`, `HS020 ${W}:5:1`],
    hints: { [`HS020 ${W}:4:1`]: "did you mean namespace?", [`HS020 ${W}:5:1`]: "did you mean syncWave?" },
  },
  {
    name: "HS020 unknown field in a cluster override",
    files: repo({ web: app("web", "clusters:", "  prod:", "    deplyo: false") }),
    expect: [`HS020 ${W}:6:5`],
    hints: { [`HS020 ${W}:6:5`]: "did you mean deploy?" },
  },
  {
    name: "HS020 unknown field in homescale.yaml",
    files: repo({ web: app("web") }, { "homescale.yaml": PLATFORM + lines("domain:", "  internal: int.example.com") }),
    expect: ["HS020 homescale.yaml:6:1"],
    hints: { "HS020 homescale.yaml:6:1": "did you mean domains?" },
  },
  {
    name: "HS020 keys named like Object's own properties are unknown fields too",
    files: repo({ web: app("web", "constructor: 1", "__proto__: {polluted: true}", "clusters:", "  prod:", "    toString: x") }),
    expect: [`HS020 ${W}:4:1`, `HS020 ${W}:5:1`, `HS020 ${W}:8:5`],
  },
  {
    name: "HS021 defaultDeploy: flase",
    files: repo({ web: lines("path: apps/web", "namespace: web", "defaultDeploy: flase") }),
    expect: [`HS021 ${W}:3:16`],
    hints: { [`HS021 ${W}:3:16`]: "did you mean false?" },
  },
  {
    name: "HS021 a list where a mapping belongs, and a whole file that is a list",
    files: repo({ web: app("web", "values: [a, b]"), api: lines("- path: apps/api") }),
    expect: ["HS021 apps/api/app.yaml:1:1", `HS021 ${W}:4:9`],
  },
  {
    name: "HS021 binary data is not a mapping",
    files: repo({ web: app("web", "values: !!binary aGVsbG8="), api: lines("!!binary aGVsbG8=") }),
    expect: ["HS021 apps/api/app.yaml:1:10", `HS021 ${W}:4:18`],
  },
  {
    name: "HS021 an empty cluster override points at its key",
    files: repo({ web: app("web", "clusters:", "  prod:") }),
    expect: [`HS021 ${W}:5:3`],
  },
  {
    name: "HS022 missing path and namespace",
    files: repo({ web: lines("defaultDeploy: true") }),
    expect: [`HS022 ${W}:1:1`, `HS022 ${W}:1:1`],
  },
  {
    name: "HS022 missing namespace, with the hint",
    files: repo({ web: lines("path: apps/web", "defaultDeploy: true") }),
    expect: [`HS022 ${W}:1:1`],
    hints: { [`HS022 ${W}:1:1`]: "add namespace: <name>, where the app deploys" },
  },
  {
    name: "HS022 missing exposePublic.fqdn points at exposePublic",
    files: repo({ web: app("web", "exposePublic:", "  cluster: prod", "  port: 80") }),
    expect: [`HS022 ${W}:4:1`],
  },
  {
    name: "HS023 protocol and podSecurity outside their sets",
    files: repo({
      web: app("web", "podSecurity: strict", "netbird:", "  policy:", "    rules:", "      - sources: [all]", "        protocol: tpc"),
    }),
    expect: [`HS023 ${W}:4:14`, `HS023 ${W}:9:19`],
    hints: { [`HS023 ${W}:9:19`]: "did you mean tcp?" },
  },
  {
    name: "HS024 ports that are not strings of 1-65535",
    files: repo({
      web: app(
        "web",
        "netbird:",
        "  policy:",
        "    rules:",
        "      - sources: [all]",
        "        protocol: tcp",
        '        ports: [443, "0", "65536", "080", "65535"]',
        ...exposeOn("prod", "www.example.com").map((l) => (l === "  port: 80" ? "  port: 70000" : l)),
      ),
    }),
    expect: [`HS024 ${W}:9:17`, `HS024 ${W}:9:22`, `HS024 ${W}:9:27`, `HS024 ${W}:9:36`, `HS024 ${W}:13:9`],
    hints: { [`HS024 ${W}:9:17`]: 'quote it: "443"' },
  },
  {
    name: "HS025 a syncWave that is not an integer",
    files: repo({
      a: lines("path: apps/a", "namespace: a", "syncWave: 1.5"),
      b: lines("path: apps/b", "namespace: b", 'syncWave: "3"'),
      c: lines("path: apps/c", "namespace: c", "clusters:", "  prod:", "    syncWave: early"),
    }),
    // In the same run, the rules go on with the rest of each file: none of the three is enabled anywhere.
    expect: [
      "HS072 apps/a/app.yaml:1:7",
      "HS025 apps/a/app.yaml:3:11",
      "HS072 apps/b/app.yaml:1:7",
      "HS025 apps/b/app.yaml:3:11",
      "HS072 apps/c/app.yaml:1:7",
      "HS025 apps/c/app.yaml:5:15",
    ],
    hints: { "HS025 apps/a/app.yaml:3:11": "use a whole number, such as 2", "HS025 apps/b/app.yaml:3:11": "write 3 without quotes" },
  },
  {
    name: "HS026 apiVersion and kind of homescale.yaml",
    files: repo({ web: app("web") }, { "homescale.yaml": PLATFORM.replace("v1alpha1", "v1").replace("kind: Platform", "kind: Platfrom") }),
    expect: ["HS026 homescale.yaml:1:13", "HS026 homescale.yaml:2:7"],
  },
  {
    name: "HS027 an empty releaseName, a subnet that is no CIDR",
    files: repo(
      { web: app("web", 'releaseName: ""') },
      { "homescale.yaml": PLATFORM + lines("  gw: {role: gateway, routedSubnets: [10.1.0.0/16, 10.2.0.0]}") },
    ),
    expect: [`HS027 ${W}:4:14`, "HS027 homescale.yaml:6:52"],
  },
  // --- names ------------------------------------------------------------------------------------
  {
    name: "HS040 an app folder that is not a DNS-1123 label",
    files: repo({ Web_App: lines("path: apps/Web_App", "namespace: web", "defaultDeploy: true") }),
    expect: ["HS040 apps/Web_App/app.yaml:1:7"],
    hints: { "HS040 apps/Web_App/app.yaml:1:7": "rename the folder: use lowercase letters, digits and '-', at most 63 characters: web-app" },
  },
  {
    name: "HS041 namespaces that are not DNS-1123 labels, base and override",
    files: repo({ web: lines("path: apps/web", "namespace: Web_NS", "defaultDeploy: true", "clusters:", "  prod:", "    namespace: web.prod") }),
    expect: [`HS041 ${W}:2:12`, `HS041 ${W}:6:16`],
  },
  {
    name: "HS042 applicationNamePrefix + folder over 63 characters",
    files: repo({ [`a${"b".repeat(49)}`]: app(`a${"b".repeat(49)}`).replace(/namespace: .*/, "namespace: long") }, {
      "apps/values.yaml": CATALOG + lines("applicationNamePrefix: homescale-platform"),
    }),
    expect: [`HS042 apps/a${"b".repeat(49)}/app.yaml:1:7`],
  },
  {
    name: "HS043 two apps that the 63-character cut makes one",
    files: repo(
      {
        [`${"x".repeat(45)}-one`]: app(`${"x".repeat(45)}-one`).replace(/namespace: .*/, "namespace: one"),
        [`${"x".repeat(45)}-two`]: app(`${"x".repeat(45)}-two`).replace(/namespace: .*/, "namespace: two"),
      },
      { "apps/values.yaml": CATALOG + lines("applicationNamePrefix: homescale-platform") },
    ),
    expect: [
      `HS042 apps/${"x".repeat(45)}-one/app.yaml:1:7`,
      `HS042 apps/${"x".repeat(45)}-two/app.yaml:1:7`,
      `HS043 apps/${"x".repeat(45)}-two/app.yaml:1:7`,
    ],
  },
  {
    name: "HS044 a cluster name that is not a DNS-1123 label: the key",
    files: repo({ web: app("web") }, { "homescale.yaml": PLATFORM.replace("prod:", "Prod_1:") }),
    expect: ["HS044 homescale.yaml:5:3"],
  },
  // --- references -------------------------------------------------------------------------------
  {
    name: "HS050 clusters.<name> naming no cluster: the key",
    files: repo({ web: app("web", "clusters:", "  prd:", "    deploy: false") }),
    expect: [`HS050 ${W}:5:3`],
    hints: { [`HS050 ${W}:5:3`]: "did you mean prod?" },
  },
  {
    name: "HS051 and HS052 policy sources: outside the set, app:<name> naming no app",
    files: repo({
      web: app("web", "netbird:", "  policy:", "    rules:", "      - sources: [al, team-infra, app:wbe, app:web]", "        protocol: tcp", "service: web"),
    }),
    expect: [`HS051 ${W}:7:19`, `HS051 ${W}:7:23`, `HS052 ${W}:7:35`],
    hints: { [`HS051 ${W}:7:19`]: "did you mean all?", [`HS052 ${W}:7:35`]: "did you mean app:web?" },
  },
  {
    name: "HS051 the configured set replaces the default one",
    files: repo(
      { web: app("web", "netbird:", "  policy:", "    rules:", "      - sources: [admins, all]", "        protocol: all", "service: web") },
      { "homescale.yaml": PLATFORM + lines("netbird:", "  sources:", "    admins: {group: Admins}") },
    ),
    expect: [`HS051 ${W}:7:27`],
    hints: { [`HS051 ${W}:7:27`]: "add it under netbird.sources in homescale.yaml" },
  },
  {
    name: "HS053 exposePublic.cluster naming no cluster",
    files: repo({ web: app("web", ...exposeOn("prd", "www.example.com")) }),
    expect: [`HS053 ${W}:5:12`],
    hints: { [`HS053 ${W}:5:12`]: "did you mean prod?" },
  },
  {
    name: "HS054 exposePublic.cluster where the app is not enabled",
    files: repo({
      cloudflared: CLOUDFLARED,
      web: lines("path: apps/web", "namespace: web", "clusters:", "  mgmt:", "    deploy: true", ...exposeOn("prod", "www.example.com")),
    }),
    expect: [`HS054 ${W}:7:12`],
  },
  {
    name: "HS055 published through a tunnel on a cluster without the connector",
    files: repo({
      cloudflared: CLOUDFLARED.replace("prod:", "mgmt:"),
      web: app("web", ...exposeOn("prod", "www.example.com")),
    }),
    expect: [`HS055 ${W}:5:12`],
    hints: { [`HS055 ${W}:5:12`]: "enable cloudflared on prod (clusters.prod.deploy: true)" },
  },
  {
    name: "HS055 published through a tunnel, no connector app at all",
    files: repo({ web: app("web", ...exposeOn("prod", "www.example.com")) }),
    expect: [`HS055 ${W}:5:12`],
    hints: { [`HS055 ${W}:5:12`]: "add the cloudflared app" },
  },
  {
    name: "HS056 one public name claimed twice (case does not make it another)",
    files: repo({
      api: app("api", ...exposeOn("prod", "www.example.com")),
      cloudflared: CLOUDFLARED,
      web: app("web", ...exposeOn("prod", "WWW.example.com")),
    }),
    expect: [`HS056 ${W}:6:9`],
  },
  {
    name: "HS057 a public name outside cloudflare.zones",
    files: repo(
      { cloudflared: CLOUDFLARED, web: app("web", ...exposeOn("prod", "www.example.org")) },
      { "homescale.yaml": PLATFORM + lines("cloudflare:", "  zones: [example.com]") },
    ),
    expect: [`HS057 ${W}:6:9`],
  },
  {
    name: "HS061 a wildcard on a tunnel that also matches another exposure's name there",
    files: repo({
      cloudflared: CLOUDFLARED,
      grafana: app("grafana", ...exposeOn("prod", "grafana.example.net")),
      wild: app("wild", ...exposeOn("prod", '"*.example.net"')),
    }),
    expect: [`HS061 apps/wild/app.yaml:6:9`],
  },
  {
    name: "HS045 app-web-1 is the second rule of web and the only rule of web-1: reported on web, which comes later in path order",
    files: repo({
      web: app("web", "netbird:", "  policy:", "    rules:", "      - {sources: [all], protocol: tcp, ports: [\"80\"]}", "      - {sources: [all], protocol: udp, ports: [\"80\"]}", "service: web"),
      "web-1": lines("path: apps/web-1", "namespace: web-1", "defaultDeploy: true", "netbird:", "  policy:", "    rules:", "      - {sources: [all], protocol: tcp}", "service: web-1"),
    }),
    expect: [`HS045 ${W}:8:9`],
  },
  {
    name: "HS059 a subnet source and the CI key's source outside the configured set",
    files: repo(
      { web: app("web") },
      {
        "homescale.yaml": lines(
          "apiVersion: homescale.dev/v1alpha1",
          "kind: Platform",
          "clusters:",
          "  mgmt: {role: management}",
          "  gw: {role: gateway, routedSubnets: [10.1.0.0/24], subnetSources: [team-infra-plt, app:web]}",
          "netbird:",
          "  ciSetupKey: {source: github-action}",
        ),
      },
    ),
    expect: ["HS059 homescale.yaml:5:69", "HS059 homescale.yaml:7:24"],
    hints: { "HS059 homescale.yaml:5:69": "did you mean team-infra-plat?", "HS059 homescale.yaml:7:24": "did you mean github-actions?" },
  },
  {
    name: "HS060 routedSubnets on a workload cluster",
    files: repo(
      { web: app("web") },
      { "homescale.yaml": PLATFORM.replace("prod: {role: workload}", "prod: {role: workload, routedSubnets: [10.1.0.0/24]}") },
    ),
    expect: ["HS060 homescale.yaml:5:26"],
  },
  {
    name: "HS058 an override that publishes on another cluster",
    files: repo({
      cloudflared: CLOUDFLARED,
      web: app("web", "clusters:", "  mgmt:", "    exposePublic:", "      cluster: prod", "      fqdn: www.example.com", "      port: 80"),
    }),
    expect: [`HS058 ${W}:7:16`],
  },
  // --- catalog semantics ------------------------------------------------------------------------
  {
    name: "HS070 template expressions outside the subset: the expression itself",
    files: repo({
      web: app(
        "web",
        "values:",
        "  a: '{{ include \"x\" . }}'",
        "  b: 'name-{{ .Release.Name }}'",
        "  c: \"{{ range }}\"",
        "  d: '{{ .Values.cluster.name }}-ok'",
        "  '{{ .Chart.Name }}': key",
      ),
    }),
    expect: [`HS070 ${W}:5:7`, `HS070 ${W}:6:12`, `HS070 ${W}:7:7`, `HS070 ${W}:9:4`],
  },
  {
    name: "HS070 also in annotations, labels and ignoreDifferences, which are rendered too",
    files: repo({
      web: app(
        "web",
        "annotations:",
        "  note: '{{ lookup \"v1\" \"Secret\" \"x\" \"y\" }}'",
        "clusters:",
        "  prod:",
        "    labels:",
        "      team: '{{ .Capabilities.KubeVersion }}'",
      ),
    }),
    expect: [`HS070 ${W}:5:10`, `HS070 ${W}:9:14`],
  },
  {
    name: "HS071 a netbird: block under a cluster override: the key",
    files: repo({ web: app("web", "clusters:", "  prod:", "    netbird:", "      policy: {rules: []}") }),
    expect: [`HS071 ${W}:6:5`],
    hints: { [`HS071 ${W}:6:5`]: "move the rules to the top-level netbird: block of this app.yaml" },
  },
  {
    name: "HS072 an app enabled on no cluster (info)",
    files: repo({ web: lines("path: apps/web", "namespace: web", "defaultDeploy: false"), api: lines("path: apps/api", "namespace: api") }),
    expect: ["HS072 apps/api/app.yaml:1:7", `HS072 ${W}:3:16`],
  },
  {
    name: "HS073 *-crs syncing before its operator",
    files: repo({
      "cert-manager": app("cert-manager", "syncWave: -10"),
      "cert-manager-crs": app("cert-manager-crs", "syncWave: -20").replace("namespace: cert-manager-crs", "namespace: cert-manager"),
    }),
    expect: ["HS073 apps/cert-manager-crs/app.yaml:4:11"],
  },
  {
    name: "HS073 the override's wave when that is where the inversion is",
    files: repo({
      op: app("op", "syncWave: -10"),
      "op-crs": app("op-crs", "clusters:", "  prod:", "    syncWave: -10"),
    }),
    expect: ["HS073 apps/op-crs/app.yaml:6:15"],
  },
  {
    name: "HS074 apps sharing a namespace disagree on podSecurity",
    files: repo({
      a: lines("path: apps/a", "namespace: shared", "defaultDeploy: true", "podSecurity: baseline"),
      b: lines("path: apps/b", "namespace: shared", "defaultDeploy: true", "podSecurity: restricted"),
    }),
    expect: ["HS074 apps/b/app.yaml:4:14"],
  },
  {
    name: "HS075 apps/values.yaml and homescale.yaml disagree on Argo CD's namespace",
    files: repo({ web: app("web") }, { "apps/values.yaml": CATALOG + lines("argocd:", "  namespace: gitops") }),
    expect: ["HS075 apps/values.yaml:4:14"],
  },
  {
    name: "HS076 an app folder without app.yaml",
    files: repo({ web: app("web") }, { "apps/empty/README.md": "notes\n" }),
    expect: ["HS076 apps/empty:1:1"],
  },
  {
    name: "HS077 path that is no app folder",
    files: repo({ web: lines("path: apps/wbe", "namespace: web", "defaultDeploy: true") }),
    expect: [`HS077 ${W}:1:7`],
    hints: { [`HS077 ${W}:1:7`]: "did you mean apps/web?" },
  },
  // --- hostile input: each a code, a position and a hint ------------------------------------------
  {
    name: "HS011 control characters Go's YAML rejects, in a quoted value, a plain one and a comment",
    files: repo({ web: app("web", "values:", '  a: "x\u0000y"', "  b: \u007f", "# \u001b[31m red") }),
    expect: [`HS011 ${W}:5:8`, `HS011 ${W}:6:6`, `HS011 ${W}:7:3`],
    hints: { [`HS011 ${W}:5:8`]: 'remove it; in a double-quoted string write it as an escape: "\\x00"' },
  },
  {
    name: "HS012 an alias to an anchor that is not defined (not an alias bomb)",
    files: repo({ web: app("web", "values:", "  a: *nope", "  b: &x 1", "  c: *x"), api: app("api", "values: {a: *undefined}") }),
    expect: ["HS012 apps/api/app.yaml:4:13", `HS012 ${W}:5:6`],
  },
  {
    name: "HS028 public names: URL, space, underscore, long label, long name, trailing dot, IDN, misplaced wildcards",
    files: repo({
      cloudflared: CLOUDFLARED,
      a1: app("a1", ...exposeOn("prod", "https://www.example.com/x")),
      a2: app("a2", ...exposeOn("prod", "www example.com")),
      a3: app("a3", ...exposeOn("prod", "my_app.example.com")),
      a4: app("a4", ...exposeOn("prod", `${"a".repeat(64)}.example.com`)),
      a5: app("a5", ...exposeOn("prod", `${`${"a".repeat(63)}.`.repeat(4)}com`)),
      a6: app("a6", ...exposeOn("prod", "www.example.com.")),
      a7: app("a7", ...exposeOn("prod", "bücher.example.com")),
      a8: app("a8", ...exposeOn("prod", "a.*.example.com")),
      a9: app("a9", ...exposeOn("prod", "'*www.example.com'")),
      ok: app("ok", ...exposeOn("prod", "'*.example.com'"), "  via: netbird-proxy", "  alias: shop_front.example.com", "service: ok"),
    }),
    expect: [
      "HS028 apps/a1/app.yaml:6:9",
      "HS028 apps/a2/app.yaml:6:9",
      "HS028 apps/a3/app.yaml:6:9",
      "HS028 apps/a4/app.yaml:6:9",
      "HS028 apps/a5/app.yaml:6:9",
      "HS028 apps/a6/app.yaml:6:9",
      "HS028 apps/a7/app.yaml:6:9",
      "HS028 apps/a8/app.yaml:6:9",
      "HS028 apps/a9/app.yaml:6:9",
      "HS028 apps/ok/app.yaml:9:10",
    ],
    hints: {
      "HS028 apps/a1/app.yaml:6:9": "write the host name alone, without a scheme, port or path: www.example.com",
      "HS028 apps/a3/app.yaml:6:9": "underscores are not allowed in hostnames; use '-': my-app.example.com",
      "HS028 apps/a6/app.yaml:6:9": "remove the trailing dot: www.example.com",
      "HS028 apps/a7/app.yaml:6:9": "write the internationalized name in punycode: xn--bcher-kva.example.com",
      "HS028 apps/a8/app.yaml:6:9": "a wildcard may only be the whole leftmost label, as in *.example.com",
    },
  },
  {
    name: "HS028 and HS027 homescale.yaml's names: domains, zones, the reverse-proxy address (empty is HS027)",
    files: repo(
      { web: app("web") },
      {
        "homescale.yaml": PLATFORM + lines(
          "domains:",
          '  internal: ""',
          "  external: ext_homescale.cloud",
          "cloudflare:",
          "  zones: [example.com, 'http://example.org', '*.example.net']",
          "netbird:",
          "  reverseProxy: {cluster: proxy.netbird.io.}",
        ),
      },
    ),
    expect: ["HS027 homescale.yaml:7:13", "HS028 homescale.yaml:8:13", "HS028 homescale.yaml:10:24", "HS028 homescale.yaml:10:46", "HS028 homescale.yaml:12:27"],
  },
  {
    name: "HS029 Kubernetes and Helm names: releaseName, service, labelDomain, applicationNamePrefix",
    files: repo(
      {
        web: app("web", "releaseName: My_Release", "service: 1web"),
        api: app("api", `releaseName: ${"r".repeat(54)}`, "clusters:", "  prod:", "    service: API"),
      },
      {
        "homescale.yaml": PLATFORM + lines("labelDomain: Homescale.Cloud"),
        "apps/values.yaml": CATALOG + lines("applicationNamePrefix: hs_"),
      },
    ),
    expect: ["HS029 apps/api/app.yaml:4:14", "HS029 apps/api/app.yaml:7:14", "HS029 apps/values.yaml:3:24", `HS029 ${W}:4:14`, `HS029 ${W}:5:10`, "HS029 homescale.yaml:6:14"],
    hints: {
      [`HS029 ${W}:4:14`]: "use lowercase letters, digits, '-' and '.', at most 53 characters: my-release",
      [`HS029 ${W}:5:10`]: "a Service name starts with a letter, then lowercase letters, digits and '-', at most 63 characters: web",
    },
  },
  {
    name: "HS041 the namespace Argo CD runs in, in homescale.yaml and apps/values.yaml",
    files: repo(
      { web: app("web") },
      { "homescale.yaml": PLATFORM + lines("argocd:", "  namespace: Argo_CD"), "apps/values.yaml": CATALOG + lines("argocd:", "  namespace: Argo_CD") },
    ),
    expect: ["HS041 apps/values.yaml:4:14", "HS041 homescale.yaml:7:14"],
  },
  {
    name: "HS030 integers beyond 2^53 (1e30, 2^53 + 1), never written as 1e+30; HS027 for an expiry past what NetBird reads",
    files: repo(
      { web: app("web", "syncWave: 1e30", "revisionHistoryLimit: 9007199254740993"), api: app("api", "clusters:", "  prod:", "    syncWave: -12345678901234567890") },
      {
        "apps/values.yaml": CATALOG + lines("revisionHistoryLimit: 1e20", "namespaceSyncWave: 99999999999999999"),
        "homescale.yaml": PLATFORM + lines("netbird:", "  ciSetupKey: {expirySeconds: 99999999999}"),
      },
    ),
    // 1e20 and 1e30 are also YAML 1.1 traps (HS009): a string to Go, a number to YAML 1.2.
    expect: [
      "HS030 apps/api/app.yaml:6:15",
      "HS009 apps/values.yaml:3:23",
      "HS030 apps/values.yaml:3:23",
      "HS030 apps/values.yaml:4:20",
      `HS009 ${W}:4:11`,
      `HS030 ${W}:4:11`,
      `HS030 ${W}:5:23`,
      "HS027 homescale.yaml:7:31",
    ],
  },
  {
    name: "HS027 subnets as Go reads them: octets up to 255, prefixes up to 32 and 128, IPv6, no leading zeros",
    files: repo(
      { web: app("web") },
      { "homescale.yaml": PLATFORM + lines("  gw:", "    role: gateway", "    routedSubnets: [10.1.0.0/16, 10.256.0.0/16, 10.1.0.0/33, 'fd00::/129', 'fd00:::1/64', 010.1.0.0/16, 'fd00:1::/48']") },
    ),
    expect: ["HS027 homescale.yaml:8:34", "HS027 homescale.yaml:8:49", "HS027 homescale.yaml:8:62", "HS027 homescale.yaml:8:76", "HS027 homescale.yaml:8:91"],
    hints: {
      "HS027 homescale.yaml:8:34": "each part of an IPv4 address is at most 255, not 256",
      "HS027 homescale.yaml:8:49": "an IPv4 prefix is at most 32, not 33",
      "HS027 homescale.yaml:8:62": "an IPv6 prefix is at most 128, not 129",
      "HS027 homescale.yaml:8:76": "fd00:::1 is not an IPv6 address (eight groups of up to four hex digits; '::' once)",
      "HS027 homescale.yaml:8:91": "write 010 without leading zeros (Go reads none)",
    },
  },
  {
    name: "HS031 paths that leave the repository: path, valueFiles (relative to the chart), extraSources, argocd.path",
    files: repo(
      {
        web: app("web", "valueFiles: [ok.yaml, ../shared/values.yaml, ../../../etc/passwd, $values/x.yaml, 'https://example.com/v.yaml', /etc/passwd]"),
        api: lines("path: ../outside", "namespace: api", "defaultDeploy: true", "extraSources:", "  - repoURL: https://example.com/x.git", "    path: ../x"),
        db: lines("path: /srv/charts/db", "namespace: db", "defaultDeploy: true"),
      },
      { "homescale.yaml": PLATFORM + lines("argocd:", "  path: ../rendered") },
    ),
    expect: ["HS031 apps/api/app.yaml:1:7", "HS031 apps/api/app.yaml:6:11", "HS031 apps/db/app.yaml:1:7", `HS031 ${W}:4:46`, `HS031 ${W}:4:113`, "HS031 homescale.yaml:7:9"],
  },
  {
    name: "HS062 homescale.yaml names an operator and a connector app that do not exist",
    files: repo(
      { netbird: app("netbird"), web: app("web") },
      { "homescale.yaml": PLATFORM + lines("netbird:", "  operatorApp: netbrd", "cloudflare:", "  connectorApp: cloudflare") },
    ),
    expect: ["HS062 homescale.yaml:7:16", "HS062 homescale.yaml:9:17"],
    hints: { "HS062 homescale.yaml:7:16": "did you mean netbird?" },
  },
  {
    name: "HS079 a null repoURL in apps/values.yaml",
    files: repo({ web: app("web") }, { "apps/values.yaml": lines("repoURL:", "targetRevision: main") }),
    expect: ["HS079 apps/values.yaml:1:1"],
  },
  {
    name: "HS079 an empty repoURL in apps/values.yaml (an app with its own is fine, the bootstrap still has none)",
    files: repo({ web: app("web", "repoURL: https://example.com/web.git") }, { "apps/values.yaml": lines('repoURL: ""') }),
    expect: ["HS079 apps/values.yaml:1:1"],
  },
  {
    name: "HS080 an unknown key in apps/values.yaml, with did-you-mean; a key a template reads is known",
    files: repo({ web: app("web", "values:", "  region: '{{ .Values.site }}'") }, { "apps/values.yaml": CATALOG + lines("targetRevison: v2", "site: home", "extra: 1") }),
    expect: ["HS080 apps/values.yaml:3:1", "HS080 apps/values.yaml:5:1"],
    hints: { "HS080 apps/values.yaml:3:1": "did you mean targetRevision?" },
  },
  {
    name: "HS081 a template expression where the chart does not evaluate one (repoURL, targetRevision)",
    files: repo(
      { web: app("web", "repoURL: 'https://{{ .Values.host }}/web.git'", "clusters:", "  prod:", "    targetRevision: '{{ .Values.cluster.name }}'") },
      { "apps/values.yaml": lines("repoURL: https://example.com/platform.git", "targetRevision: 'release-{{ .Values.cluster.name }}'") },
    ),
    expect: ["HS081 apps/values.yaml:2:26", `HS081 ${W}:4:19`, `HS081 ${W}:7:22`],
  },
  {
    name: "an override that sets only exposePublic.port merges with the base's exposePublic: valid, no diagnostic",
    files: repo({ cloudflared: CLOUDFLARED, web: app("web", ...exposeOn("prod", "www.example.com"), "clusters:", "  prod:", "    exposePublic: {port: 8080}") }),
    expect: [],
  },
  {
    name: "HS022 an override's exposePublic fragment over a base without one: the merged value misses cluster and fqdn",
    files: repo({ cloudflared: CLOUDFLARED, web: app("web", "clusters:", "  prod:", "    exposePublic: {port: 8080}") }),
    expect: [`HS022 ${W}:6:5`, `HS022 ${W}:6:5`],
  },
  {
    name: "HS074 the Namespace is made by the first app in Files.Glob order (x-y/app.yaml before x/app.yaml)",
    files: repo({
      x: lines("path: apps/x", "namespace: data", "defaultDeploy: true", "podSecurity: privileged"),
      "x-y": lines("path: apps/x-y", "namespace: data", "defaultDeploy: true", "podSecurity: baseline"),
    }),
    expect: ["HS074 apps/x/app.yaml:4:14"],
  },
  {
    name: "HS078 the cluster's folder holds HomeScale's app-of-apps, which would replace the bootstrap",
    files: repo(
      { web: app("web") },
      {
        "clusters/prod/apps.yaml": lines(
          "apiVersion: argoproj.io/v1alpha1",
          "kind: Application",
          "metadata:",
          "  name: apps-prod",
          "  namespace: argocd",
          "spec:",
          "  sources:",
          "    - {repoURL: https://example.com/platform.git, path: clusters/prod}",
          "    - {repoURL: https://example.com/platform.git, path: apps, helm: {releaseName: apps-prod}}",
        ),
        "clusters/mgmt/raw/other.yaml": lines("kind: Namespace", "apiVersion: v1", "metadata: {name: x}", "---", "apiVersion: argoproj.io/v1alpha1", "kind: Application", "metadata: {name: tools}"),
      },
    ),
    expect: ["HS078 clusters/prod/apps.yaml:4:9"],
    hints: {
      "HS078 clusters/prod/apps.yaml:4:9":
        "delete clusters/prod/apps.yaml when you apply clusters/prod/bootstrap.yaml (it takes its place), or point argocd.repoURL, targetRevision or path in homescale.yaml at the rendered output",
    },
  },
  {
    name: "HS078 not when the bootstrap syncs the rendered output of another branch",
    files: appOfAppsWith("  targetRevision: rendered"),
    expect: [],
  },
  {
    name: "HS078 not with argocd.plugin: the bootstrap syncs no folder, so the cluster's app-of-apps is never synced",
    files: appOfAppsWith("  plugin: {}"),
    expect: [],
  },
  // --- the Argo CD config-management plugin (HS190-HS191) ----------------------------------------
  {
    name: "HS190 argocd.path beside argocd.plugin",
    files: repo({ web: app("web") }, { "homescale.yaml": PLATFORM + lines("argocd:", "  path: rendered/clusters", "  plugin:", "    image: registry.example.org/homescale:0.1.0") }),
    expect: ["HS190 homescale.yaml:7:3"],
  },
  {
    name: "HS191 the plugin's image without a tag, or tagged latest; a registry port is no tag, a digest pins",
    files: repo({ web: app("web") }, { "homescale.yaml": PLATFORM + lines("argocd:", "  plugin:", "    image: registry.example.org:5000/homescale") }),
    expect: ["HS191 homescale.yaml:8:12"],
  },
  {
    name: "HS191 latest",
    files: repo({ web: app("web") }, { "homescale.yaml": PLATFORM + lines("argocd:", "  plugin: {image: 'homescale:latest'}") }),
    expect: ["HS191 homescale.yaml:7:19"],
  },
  {
    name: "HS191 not for a digest or a version tag",
    files: repo(
      { web: app("web") },
      { "homescale.yaml": PLATFORM + lines("argocd:", "  plugin: {image: 'registry.example.org:5000/homescale@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'}") },
    ),
    expect: [],
  },
  // --- addressing and gateways -------------------------------------------------------------------
  {
    name: "HS100 the pool overlaps the services; a WireGuard subnet overlaps the pods",
    files: repo({ web: app("web") }, { "homescale.yaml": NET_PLATFORM({ pool: "10.43.0.0/24" }) + lines("edges:", "  vps:", "    address: 203.0.113.10", "    wireguard: {subnet: 10.42.7.0/24}", "    cluster: prod", "    ports: [{listen: 443, to: 32443}]") }),
    expect: ["HS100 homescale.yaml:10:50", "HS101 homescale.yaml:10:50", "HS102 homescale.yaml:12:40", "HS102 homescale.yaml:13:40", "HS153 homescale.yaml:17:16", "HS100 homescale.yaml:17:25"],
  },
  {
    name: "HS101 LoadBalancer addresses outside the nodes' LAN (and so the gateways outside it too)",
    files: repo({ web: app("web") }, { "homescale.yaml": NET_PLATFORM({ pool: "192.168.9.10-192.168.9.20", gateway: "192.168.9.11" }) }),
    expect: ["HS101 homescale.yaml:10:50", "HS102 homescale.yaml:12:40", "HS102 homescale.yaml:13:40"],
  },
  {
    name: "HS102 a gateway's address outside the pool (both gateways); HS103 two gateways sharing one",
    files: repo({ web: app("web") }, { "homescale.yaml": NET_PLATFORM({ gateway: "192.168.5.99", internal: "192.168.5.99" }) }),
    expect: ["HS102 homescale.yaml:12:40", "HS102 homescale.yaml:13:40", "HS103 homescale.yaml:13:40"],
  },
  {
    name: "HS104 a gateway the cluster does not have (with a suggestion)",
    files: repo({ cloudflared: CLOUDFLARED, web: app("web", ...exposeOn("prod", "www.example.com"), "  via: gateway", "  gateway: externall") }, { "homescale.yaml": NET_PLATFORM({}) }),
    expect: [`HS104 ${W}:9:12`],
    hints: { [`HS104 ${W}:9:12`]: "did you mean external?" },
  },
  {
    name: "HS105 a LAN name through a gateway not reachable from the LAN",
    files: repo({ web: app("web", "exposeLan:", "  - {cluster: prod, fqdn: web.home.example.com, port: 80, gateway: external}") }, { "homescale.yaml": NET_PLATFORM({}) }),
    expect: [`HS105 ${W}:5:68`],
  },
  {
    name: "HS106 a public name through a LAN-only gateway",
    files: repo({ cloudflared: CLOUDFLARED, web: app("web", ...exposeOn("prod", "www.example.com"), "  via: gateway", "  gateway: internal") }, { "homescale.yaml": NET_PLATFORM({}) }),
    expect: [`HS106 ${W}:9:12`],
  },
  {
    name: "HS107 a LAN gateway without an address",
    files: repo({ web: app("web", "exposeLan:", "  - {cluster: prod, fqdn: web.home.example.com, port: 80}") }, { "homescale.yaml": NET_PLATFORM({ internal: null }) }),
    expect: ["HS107 homescale.yaml:13:17"],
  },
  {
    name: "HS108 one name routed twice by a gateway",
    files: repo(
      {
        cloudflared: CLOUDFLARED,
        api: app("api", "exposeLan:", "  - {cluster: prod, fqdn: web.home.example.com, port: 80}"),
        web: app("web", "exposeLan:", "  - {cluster: prod, fqdn: web.home.example.com, port: 80}"),
      },
      { "homescale.yaml": NET_PLATFORM({}) },
    ),
    expect: [`HS108 ${W}:5:27`],
  },
  {
    name: "HS109 a name the gateway's certificate does not cover (a wildcard covers one label)",
    files: repo({ web: app("web", "exposeLan:", "  - {cluster: prod, fqdn: a.web.home.example.com, port: 80}") }, { "homescale.yaml": NET_PLATFORM({ tlsNames: "['*.home.example.com']" }) }),
    expect: [`HS109 ${W}:5:27`],
  },
  {
    name: "HS110 auth names no provider; HS111 a provider of another cluster",
    files: repo(
      {
        api: app("api", "exposeLan:", "  - {cluster: prod, fqdn: api.home.example.com, port: 80, auth: sso}"),
        web: app("web", "exposeLan:", "  - {cluster: prod, fqdn: web.home.example.com, port: 80, auth: ssoo}"),
      },
      { "homescale.yaml": NET_PLATFORM({}) + lines("auth:", "  sso: {cluster: mgmt, namespace: auth, service: outpost, port: 9000}") },
    ),
    expect: ["HS111 apps/api/app.yaml:5:65", `HS110 ${W}:5:65`],
    hints: { [`HS110 ${W}:5:65`]: "did you mean sso?" },
  },
  {
    name: "HS112 a LAN name that is a public name too",
    files: repo(
      { cloudflared: CLOUDFLARED, web: app("web", ...exposeOn("prod", "web.example.com"), "exposeLan:", "  - {cluster: prod, fqdn: web.example.com, port: 80}") },
      { "homescale.yaml": NET_PLATFORM({}) },
    ),
    expect: [`HS112 ${W}:9:27`],
  },
  {
    name: "HS113 a public name handed to external-dns too (in values, at the annotation)",
    files: repo({
      cloudflared: CLOUDFLARED,
      web: app("web", ...exposeOn("prod", "www.example.com"), "values:", "  service:", "    annotations:", '      external-dns.alpha.kubernetes.io/hostname: "www.example.com,other.example.com"'),
    }),
    expect: [`HS113 ${W}:11:50`],
  },
  // --- Omni templates and Talos (HS120-HS139) ---------------------------------------------------
  {
    name: "the Omni fixture (a template, a file patch, an inline patch, a machine class) and a Talos block check clean",
    files: omni({ "homescale.yaml": PLATFORM_TALOS }),
    expect: [],
  },
  {
    name: "HS120 a second Cluster, a Workers set named control-planes, a document of no known kind",
    files: omni({ [TPL]: TEMPLATE + lines("---", "kind: Cluster", "name: other", "kubernetes: {version: v1.36.2}", "talos: {version: v1.13.4}", "---", "kind: Workers", "name: control-planes", "---", "kind: Machines") }),
    expect: [`HS120 ${TPL}:19:1`, `HS120 ${TPL}:25:7`, `HS120 ${TPL}:27:7`],
  },
  {
    name: "HS121 a misspelt field and a list where a value belongs, in the template",
    files: omni({ [TPL]: TEMPLATE.replace("  size: 3\n", "  size: [3]\n  sizee: 3\n") }),
    expect: [`HS121 ${TPL}:14:9`, `HS121 ${TPL}:15:3`],
    hints: { [`HS121 ${TPL}:15:3`]: "did you mean size?" },
  },
  {
    name: "HS122 a ControlPlane with both machines and a machineClass",
    files: omni({ [TPL]: TEMPLATE.replace("machineClass:\n", "machines: [11a9fe00-3f45-11ed-8000-3cecefaab010]\nmachineClass:\n") }),
    expect: [`HS122 ${TPL}:13:1`],
  },
  {
    name: "HS123 a patch with file and inline, one with neither, an inline patch without a name",
    files: omni({ [TPL]: TEMPLATE + lines("  - file: patches/base.yaml", "    inline: {machine: {sysctls: {a: b}}}", "  - name: nothing", "  - inline: {machine: {sysctls: {a: b}}}") }),
    expect: [`HS123 ${TPL}:19:5`, `HS123 ${TPL}:20:5`, `HS123 ${TPL}:21:5`],
  },
  {
    name: "HS124 patch files CI does not put beside the template: a typo, a path out of its folder, a .yml file",
    files: omni({
      [TPL]: TEMPLATE.replace("  - file: patches/base.yaml\n", "  - file: patches/bsae.yaml\n  - file: ../../infra/omni/patches/base.yaml\n  - file: patches/extra.yml\n"),
      "infra/omni/patches/extra.yml": lines("machine: {sysctls: {a: b}}"),
    }),
    expect: [`HS124 ${TPL}:8:11`, `HS124 ${TPL}:9:11`, `HS124 ${TPL}:10:11`],
    hints: { [`HS124 ${TPL}:8:11`]: "did you mean patches/base.yaml?" },
  },
  {
    name: "HS125 a machine class that infra/omni/machineclasses/ does not define",
    files: omni({ [TPL]: TEMPLATE.replace("  name: metal\n", "  name: metl\n") }),
    expect: [`HS125 ${TPL}:13:9`],
    hints: { [`HS125 ${TPL}:13:9`]: "did you mean metal?" },
  },
  {
    name: "HS126 a Talos version without its v, and a Kubernetes version the Talos version does not run",
    files: omni({ [TPL]: TEMPLATE.replace("  version: v1.13.4\n", "  version: 1.13.4\n") }, TEMPLATE),
    expect: [`HS126 ${TPL}:6:12`],
  },
  {
    name: "HS126 Talos v1.13 runs Kubernetes 1.31 to 1.36, not v1.30.0",
    files: omni({ [TPL]: TEMPLATE.replace("  version: v1.36.2\n", "  version: v1.30.0\n") }),
    expect: [`HS126 ${TPL}:4:12`],
  },
  {
    name: "HS126 a talos block for a Talos version whose documents homescale does not know",
    files: omni({ "homescale.yaml": PLATFORM_TALOS.replace("version: v1.13.4", "version: v1.9.6"), [TPL]: TEMPLATE.replace("  version: v1.13.4\n", "  version: v1.9.6\n").replace("v1.36.2", "v1.31.0") }),
    expect: [`HS126 ${TPL}:6:12`, "HS126 homescale.yaml:9:16"],
  },
  {
    name: "HS127 talos.version other than the template's, and an extension the template does not install",
    files: omni({ "homescale.yaml": PLATFORM_TALOS.replace("version: v1.13.4", "version: v1.13.2").replace("extensions: [cloudflared]", "extensions: [cloudflared, tailscale]") }),
    expect: ["HS127 homescale.yaml:9:16", "HS127 homescale.yaml:10:33"],
  },
  {
    name: "HS128 fields and documents Omni sets itself",
    files: omni({ [BASE]: BASE_PATCH + lines("  token: abc", "cluster:", "  ca: {crt: abc, key: def}") }),
    expect: [`HS128 ${BASE}:4:3`, `HS128 ${BASE}:6:3`],
  },
  {
    name: "HS129 a placeholder CI does not substitute",
    files: omni({ [TPL]: TEMPLATE.replace("name: ${CLUSTER_NAME}\n", "name: ${CLUSTER_NAME}\nlabels: {region: '${CLUSTER_REGION}'}\n") }),
    expect: [`HS129 ${TPL}:3:19`],
  },
  {
    name: "HS130 a misspelt Talos field, a wrong type, a field the template's Talos is too old for",
    files: omni({
      [BASE]: BASE_PATCH + lines("  kubelet:", "    extraArg: {a: b}", "    registerWithFQDN: maybe", "---", "apiVersion: v1alpha1", "kind: DHCPv4Config", "name: eno2", "ignoreRoutes: true"),
    }),
    expect: [`HS130 ${BASE}:5:5`, `HS130 ${BASE}:6:23`, `HS130 ${BASE}:11:1`],
    hints: { [`HS130 ${BASE}:5:5`]: "did you mean extraArgs?", [`HS130 ${BASE}:11:1`]: "upgrade the template's Talos to v1.14 or later, or remove ignoreRoutes" },
  },
  {
    name: "HS131 a misspelt kind, a kind Talos v1.13 lacks, a document without a kind, a duplicate",
    files: omni({
      [BASE]: BASE_PATCH + lines("---", "apiVersion: v1alpha1", "kind: LinkConfg", "name: eno1", "---", "apiVersion: v1alpha1", "kind: KubeNodeConfig", "---", "sysctls: {a: b}", "---", "machine: {sysctls: {a: b}}"),
    }),
    expect: [`HS131 ${BASE}:6:7`, `HS131 ${BASE}:10:7`, `HS131 ${BASE}:12:1`, `HS131 ${BASE}:14:1`],
    hints: { [`HS131 ${BASE}:6:7`]: "did you mean LinkConfig?" },
  },
  {
    name: "HS132 nameservers in the legacy document and a ResolverConfig, in patches of the same machines",
    files: omni({
      [BASE]: BASE_PATCH + lines("  network: {nameservers: [10.96.0.10]}"),
      [TPL]: TEMPLATE + lines("  - name: dns", "    inline:", "      apiVersion: v1alpha1", "      kind: ResolverConfig", "      nameservers: [{address: 10.96.0.10}]"),
    }),
    expect: [`HS132 ${TPL}:21:13`],
  },
  {
    name: "HS132 a patch's legacy nodeLabels against the KubeNodeConfig homescale writes for Talos v1.14",
    files: omni({
      [TPL]: TEMPLATE.replace("  version: v1.13.4\n", "  version: v1.14.0\n"),
      "homescale.yaml": PLATFORM_TALOS.replace("version: v1.13.4", "version: v1.14.0").replace("controlPlane: true}", "controlPlane: true, interfaces: [{interface: eno2, dhcp: true}]}"),
    }),
    expect: [`HS132 ${BASE}:2:3`],
  },
  {
    name: "HS133 file modes YAML 1.1 and 1.2 read differently (0o644, 0644), and not the generic HS009",
    files: omni({ [BASE]: BASE_PATCH + lines("  files:", "    - {path: /var/a, op: create, content: x, permissions: 0o644}", "    - {path: /var/b, op: create, content: x, permissions: 0644}") }),
    expect: [`HS133 ${BASE}:5:59`, `HS133 ${BASE}:6:59`],
    hints: { [`HS133 ${BASE}:5:59`]: "write it in decimal, which every reader reads alike: 420" },
  },
  {
    name: "HS134 a node address and the gateway outside network.nodes",
    files: omni({ "homescale.yaml": PLATFORM_TALOS.replace("address: 192.168.50.11,", "address: 192.168.51.11,").replace("extensions: [cloudflared]", "extensions: [cloudflared]\n      gateway: 10.0.0.1") }),
    expect: ["HS134 homescale.yaml:11:16", "HS134 homescale.yaml:14:32"],
  },
  {
    name: "HS135 talos without the cluster's network",
    files: omni({ "homescale.yaml": PLATFORM_TALOS.replace("    network: {nodes: 192.168.50.0/24, pods: 10.244.0.0/16, services: 10.96.0.0/12}\n", "    network: {nodes: 192.168.50.0/24}\n") }),
    expect: ["HS135 homescale.yaml:7:5"],
  },
  {
    name: "HS136 two nodes of one name, and two of one address",
    files: omni({ "homescale.yaml": PLATFORM_TALOS.replace("name: cp3, address: 192.168.50.12", "name: cp2, address: 192.168.50.11") }),
    expect: ["HS136 homescale.yaml:14:18", "HS136 homescale.yaml:14:32"],
  },
  {
    name: "HS137 two control-plane nodes, in the talos block and in a template's ControlPlane",
    files: omni({
      "homescale.yaml": PLATFORM_TALOS.replace("name: cp3, address: 192.168.50.12, interface: eno1, controlPlane: true", "name: cp3, address: 192.168.50.12, interface: eno1"),
      [TPL]: TEMPLATE.replace("  size: 3\n", "  size: 2\n"),
    }),
    expect: [`HS137 ${TPL}:14:9`, "HS137 homescale.yaml:13:78"],
  },
  {
    name: "HS138 extensions homescale cannot configure: a typo, the image's name",
    files: omni({ "homescale.yaml": PLATFORM_TALOS.replace("extensions: [cloudflared]", "extensions: [cloudfared, siderolabs/tailscale]") }),
    expect: ["HS138 homescale.yaml:10:20", "HS138 homescale.yaml:10:32"],
    hints: { "HS138 homescale.yaml:10:20": "did you mean cloudflared?", "HS138 homescale.yaml:10:32": "write tailscale: the ExtensionServiceConfig's name, not the image's" },
  },
  {
    name: "HS139 the template installs cloudflared, and a patch's resolvers leave out CoreDNS",
    files: omni({ [BASE]: BASE_PATCH + lines("  network: {nameservers: [1.1.1.1, 1.0.0.1]}") }),
    expect: [`HS139 ${BASE}:4:26`],
    hints: { [`HS139 ${BASE}:4:26`]: "put 10.96.0.10 first: 10.96.0.10, 1.1.1.1, 1.0.0.1" },
  },
  // --- catalog generations and Tailscale (HS160-HS175) -------------------------------------------
  {
    name: "HS160 catalog generation 2, detected from apps.<name> in a bootstrap's values (info, at the key)",
    files: repo({ web: app("web") }, { "clusters/prod/apps.yaml": BOOTSTRAP("            web: {deploy: false}") }),
    expect: ["HS165 clusters/prod/apps.yaml:4:9", "HS160 clusters/prod/apps.yaml:11:11"],
  },
  {
    name: "HS160 catalog generation set in homescale.yaml (info, at the setting)",
    files: repo({ web: app("web") }, { "homescale.yaml": PLATFORM + lines("catalog:", "  generation: 1") }),
    expect: ["HS160 homescale.yaml:7:15"],
  },
  {
    name: "HS161 a tailscale: block under a cluster override: the key",
    files: repo({ web: app("web", "clusters:", "  prod:", "    tailscale: {policy: {rules: []}}") }),
    expect: [`HS161 ${W}:6:5`],
  },
  {
    name: "HS162 generation 2 and app.yaml still has clusters:, which the chart no longer reads",
    files: repo({ web: app("web", "clusters:", "  prod:", "    deploy: false") }, { "apps/values.yaml": CATALOG + "apps: {}\n" }),
    expect: ["HS160 apps/values.yaml:3:1", `HS162 ${W}:4:1`],
  },
  {
    name: "HS163 and HS164 a bootstrap's values name no app, and another cluster name: positions inside the values string",
    files: repo({ web: app("web") }, { "clusters/prod/apps.yaml": BOOTSTRAP("            wbe: {deploy: true}").replace("name: prod", "name: mgmt") }),
    expect: ["HS165 clusters/prod/apps.yaml:4:9", "HS164 clusters/prod/apps.yaml:10:27", "HS160 clusters/prod/apps.yaml:11:11", "HS163 clusters/prod/apps.yaml:12:13"],
    hints: { "HS163 clusters/prod/apps.yaml:12:13": "did you mean web?" },
  },
  {
    name: "HS020 and HS021 in a bootstrap's apps.<name>: only deploy and values, at their lines",
    files: repo({ web: app("web") }, { "clusters/prod/apps.yaml": BOOTSTRAP('            web: {deploy: "true", extra: 1}') }),
    expect: ["HS165 clusters/prod/apps.yaml:4:9", "HS160 clusters/prod/apps.yaml:11:11", "HS021 clusters/prod/apps.yaml:12:27", "HS020 clusters/prod/apps.yaml:12:35"],
  },
  {
    name: "HS070 in a bootstrap's apps.<name>.values: at its line in clusters/<c>/apps.yaml (the app's clusters.<c> is written there)",
    files: repo({ web: app("web") }, { "clusters/prod/apps.yaml": BOOTSTRAP("            web:", "              values: {a: '{{ include \"x\" . }}'}") }),
    expect: ["HS165 clusters/prod/apps.yaml:4:9", "HS160 clusters/prod/apps.yaml:11:11", "HS070 clusters/prod/apps.yaml:13:28"],
  },
  {
    name: "HS166 .Files.Get of a file the repository does not have: the path",
    files: repo({ web: app("web", "values:", "  sum: '{{ .Files.Get \"web/none.js\" | sha256sum }}'") }),
    expect: [`HS166 ${W}:5:24`],
  },
  {
    name: "HS167 a tailscale: block on a NetBird platform renders nothing",
    files: repo({ web: app("web", "tailscale: {policy: {rules: [{sources: ['*'], protocol: tcp}]}}") }),
    expect: [`HS167 ${W}:4:1`],
  },
  {
    name: "HS168 a source that is no policy identifier, and a bad tag",
    files: tailnet(["tag:1bad", "team-infra-pla"]),
    expect: [`HS168 ${W}:7:35`, `HS168 ${W}:7:47`],
    hints: { [`HS168 ${W}:7:47`]: "did you mean team-infra-plat?" },
  },
  {
    name: "HS169 a tag with no owner, on a grant and on a Service",
    files: tailnet(["tag:ci"], { tags: "tag:k8s,tag:app-web,tag:nobody" }),
    expect: [`HS169 ${W}:7:35`, "HS169 apps/web/templates/svc.yaml:4:3"],
  },
  {
    name: "HS170 two Services, one tailnet hostname (the second is reported)",
    files: tailnet(["*"], { hostname: "web" }, { "apps/web/templates/other.yaml": SERVICE("other", "web", "tag:k8s,tag:app-web") }),
    // Once per cluster: the chart runs on both, and on each the two Services collide.
    expect: ["HS170 apps/web/templates/svc.yaml:4:3", "HS170 apps/web/templates/svc.yaml:4:3"],
  },
  {
    name: "HS171 an app's grants open a tag no Service carries",
    files: tailnet(["*"], { tags: "tag:k8s" }),
    expect: [`HS171 ${W}:5:3`],
  },
  {
    name: "HS172 a chart template about the tailnet outside the subset: the action",
    files: tailnet(["*"], {}, { "apps/web/templates/bad.yaml": lines('{{ include "web.labels" . }}', "  tailscale.com/hostname: x") }),
    expect: ["HS172 apps/web/templates/bad.yaml:1:1"],
  },
  {
    name: "HS173 an egress Service to a tailnet host no Service declares",
    files: tailnet(["*"], {}, { "apps/web/templates/egress.yaml": lines("apiVersion: v1", "kind: Service", "metadata:", "  name: out", "  annotations:", "    tailscale.com/tailnet-fqdn: nowhere.tail1.ts.net", "spec: {type: ExternalName, externalName: x}") }),
    expect: ["HS173 apps/web/templates/egress.yaml:4:3", "HS173 apps/web/templates/egress.yaml:4:3"],
  },
  {
    name: "HS174 cacheBypass and access on a name the NetBird reverse proxy serves",
    files: repo({ web: app("web", "exposePublic:", "  cluster: prod", "  fqdn: www.example.com", "  port: 80", "  via: netbird-proxy", "  cacheBypass: true", "  access: {}", "service: web") }),
    expect: [`HS174 ${W}:9:16`, `HS174 ${W}:10:11`],
  },
  {
    name: "HS175 a tailnet hostname that is not a DNS label",
    files: tailnet(["*"], { hostname: "web_1" }),
    // web_1-mgmt and web_1-prod: once per cluster.
    expect: ["HS175 apps/web/templates/svc.yaml:4:3", "HS175 apps/web/templates/svc.yaml:4:3"],
  },
  // --- VPS edges (rule: edges) ------------------------------------------------------------------
  {
    name: "HS140 an exposure via edge names no edge (with a suggestion)",
    files: repo({ web: app("web", ...viaEdge("vpss")) }, { "homescale.yaml": EDGE_PLATFORM() }),
    expect: [`HS140 ${W}:5:71`],
    hints: { [`HS140 ${W}:5:71`]: "did you mean vps?" },
  },
  {
    name: "HS141 an edge on a cluster that does not exist",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", EDGE_KEYS, "    cluster: prd", "    ports: [{listen: 443, to: 32443}]"] }) }),
    expect: ["HS141 homescale.yaml:20:14"],
    hints: { "HS141 homescale.yaml:20:14": "did you mean prod?" },
  },
  {
    name: "HS142 an edge's gateway the cluster does not have; a LAN-only one",
    files: repo({ web: app("web") }, {
      "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", EDGE_KEYS, "    cluster: prod", "    gateway: internal", "    ports: [{listen: 443, to: 32443}]"], more: ["  vps2:", "    address: 203.0.113.11", "    wireguard: {subnet: 10.10.11.0/24, vps: {publicKey: " + KEY_VPS + "}, home: {publicKey: " + KEY_HOME + "}}", "    cluster: prod", "    gateway: externl", "    ports: [{listen: 443, to: 32443}]"] }),
    }),
    expect: ["HS142 homescale.yaml:21:14", "HS142 homescale.yaml:27:14"],
    hints: { "HS142 homescale.yaml:27:14": "did you mean external?" },
  },
  {
    name: "HS143 an edge's gateway without an address",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ gateway: "external: {kind: envoy}" }) }),
    expect: ["HS143 homescale.yaml:12:17"],
  },
  {
    name: "HS144 an exposure via edge on another cluster, or naming another gateway, than the edge's",
    files: repo(
      { web: app("web", ...viaEdge("vps", "mgmt")), api: app("api", "exposePublic:", "  - {cluster: prod, fqdn: api.example.com, port: 80, via: edge, edge: vps, gateway: internal}") },
      { "homescale.yaml": EDGE_PLATFORM() },
    ),
    expect: ["HS144 apps/api/app.yaml:5:85", `HS144 ${W}:5:15`],
  },
  {
    name: "HS145 a DNAT target outside the home peer's AllowedIPs",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", `    wireguard: {subnet: 10.10.10.0/24, vps: {publicKey: ${KEY_VPS}}, home: {publicKey: ${KEY_HOME}, allowedIPs: [10.10.20.0/24]}}`, "    cluster: prod", "    ports: [{listen: 443, to: 32443}]"] }) }),
    expect: ["HS145 homescale.yaml:19:180"],
  },
  {
    name: "HS146 a tunnel address outside the subnet; the subnet's network address",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", `    wireguard: {subnet: 10.10.10.0/24, vps: {address: 10.10.10.0, publicKey: ${KEY_VPS}}, home: {address: 10.10.11.2, publicKey: ${KEY_HOME}, allowedIPs: [10.10.11.2/32]}}`, "    cluster: prod", "    ports: [{listen: 443, to: 32443}]"] }) }),
    expect: ["HS146 homescale.yaml:19:55", "HS146 homescale.yaml:19:141"],
  },
  {
    name: "HS147 a listen port forwarded twice, the WireGuard port, the management port; HS148 a port at home used twice",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", EDGE_KEYS, "    cluster: prod", "    ports: [{listen: 443, to: 32443}, {listen: 443, to: 32443}, {listen: 51820, to: 1}, {listen: 2222, to: 2}]", "    management: {port: 2222}"] }) }),
    expect: ["HS147 homescale.yaml:21:48", "HS148 homescale.yaml:21:57", "HS147 homescale.yaml:21:74", "HS147 homescale.yaml:21:98"],
  },
  {
    name: "HS149 PROXY at one end only: the edge sends it, the gateway does not take it (HS150: masquerade hides the client)",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", EDGE_KEYS, "    cluster: prod", "    ports: [{listen: 443, to: 32443}]", "    proxyProtocol: true"] }) }),
    expect: ["HS150 homescale.yaml:18:5", "HS149 homescale.yaml:22:20"],
  },
  {
    name: "HS149 a gateway that requires PROXY, reached through the tunnel, which never sends it",
    files: repo(
      { cloudflared: CLOUDFLARED, web: app("web", "exposePublic:", "  - {cluster: prod, fqdn: web.example.com, port: 80, via: gateway}") },
      { "homescale.yaml": EDGE_PLATFORM({ gateway: "external: {kind: envoy, address: 192.168.5.11, proxyProtocol: true}" }) },
    ),
    expect: [`HS149 ${W}:5:59`, "HS150 homescale.yaml:18:5"],
  },
  {
    name: "HS150 no masquerade, no PROXY: the gateway sees HAProxy; HS151 and no client ranges routed back",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", EDGE_KEYS, "    cluster: prod", "    ports: [{listen: 443, to: 32443}]", "    masquerade: false"] }) }),
    expect: ["HS150 homescale.yaml:22:17", "HS151 homescale.yaml:22:17"],
  },
  {
    name: "HS152 a name via edge with no zone configured",
    files: repo({ web: app("web", ...viaEdge()) }, { "homescale.yaml": EDGE_PLATFORM({ zones: false }) }),
    expect: [`HS152 ${W}:5:27`],
  },
  {
    name: "HS153 public keys not set (info: the configs hold a placeholder)",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", "    wireguard: {subnet: 10.10.10.0/24}", "    cluster: prod", "    ports: [{listen: 443, to: 32443}]"] }) }),
    expect: ["HS153 homescale.yaml:19:16"],
  },
  {
    name: "HS154 both ends with one public key",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", `    wireguard: {subnet: 10.10.10.0/24, vps: {publicKey: ${KEY_VPS}}, home: {publicKey: ${KEY_VPS}}}`, "    cluster: prod", "    ports: [{listen: 443, to: 32443}]"] }) }),
    expect: ["HS154 homescale.yaml:19:122"],
  },
  {
    name: "HS155 client ranges while the VPS masquerades",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: 203.0.113.10", EDGE_KEYS, "    cluster: prod", "    ports: [{listen: 443, to: 32443}]", "    clientRanges: [0.0.0.0/0]"] }) }),
    expect: ["HS155 homescale.yaml:22:19"],
  },
  {
    name: "HS156 an edge name that is not a DNS label",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ name: "Vps_1" }) }),
    expect: ["HS156 homescale.yaml:17:3"],
  },
  {
    name: "HS157 an edge address that is not IPv4",
    files: repo({ web: app("web") }, { "homescale.yaml": EDGE_PLATFORM({ edge: ["    address: '2001:db8::10'", EDGE_KEYS, "    cluster: prod", "    ports: [{listen: 443, to: 32443}]"] }) }),
    expect: ["HS157 homescale.yaml:18:14"],
  },
  // --- the NetBird operator objects the apps' charts declare (HS180-HS184) -----------------------
  {
    name: "HS180 a chart template about NetBird outside the subset: the action",
    files: repo({ web: app("web") }, { "apps/web/templates/nr.yaml": NETWORK_RESOURCE().replace("name: web", 'name: {{ include "web.name" . }}') }),
    expect: ["HS180 apps/web/templates/nr.yaml:4:9"],
  },
  {
    name: "HS180 nested ranges that would render for hours: the outermost range, in time",
    files: repo(
      { web: app("web", `values: {x: [${Array.from({ length: 100 }, (_, i) => i).join(", ")}]}`) },
      { "apps/web/templates/nr.yaml": NETWORK_RESOURCE() + lines("{{ range .Values.x }}{{ range $.Values.x }}{{ range $.Values.x }}{{ range $.Values.x }}#{{ end }}{{ end }}{{ end }}{{ end }}") },
    ),
    expect: ["HS180 apps/web/templates/nr.yaml:9:1"],
    maxMs: 5000,
  },
  {
    name: "HS181 homescale's NetworkResource for an app with rules names a Service nobody declares: the netbird key",
    files: repo({ web: app("web", ...WEB_RULE) }),
    expect: [`HS181 ${W}:4:1`],
  },
  {
    name: "HS181 the same for a name of the NetBird reverse proxy: the via",
    files: repo({ web: app("web", "exposePublic:", "  cluster: prod", "  fqdn: www.example.com", "  port: 80", "  via: netbird-proxy") }),
    expect: [`HS181 ${W}:8:8`],
  },
  {
    name: "HS181 not when the chart renders the Service (a template the subset reads) or service: names it",
    files: repo(
      { web: app("web", ...WEB_RULE), api: app("api", ...WEB_RULE, "service: api-http") },
      { "apps/web/templates/svc.yaml": lines("apiVersion: v1", "kind: Service", "metadata:", "  name: {{ .Release.Name }}") },
    ),
    expect: [],
  },
  {
    name: "HS182 a chart's NetworkResource names a router no cluster has: once per cluster, at its name",
    files: repo({ web: app("web") }, { "apps/web/templates/nr.yaml": NETWORK_RESOURCE({ router: "nowhere" }) }),
    expect: ["HS182 apps/web/templates/nr.yaml:4:3", "HS182 apps/web/templates/nr.yaml:4:3"],
  },
  {
    name: "HS183 an app's policies grant into its group, and none of its chart's NetworkResources is in it",
    files: repo({ web: app("web", ...WEB_RULE, ...CLUSTER_VALUES) }, { "apps/web/templates/nr.yaml": NETWORK_RESOURCE({ groups: ["k8s"] }) }),
    expect: [`HS183 ${W}:5:3`],
    hints: { [`HS183 ${W}:5:3`]: "add - name: app-web to the groups of the app's NetworkResources" },
  },
  {
    name: "HS184 the reverse proxy forwards to the app's internal name, and its chart declares other names",
    files: repo(
      { web: app("web", "exposePublic:", "  cluster: prod", "  fqdn: www.example.com", "  port: 80", "  via: netbird-proxy", ...CLUSTER_VALUES) },
      { "apps/web/templates/nr.yaml": NETWORK_RESOURCE({ service: "web-frontend" }) },
    ),
    expect: [`HS184 ${W}:8:8`],
    hints: { [`HS184 ${W}:8:8`]: "set service: to the Service of one of them (web-frontend.web.prod.int.homescale.cloud)" },
  },
  // --- repository and safety --------------------------------------------------------------------
  {
    name: "HS091 a folder that is not a HomeScale repository",
    files: { "README.md": "hello\n", "src/index.ts": "export {};\n" },
    expect: ["HS091 .:1:1"],
  },
  {
    name: "HS092 a file that cannot be read",
    files: repo({ web: app("web"), api: app("api") }),
    expect: ["HS092 apps/api/app.yaml:1:1"],
    arrange: (dir) => unreadable(path.join(dir, "apps/api/app.yaml")),
  },
];

/**
 * Makes a file unreadable. Mode 000 is enough for a normal user; root reads it anyway, so there the
 * read itself is made to fail the way the kernel fails it for everyone else.
 */
function unreadable(file: string): () => void {
  fs.chmodSync(file, 0o000);
  let readable = true;
  try {
    fs.closeSync(fs.openSync(file, "r"));
  } catch {
    readable = false;
  }
  if (!readable) return () => fs.chmodSync(file, 0o644);
  const real = fs.realpathSync(file);
  // The kernel refuses at open(2), so that is where the failure is made.
  const original = fs.openSync;
  const m = mock.method(fs, "openSync", (p: fs.PathLike, ...rest: unknown[]) => {
    if (p === real) throw Object.assign(new Error(`EACCES: permission denied, open '${real}'`), { code: "EACCES" });
    return (original as (...a: unknown[]) => unknown)(p, ...rest);
  });
  return () => m.mock.restore();
}

for (const row of rows) {
  test(row.name, async () => {
    const dir = write(row.files);
    const undo = row.arrange?.(dir);
    const t0 = performance.now();
    let r: Awaited<ReturnType<typeof checkJson>>;
    try {
      r = await checkJson(dir);
    } finally {
      undo?.();
    }
    const ms = performance.now() - t0;
    const got = r.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);
    assert.deepEqual(got, row.expect, JSON.stringify(r.diagnostics, null, 2));
    for (const [key, hint] of Object.entries(row.hints ?? {})) {
      const d = r.diagnostics.find((x) => `${x.code} ${x.file}:${x.line}:${x.column}` === key);
      assert.equal(d?.hint, hint, key);
    }
    for (const d of r.diagnostics) assert.equal(d.severity, codes[d.code as keyof typeof codes].severity, d.code);
    const errors = r.diagnostics.some((d) => d.severity === "error");
    assert.equal(r.code, errors ? 1 : 0);
    if (row.maxMs !== undefined) assert.ok(ms < row.maxMs, `took ${Math.round(ms)} ms`);
  });
}

test("HS090 a symlink out of the repository is reported and its target never read", async (t) => {
  const outside = tempDir("homescale-outside-");
  // On its own, this file would give HS041, HS020 and HS021; none may appear.
  const target = path.join(outside, "app.yaml");
  fs.writeFileSync(target, lines("path: apps/evil", "namespace: Evil_NS", "bogus: 1", "defaultDeploy: flase"));
  fs.mkdirSync(path.join(outside, "folder"));
  fs.writeFileSync(path.join(outside, "folder", "app.yaml"), lines("bogus: 1"));
  const dir = write(repo({ web: app("web") }));
  fs.mkdirSync(path.join(dir, "apps/evil"));
  fs.symlinkSync(target, path.join(dir, "apps/evil/app.yaml"));
  fs.symlinkSync(path.join(outside, "folder"), path.join(dir, "apps/linked"));
  // A link that stays inside the repository is followed as usual (else apps/alias would get HS076).
  fs.mkdirSync(path.join(dir, "apps/alias"));
  fs.symlinkSync(path.join(dir, "apps/web/app.yaml"), path.join(dir, "apps/alias/app.yaml"));

  const reads = t.mock.method(fs, "readFileSync");
  const r = await checkJson(dir);
  const touched = reads.mock.calls.map((c) => String(c.arguments[0])).filter((p) => p.startsWith(fs.realpathSync(outside)));
  assert.deepEqual(touched, []);
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`),
    ["HS090 apps/evil/app.yaml:1:1", "HS090 apps/linked:1:1"],
  );
  assert.equal(r.code, 1);
});

test("every code in the registry has a fixture row or a reason to skip it", () => {
  const covered = new Set(rows.flatMap((r) => r.expect.map((e) => e.split(" ")[0]!)));
  covered.add("HS090"); // its own test above: it needs symlinks
  for (const code of Object.keys(codes)) {
    assert.ok(covered.has(code) || SKIPPED[code as keyof typeof codes] !== undefined, `${code} has no fixture`);
  }
  for (const r of rows) for (const e of r.expect) assert.ok(e.split(" ")[0]! in codes, `${r.name}: ${e} is not a registered code`);
});
