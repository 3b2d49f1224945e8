/**
 * String fields with a format, built one way everywhere: the pattern editors check, the code and
 * noun of the diagnostic, and what to tell the user about a value that fails (schema/formats/).
 */
import { Type, type TString } from "@sinclair/typebox";
import { withFormat } from "./annotate.js";
import { ADDRESS_RANGE_PATTERN, CIDR_PATTERN, explainCidr, explainIp, explainRange, IP_PATTERN } from "./formats/cidr.js";
import { explainHostname, HOSTNAME_PATTERN, WILDCARD_HOSTNAME_PATTERN } from "./formats/hostname.js";
import {
  APPLICATION_PREFIX_PATTERN,
  DNS1035_LABEL_PATTERN,
  explainName,
  HELM_RELEASE_PATTERN,
  LABEL_DOMAIN_PATTERN,
  type NameKind,
} from "./formats/kubernetes-names.js";

const NAME_PATTERNS: Partial<Record<NameKind, string>> = {
  release: HELM_RELEASE_PATTERN,
  service: DNS1035_LABEL_PATTERN,
  subdomain: LABEL_DOMAIN_PATTERN,
  prefix: APPLICATION_PREFIX_PATTERN,
};

/** A name Kubernetes or Helm accepts (HS029). An empty value is HS027 unless `allowEmpty`. */
export function nameField(kind: NameKind, noun: string, description: string, opts: { allowEmpty?: boolean } = {}): TString {
  const pattern = NAME_PATTERNS[kind];
  if (pattern === undefined) throw new Error(`no schema pattern for ${kind} names`);
  return withFormat(Type.String({ ...(opts.allowEmpty === true ? {} : { minLength: 1 }), pattern, description }), "HS029", noun, (s) => explainName(s, kind));
}

/** A DNS hostname (HS028); with `wildcard`, its leftmost label may be `*`. An empty value is HS027. */
export function hostnameField(description: string, opts: { wildcard?: boolean } = {}): TString {
  const wildcard = opts.wildcard === true;
  return withFormat(
    Type.String({ minLength: 1, pattern: wildcard ? WILDCARD_HOSTNAME_PATTERN : HOSTNAME_PATTERN, description }),
    "HS028",
    "a hostname",
    (s) => explainHostname(s, { wildcard }),
  );
}

/** A subnet in CIDR form as Go parses it (HS027, as before). */
export function cidrField(description: string): TString {
  return withFormat(Type.String({ pattern: CIDR_PATTERN, description }), "HS027", "a CIDR subnet", explainCidr);
}

/** One IP address (HS027). */
export function ipField(description: string): TString {
  return withFormat(Type.String({ pattern: IP_PATTERN, description }), "HS027", "an IP address", explainIp);
}

/** A CIDR or a range first-last of addresses (HS027), as Cilium LB-IPAM and MetalLB take them. */
export function addressRangeField(description: string): TString {
  return withFormat(Type.String({ pattern: ADDRESS_RANGE_PATTERN, description }), "HS027", "a CIDR or an address range", explainRange);
}
