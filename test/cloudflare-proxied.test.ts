/**
 * exposePublic's tls, access and cacheBypass (HomeScale today, breadth.md §6.3) in
 * terraform/cloudflare.tf.json: tls sends the tunnel's rule to https:// with the public name as the
 * origin server name; access is a self-hosted Access application; cacheBypass is one rule per name
 * in one cache-phase ruleset per zone (a zone has one entry-point ruleset per phase).
 */
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { HEAD_CORPUS_REPO, readTree, run, tempDir, writeRepo } from "./helpers.js";

type Tf = { resource: Record<string, Record<string, Record<string, unknown>>>; variable?: Record<string, unknown> };

async function cloudflareOf(repo: string): Promise<Tf> {
  const out = path.join(tempDir("homescale-cf-"), "out");
  const r = await run(["build", "--repo", repo, "--out", out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return JSON.parse(readTree(out).get("terraform/cloudflare.tf.json")!) as Tf;
}

test("corpus 2: headlamp's tls, access and cacheBypass", async () => {
  const tf = await cloudflareOf(HEAD_CORPUS_REPO);
  const ingress = (tf.resource.cloudflare_zero_trust_tunnel_cloudflared_config!["homescale-mgmt"]!.config as { ingress: unknown[] }).ingress;
  assert.deepEqual(ingress, [
    { hostname: "headlamp.homescale.cloud", service: "https://headlamp.headlamp.svc.cluster.local:443", origin_request: { origin_server_name: "headlamp.homescale.cloud" } },
    { service: "http_status:404" },
  ]);
  // Names without tls keep http:// and no origin_request.
  const boa = (tf.resource.cloudflare_zero_trust_tunnel_cloudflared_config!["homescale-boa1-prod"]!.config as { ingress: Record<string, unknown>[] }).ingress;
  assert.deepEqual(boa[0], { hostname: "homescale.cloud", service: "http://homepage.homepage.svc.cluster.local:80" });
  const access = tf.resource.cloudflare_zero_trust_access_application!;
  assert.deepEqual(Object.keys(access), ["headlamp_homescale_cloud"]);
  assert.equal(access.headlamp_homescale_cloud!.type, "self_hosted");
  assert.equal(access.headlamp_homescale_cloud!.domain, "headlamp.homescale.cloud");
  assert.match(String(access.headlamp_homescale_cloud!.policies), /var\.cloudflare_access_policy_ids/);
  assert.ok(tf.variable!.cloudflare_access_policy_ids);
  const rules = (tf.resource.cloudflare_ruleset!["cache-headlamp_homescale_cloud"]! as { phase: string; rules: { expression: string; action_parameters: unknown }[] });
  assert.equal(rules.phase, "http_request_cache_settings");
  assert.deepEqual(rules.rules.map((r) => [r.expression, r.action_parameters]), [['(http.host eq "headlamp.homescale.cloud")', { cache: false }]]);
});

test("two bypassed names of one zone are one ruleset; an exposure's own Access policies and session", async () => {
  const app = (name: string, fqdn: string, extra: string) =>
    `path: apps/${name}\nnamespace: ${name}\ndefaultDeploy: true\nexposePublic:\n  - {cluster: prod, fqdn: ${fqdn}, port: 80, ${extra}}\n`;
  const repo = writeRepo({
    "homescale.yaml": "apiVersion: homescale.dev/v1alpha1\nkind: Platform\nclusters:\n  prod: {}\ncloudflare:\n  zones: [example.com]\n",
    "apps/values.yaml": "repoURL: https://example.com/p.git\n",
    "apps/cloudflared/app.yaml": "path: apps/cloudflared\nnamespace: cloudflared\ndefaultDeploy: true\n",
    "apps/a/app.yaml": app("a", "a.example.com", "cacheBypass: true, access: {name: A, sessionDuration: 8h, policies: [p1, p2]}"),
    "apps/b/app.yaml": app("b", "b.example.com", "cacheBypass: true"),
  });
  const tf = await cloudflareOf(repo);
  const sets = tf.resource.cloudflare_ruleset!;
  assert.deepEqual(Object.keys(sets), ["cache-example_com"]);
  assert.equal(sets["cache-example_com"]!.zone_id, "${data.cloudflare_zone.example_com.id}");
  assert.equal((sets["cache-example_com"]!.rules as unknown[]).length, 2);
  const a = tf.resource.cloudflare_zero_trust_access_application!.a_example_com!;
  assert.deepEqual(a.policies, [{ id: "p1", precedence: 1 }, { id: "p2", precedence: 2 }]);
  assert.equal(a.name, "A");
  assert.equal(a.session_duration, "8h");
  assert.equal(tf.variable?.cloudflare_access_policy_ids, undefined);
});
