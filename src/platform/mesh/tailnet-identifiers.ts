/**
 * The names a tailnet policy file uses for who and what (Tailscale KB "Grants syntax", tailcfg):
 * `*`, `group:<name>`, `tag:<name>`, `autogroup:<name>`, a user's login (`alice@example.com`), an
 * address or CIDR. homescale checks the form (a policy Tailscale rejects fails the whole apply) and
 * says in words what each means.
 */
import { TAG_PATTERN } from "../../schema/layers/tailscale.js";

const TAG = new RegExp(TAG_PATTERN);
/** Autogroups a grant may name as a source. */
const SOURCE_AUTOGROUPS = new Set(["member", "admin", "owner", "it-admin", "network-admin", "billing-admin", "auditor", "tagged", "shared", "nonroot", "danger-all"]);
/** And as a destination. */
const DESTINATION_AUTOGROUPS = new Set([...SOURCE_AUTOGROUPS, "self", "internet"]);
const ADDRESS = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$|^[0-9a-f:]+:[0-9a-f:]*(\/\d{1,3})?$/i;
const LOGIN = /^[^\s@:]+@[^\s@:]+$/;

export type Side = "src" | "dst";

/** Why a string is not a policy identifier for that side of a grant; undefined when it is one. */
export function identifierProblem(s: string, side: Side): string | undefined {
  if (s === "*" || ADDRESS.test(s) || LOGIN.test(s)) return undefined;
  if (s.startsWith("tag:")) return TAG.test(s) ? undefined : `${s} is not a valid tag: tag: is followed by a letter, then letters, digits and '-'`;
  if (s.startsWith("group:")) return s.length > "group:".length && !/\s/.test(s) ? undefined : `${s} is not a valid group`;
  if (s.startsWith("autogroup:")) {
    const name = s.slice("autogroup:".length);
    if ((side === "src" ? SOURCE_AUTOGROUPS : DESTINATION_AUTOGROUPS).has(name)) return undefined;
    return DESTINATION_AUTOGROUPS.has(name) ? `${s} can only be a destination` : `${s} is not an autogroup Tailscale knows`;
  }
  return `${s} is not a policy identifier (*, group:<name>, tag:<name>, autogroup:<name>, a user's login, an address)`;
}

/** A user or a group of users: what autogroup:member holds (tagged devices are not members). */
export function isUsers(id: string): boolean {
  return id.startsWith("group:") || LOGIN.test(id) || id === "autogroup:member" || id === "autogroup:admin" || id === "autogroup:owner";
}

export function isTag(id: string): boolean {
  return id.startsWith("tag:");
}

/** What an identifier holds, in words. */
export function describeIdentifier(id: string): string {
  if (id === "*") return "every user and device of the tailnet (*)";
  if (id === "autogroup:member") return "every user of the tailnet (autogroup:member; tagged devices are not members)";
  if (id === "autogroup:self") return "a user's own devices (autogroup:self)";
  if (id.startsWith("tag:")) return `devices tagged ${id}`;
  if (id.startsWith("group:")) return `members of Tailscale group ${id}`;
  if (id.startsWith("autogroup:")) return `Tailscale's ${id}`;
  if (LOGIN.test(id)) return `the user ${id}`;
  return `the address ${id}`;
}
