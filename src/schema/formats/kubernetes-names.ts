/**
 * The names Kubernetes and Helm accept, each as the engine that reads it checks it: one helper per
 * kind of name, used by every field of that kind (k8s.io/apimachinery validation, Helm's release
 * name rule).
 */

/** DNS-1123 label: namespaces, app folders, cluster names (and Application names). */
export const DNS1123_LABEL_PATTERN = "^(?=.{1,63}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$";
/** DNS-1123 subdomain: object names, label-key prefixes. */
export const DNS1123_SUBDOMAIN_PATTERN = "^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$";
/** DNS-1035 label: Service names, which must start with a letter. */
export const DNS1035_LABEL_PATTERN = "^(?=.{1,63}$)[a-z](?:[-a-z0-9]*[a-z0-9])?$";
/** Helm 3's release names: a DNS-1123 subdomain of at most 53 characters (room for suffixes). */
export const HELM_RELEASE_PATTERN = "^(?=.{1,53}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$";
/**
 * A label-key prefix written as `app.<labelDomain>/name`: a DNS-1123 subdomain whose longest use,
 * `cluster.<labelDomain>`, stays within 253 characters.
 */
export const LABEL_DOMAIN_PATTERN = "^(?=.{1,245}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$";
/** applicationNamePrefix: empty, or label characters, so that `<prefix>-<app>` cut to 63 is a DNS-1123 label. */
export const APPLICATION_PREFIX_PATTERN = "^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)?$";

const dns1123Label = new RegExp(DNS1123_LABEL_PATTERN);

export function isDns1123Label(s: string): boolean {
  return dns1123Label.test(s);
}

export type NameKind = "label" | "subdomain" | "service" | "release" | "prefix";

const LIMITS: Record<NameKind, number> = { label: 63, subdomain: 253, service: 63, release: 53, prefix: 62 };

/** The closest name of the kind: lowercased, other characters as '-', cut to the limit. */
export function suggestName(s: string, kind: NameKind): string {
  const dots = kind === "subdomain" || kind === "release";
  let fixed = s
    .toLowerCase()
    .replace(dots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .replace(/\.{2,}/g, ".");
  if (kind === "service") fixed = fixed.replace(/^[^a-z]+/, "");
  return fixed.slice(0, LIMITS[kind]).replace(/[-.]+$/, "");
}

/** The hint for a name that failed its kind's rule: the rule in words and, when there is one, a fix. */
export function explainName(s: string, kind: NameKind): string {
  const limit = LIMITS[kind];
  const rule =
    kind === "service"
      ? `a Service name starts with a letter, then lowercase letters, digits and '-', at most ${limit} characters`
      : kind === "subdomain" || kind === "release"
        ? `use lowercase letters, digits, '-' and '.', at most ${limit} characters`
        : `use lowercase letters, digits and '-', at most ${limit} characters`;
  const fixed = suggestName(s, kind);
  return fixed !== "" && fixed !== s ? `${rule}: ${fixed}` : rule;
}
