/**
 * The closed set of diagnostic codes. Codes are a public contract (DESIGN.md): never renumber,
 * never reuse a retired code. Each code belongs to exactly one rule or stage, named here.
 */
export const codes = {
  // load and YAML (stage: load/, parse/)
  HS001: { severity: "error", owner: "parse", title: "YAML syntax error" },
  HS002: { severity: "error", owner: "parse", title: "duplicate mapping key" },
  HS003: { severity: "error", owner: "parse", title: "tab character used for indentation" },
  HS004: { severity: "error", owner: "load", title: "file is not valid UTF-8" },
  HS005: { severity: "error", owner: "parse", title: "more than one YAML document in a file that holds one" },
  HS006: { severity: "error", owner: "parse", title: "alias expansion over the limit (alias bomb)" },
  HS007: { severity: "error", owner: "load", title: "file larger than the size limit" },
  HS008: { severity: "warning", owner: "yaml11-traps", title: "unquoted scalar that YAML 1.1 reads as a boolean" },
  HS009: { severity: "warning", owner: "yaml11-traps", title: "unquoted scalar that YAML 1.1 reads as a number" },
  HS010: { severity: "warning", owner: "yaml11-traps", title: "unquoted scalar that YAML 1.1 reads as a timestamp" },
  // schema (stage: schema/validate.ts)
  HS020: { severity: "error", owner: "schema", title: "unknown field" },
  HS021: { severity: "error", owner: "schema", title: "wrong type" },
  HS022: { severity: "error", owner: "schema", title: "missing required field" },
  HS023: { severity: "error", owner: "schema", title: "value not among the allowed values" },
  HS024: { severity: "error", owner: "schema", title: "port is not a string of 1-65535" },
  HS025: { severity: "error", owner: "schema", title: "syncWave is not an integer" },
  HS026: { severity: "error", owner: "schema", title: "unsupported apiVersion or kind" },
  HS027: { severity: "error", owner: "schema", title: "value does not have the required format" },
  // names (rule: names)
  HS040: { severity: "error", owner: "names", title: "app folder name is not a DNS-1123 label" },
  HS041: { severity: "error", owner: "names", title: "namespace is not a DNS-1123 label" },
  HS042: { severity: "warning", owner: "names", title: "Application name longer than 63 characters is truncated" },
  HS043: { severity: "error", owner: "names", title: "two apps render the same Application name" },
  HS044: { severity: "error", owner: "names", title: "cluster name is not a DNS-1123 label" },
  HS045: { severity: "error", owner: "names", title: "two NetBird policies get the same name" },
  // references (rules: cluster-refs, source-refs, exposure)
  HS050: { severity: "error", owner: "cluster-refs", title: "clusters.<name> names no cluster" },
  HS051: { severity: "error", owner: "source-refs", title: "policy source outside the configured set" },
  HS052: { severity: "error", owner: "source-refs", title: "app:<name> names no app" },
  HS053: { severity: "error", owner: "exposure", title: "exposePublic.cluster names no cluster" },
  HS054: { severity: "error", owner: "exposure", title: "exposePublic.cluster is a cluster where the app is not enabled" },
  HS055: { severity: "error", owner: "exposure", title: "exposePublic.cluster runs no tunnel connector" },
  HS056: { severity: "error", owner: "exposure", title: "public hostname claimed twice" },
  HS057: { severity: "error", owner: "exposure", title: "public hostname outside the configured zones" },
  HS058: { severity: "error", owner: "exposure", title: "exposePublic differs between clusters" },
  HS059: { severity: "error", owner: "platform-refs", title: "homescale.yaml names a source outside the configured set" },
  HS060: { severity: "warning", owner: "platform-refs", title: "routedSubnets on a cluster that is not a gateway" },
  HS061: { severity: "warning", owner: "exposure", title: "a wildcard public name also matches another name on the same tunnel" },
  // catalog semantics (rules: templates, netbird-scope, enablement, sync-waves, namespaces)
  HS070: { severity: "error", owner: "templates", title: "template expression outside the supported subset" },
  HS071: { severity: "error", owner: "netbird-scope", title: "netbird: block under a cluster override" },
  HS072: { severity: "info", owner: "enablement", title: "app enabled on no cluster" },
  HS073: { severity: "warning", owner: "sync-waves", title: "custom resources sync before their operator" },
  HS074: { severity: "warning", owner: "namespaces", title: "apps sharing a namespace disagree on podSecurity" },
  HS075: { severity: "warning", owner: "catalog-settings", title: "catalog default disagrees with homescale.yaml" },
  HS076: { severity: "warning", owner: "app-layout", title: "app folder has no app.yaml" },
  HS077: { severity: "warning", owner: "app-layout", title: "path does not point at the app's folder" },
  // repository and safety (stage: load/)
  HS090: { severity: "error", owner: "load", title: "symlink leads outside the repository" },
  HS091: { severity: "error", owner: "load", title: "not a HomeScale repository" },
  HS092: { severity: "error", owner: "load", title: "file could not be read" },
} as const satisfies Record<string, { severity: "error" | "warning" | "info"; owner: string; title: string }>;

export type Code = keyof typeof codes;
