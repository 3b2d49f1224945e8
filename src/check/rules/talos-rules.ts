/** The rules of the Omni and Talos layer (seeds 001, 002), in the order they run. */
import type { Rule } from "../rule.js";
import { clusterDnsRule } from "./cluster-dns.js";
import { etcdQuorumRule } from "./etcd-quorum.js";
import { omniPatchesRule } from "./omni-patches.js";
import { omniTemplatesRule } from "./omni-templates.js";
import { talosNodesRule } from "./talos-nodes.js";
import { talosVersionsRule } from "./talos-versions.js";

export const talosRules: readonly Rule[] = [omniTemplatesRule, talosVersionsRule, omniPatchesRule, talosNodesRule, etcdQuorumRule, clusterDnsRule];
