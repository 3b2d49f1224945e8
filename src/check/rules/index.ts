/** The one registry of check rules, in the order they run. */
import type { Rule } from "../rule.js";
import { addressingRule } from "./addressing.js";
import { appLayoutRule } from "./app-layout.js";
import { argocdPluginRule } from "./argocd-plugin.js";
import { dnsOwnerRule } from "./dns-owner.js";
import { edgesRule } from "./edges.js";
import { gatewaysRule } from "./gateways.js";
import { bootstrapRule } from "./bootstrap.js";
import { talosRules } from "./talos-rules.js";
import { catalogSettingsRule } from "./catalog-settings.js";
import { clusterRefsRule } from "./cluster-refs.js";
import { enablementRule } from "./enablement.js";
import { meshScopeRule } from "./mesh-scope.js";
import { exposureRule } from "./exposure.js";
import { namesRule } from "./names.js";
import { namespacesRule } from "./namespaces.js";
import { netbirdObjectsRule } from "./netbird-objects.js";
import { platformRefsRule } from "./platform-refs.js";
import { repoPathsRule } from "./repo-paths.js";
import { sourceRefsRule } from "./source-refs.js";
import { syncWavesRule } from "./sync-waves.js";
import { tailscaleRule } from "./tailscale.js";
import { templatesRule } from "./templates.js";

export const rules: readonly Rule[] = [
  namesRule,
  clusterRefsRule,
  sourceRefsRule,
  meshScopeRule,
  tailscaleRule,
  netbirdObjectsRule,
  exposureRule,
  addressingRule,
  gatewaysRule,
  edgesRule,
  dnsOwnerRule,
  platformRefsRule,
  templatesRule,
  enablementRule,
  syncWavesRule,
  namespacesRule,
  catalogSettingsRule,
  appLayoutRule,
  repoPathsRule,
  bootstrapRule,
  argocdPluginRule,
  ...talosRules,
];
