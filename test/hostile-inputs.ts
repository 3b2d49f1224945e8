/**
 * The catalogue of hostile inputs of test/hostile-input.test.ts: each one edit of the bundled
 * example (one line replaced, or a file added) and the code check must report for it, on that line.
 * Data only, so that docs/hostile-input.md's count can be held to it (docs.test.ts).
 */
import type { Code } from "../src/diag/codes.js";

export interface HostileInput {
  /** What is hostile about it. */
  name: string;
  /** The file edited, relative to the example's root. */
  file: string;
  /** The line replaced (a pattern matching one whole line), or undefined to add the file. */
  line?: RegExp;
  /** The new line (or the whole file). */
  text: string;
  code: Code;
}

const HOMEPAGE = "apps/homepage/app.yaml";
const HOMECRAFT = "apps/homecraft/app.yaml";
const VALUES = "apps/values.yaml";
const PLATFORM = "homescale.yaml";

const fqdn = (name: string, value: string): HostileInput => ({ name: `public name: ${name}`, file: HOMEPAGE, line: /^ {2}fqdn: .*$/, text: `  fqdn: ${value}`, code: "HS028" });
const field = (name: string, file: string, key: string, value: string, code: Code): HostileInput => ({ name, file, line: new RegExp(`^${key}: .*$`), text: `${key}: ${value}`, code });
const subnet = (name: string, cidr: string): HostileInput => ({
  name: `routed subnet: ${name}`,
  file: PLATFORM,
  line: /^ {2}boa1-gw: .*$/,
  text: `  boa1-gw: {region: boa1, role: gateway, routedSubnets: ['${cidr}']}`,
  code: "HS027",
});

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  // hostnames: one validator for every field that holds one
  fqdn("a URL", "https://www.homescale.cloud/"),
  fqdn("a host and port", "www.homescale.cloud:443"),
  fqdn("a space", "'www homescale.cloud'"),
  fqdn("an underscore", "www_1.homescale.cloud"),
  fqdn("a label over 63 characters", `${"w".repeat(64)}.homescale.cloud`),
  fqdn("a name over 253 characters", `${`${"w".repeat(60)}.`.repeat(4)}homescale.cloud`),
  fqdn("a trailing dot", "www.homescale.cloud."),
  fqdn("an IDN not in punycode", "wöw.homescale.cloud"),
  fqdn("a wildcard inside a label", "'*www.homescale.cloud'"),
  fqdn("a wildcard not leftmost", "www.*.homescale.cloud"),
  fqdn("an IP address", "192.168.1.10"),
  fqdn("one label", "localhost"),
  fqdn("a label ending in '-'", "www-.homescale.cloud"),
  fqdn("two dots", "www..homescale.cloud"),
  { name: "internal domain: an underscore", file: PLATFORM, line: /^ {2}internal: .*$/, text: "  internal: int_homescale.cloud", code: "HS028" },
  { name: "external domain: a URL", file: PLATFORM, line: /^ {2}external: .*$/, text: "  external: https://ext.homescale.cloud", code: "HS028" },
  { name: "internal domain: empty", file: PLATFORM, line: /^ {2}internal: .*$/, text: '  internal: ""', code: "HS027" },
  // Kubernetes and Helm names
  field("releaseName: uppercase and underscore", HOMEPAGE, "releaseName", "Home_Page", "HS029"),
  field("releaseName: over Helm's 53 characters", HOMEPAGE, "releaseName", "h".repeat(54), "HS029"),
  field("releaseName: a leading '-'", HOMEPAGE, "releaseName", "'-homepage'", "HS029"),
  { name: "service: starts with a digit", file: HOMEPAGE, line: /^releaseName: .*$/, text: "releaseName: homepage\nservice: 1homepage", code: "HS029" },
  field("namespace: not a DNS-1123 label", HOMEPAGE, "namespace", "Home_Page", "HS041"),
  field("namespace: a dot", HOMEPAGE, "namespace", "home.page", "HS041"),
  field("namespace: over 63 characters", HOMEPAGE, "namespace", "n".repeat(64), "HS041"),
  field("labelDomain: uppercase", PLATFORM, "labelDomain", "HomeScale.cloud", "HS029"),
  field("labelDomain: a URL", PLATFORM, "labelDomain", "https://homescale.cloud", "HS029"),
  field("applicationNamePrefix: an underscore", VALUES, "applicationNamePrefix", "hs_", "HS029"),
  field("applicationNamePrefix: a dot", VALUES, "applicationNamePrefix", "hs.prod", "HS029"),
  { name: "argocd namespace in homescale.yaml", file: PLATFORM, line: /^ {2}namespace: argocd$/, text: "  namespace: Argo_CD", code: "HS041" },
  // numbers
  field("syncWave: 1e30", HOMEPAGE, "syncWave", "1e30", "HS030"),
  field("syncWave: 2^53 + 1", HOMEPAGE, "syncWave", "9007199254740993", "HS030"),
  field("syncWave: beyond int64", HOMEPAGE, "syncWave", "-99999999999999999999", "HS030"),
  field("syncWave: hexadecimal beyond 2^53", HOMEPAGE, "syncWave", "0x7fffffffffffffff", "HS030"),
  field("revisionHistoryLimit: 1e20", VALUES, "revisionHistoryLimit", "1e20", "HS030"),
  field("revisionHistoryLimit: negative", VALUES, "revisionHistoryLimit", "-1", "HS027"),
  { name: "port: beyond 2^53", file: HOMEPAGE, line: /^ {2}port: 80$/, text: "  port: 1e300", code: "HS030" },
  // paths
  field("path: out of the repository", HOMEPAGE, "path", "../../etc", "HS031"),
  field("path: absolute", HOMEPAGE, "path", "/srv/charts/homepage", "HS031"),
  { name: "valueFiles: out of the repository", file: HOMEPAGE, line: /^path: .*$/, text: "path: apps/homepage\nvalueFiles: [../../../secrets.yaml]", code: "HS031" },
  // subnets
  subnet("an octet over 255", "10.1.300.0/24"),
  subnet("a prefix over 32", "10.1.0.0/40"),
  subnet("an IPv6 prefix over 128", "fd00::/200"),
  subnet("no prefix", "10.1.0.0"),
  subnet("IPv6 with ':::'", "fd00:::/64"),
  subnet("a leading zero", "10.01.0.0/16"),
  // references
  { name: "netbird.operatorApp names no app", file: PLATFORM, line: /^argocd:$/, text: "netbird: {operatorApp: netbrid}\nargocd:", code: "HS062" },
  { name: "cloudflare.connectorApp names no app", file: PLATFORM, line: /^argocd:$/, text: "cloudflare: {connectorApp: cloudflare-tunnel}\nargocd:", code: "HS062" },
  // catalog
  field("repoURL: null", VALUES, "repoURL", "null", "HS079"),
  field("repoURL: empty", VALUES, "repoURL", '""', "HS079"),
  // scalars
  { name: "a NUL in a value", file: HOMECRAFT, line: /^releaseName: .*$/, text: "releaseName: home\u0000craft", code: "HS011" },
  { name: "a terminal escape sequence in a comment", file: HOMECRAFT, line: /^# Minecraft.*$/, text: "# \u001b[2J\u001b[31mgotcha", code: "HS011" },
  { name: "a C1 control (CSI) in a quoted value", file: HOMECRAFT, line: /^releaseName: .*$/, text: 'releaseName: "home\u009bcraft"', code: "HS011" },
  { name: "an alias to no anchor", file: HOMECRAFT, line: /^releaseName: .*$/, text: "releaseName: *release", code: "HS012" },
  // the bootstrap
];
