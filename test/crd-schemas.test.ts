/**
 * Every object build renders is one the API server accepts: validated against the real CRD schemas
 * in ../shared/schemas/crds (unknown fields are errors), on the corpus, the examples and a platform
 * with every gateway and load-balancer kind. The CEL rules the schemas carry are checked by hand for
 * the fields homescale writes.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parseAllDocuments } from "yaml";
import { EXCERPTS } from "./crd-excerpts.js";
import { loadCrdSchema, validateCrd } from "./crd-validate.js";
import { CORPUS, CORPUS_REPO, EXAMPLE, ROOT, run, tempDir } from "./helpers.js";

const CRDS = path.join(path.dirname(path.dirname(CORPUS)), "schemas", "crds");
/** Core kinds the schemas folder does not hold (it holds CRDs, and Ingress); Kubernetes' own. */
const CORE = new Set(["v1/Namespace", "v1/ConfigMap"]);

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, any> };

async function rendered(repo: string): Promise<{ file: string; doc: Doc }[]> {
  const out = path.join(tempDir("homescale-crd-"), "out");
  const r = await run(["build", "--repo", repo, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  const docs: { file: string; doc: Doc }[] = [];
  for (const c of fs.readdirSync(path.join(out, "clusters"))) {
    for (const f of fs.readdirSync(path.join(out, "clusters", c))) {
      if (!f.endsWith(".yaml")) continue;
      for (const d of parseAllDocuments(fs.readFileSync(path.join(out, "clusters", c, f), "utf8"))) docs.push({ file: `${c}/${f}`, doc: d.toJS() as Doc });
    }
  }
  return docs;
}

/** Seed 004's shapes: MetalLB, an nginx gateway, auth in another namespace, a certificate set by hand. */
const EVERY_KIND = path.join(ROOT, "test", "fixtures", "metallb-nginx");

test("every rendered object validates against its CRD schema, unknown fields as errors", async () => {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const repo of [CORPUS_REPO, EXAMPLE, path.join(ROOT, "examples", "home-ops"), EVERY_KIND, path.join(ROOT, "examples", "vps-edge"), path.join(ROOT, "test", "fixtures", "edge-envoy"), path.join(ROOT, "test", "fixtures", "argocd-plugin")]) {
    for (const { file, doc } of await rendered(repo)) {
      const id = `${doc.apiVersion}/${doc.kind}`;
      seen.add(id);
      if (CORE.has(id)) continue;
      const schema = loadCrdSchema(CRDS, doc.apiVersion, doc.kind) ?? EXCERPTS[id];
      if (!schema) {
        problems.push(`${file}: no schema for ${id}`);
        continue;
      }
      for (const p of validateCrd(schema, doc)) problems.push(`${file} ${doc.kind} ${doc.metadata.name}${p}`);
      problems.push(...celRules(doc).map((p) => `${file} ${doc.kind} ${doc.metadata.name}: ${p}`));
    }
  }
  assert.deepEqual(problems, []);
  // The test saw every kind homescale renders for these platforms.
  for (const k of [
    "argoproj.io/v1alpha1/Application",
    "netbird.io/v1alpha1/NetworkRouter",
    "netbird.io/v1alpha1/NetworkResource",
    "gateway.networking.k8s.io/v1/Gateway",
    "gateway.networking.k8s.io/v1/HTTPRoute",
    "gateway.networking.k8s.io/v1beta1/ReferenceGrant",
    "gateway.envoyproxy.io/v1alpha1/SecurityPolicy",
    "gateway.envoyproxy.io/v1alpha1/EnvoyProxy",
    "cert-manager.io/v1/Certificate",
    "cert-manager.io/v1/ClusterIssuer",
    "cilium.io/v2/CiliumLoadBalancerIPPool",
    "cilium.io/v2alpha1/CiliumL2AnnouncementPolicy",
    "metallb.io/v1beta1/IPAddressPool",
    "metallb.io/v1beta1/L2Advertisement",
    "networking.k8s.io/v1/Ingress",
    "gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy",
    "v1/ConfigMap",
  ]) {
    assert.ok(seen.has(k), `no ${k} was rendered`);
  }
});

/** The CEL rules of the schemas that bear on what homescale writes (breadth.md §2). */
function celRules(doc: Doc): string[] {
  const out: string[] = [];
  const spec = doc.spec ?? {};
  if (doc.kind === "SecurityPolicy") {
    if ((spec.targetRef === undefined) === (spec.targetRefs === undefined)) out.push("exactly one of targetRef and targetRefs");
    const http = spec.extAuth?.http;
    if (http && (http.path !== undefined) === (http.pathOverride !== undefined) && http.path !== undefined) out.push("path and pathOverride exclude each other");
    for (const b of http?.backendRefs ?? []) if ((b.group ?? "") === "" && (b.kind ?? "Service") === "Service" && b.port === undefined) out.push("a Service backend needs a port");
  }
  if (doc.kind === "HTTPRoute") {
    for (const r of spec.rules ?? []) for (const b of r.backendRefs ?? []) if (b.port === undefined) out.push("a Service backend needs a port");
    const parents = spec.parentRefs as { name: string; sectionName?: string }[];
    if (new Set(parents.map((p) => `${p.name}/${p.sectionName ?? ""}`)).size !== parents.length) out.push("two parentRefs to the same section");
  }
  if (doc.kind === "Gateway") {
    for (const l of spec.listeners ?? []) {
      if (l.protocol === "HTTPS" && !(l.tls?.certificateRefs?.length > 0)) out.push(`listener ${l.name}: HTTPS needs certificateRefs`);
      if (l.protocol === "HTTP" && l.tls !== undefined) out.push(`listener ${l.name}: tls is forbidden for HTTP`);
      const sel = l.allowedRoutes?.namespaces;
      if (sel?.from === "Selector" && !(sel.selector?.matchExpressions?.every((e: { values: unknown[] }) => e.values.length > 0) ?? false)) out.push(`listener ${l.name}: an empty selector`);
    }
  }
  if (doc.kind === "Certificate" && !(spec.dnsNames?.length > 0)) out.push("a Certificate needs a name");
  if (doc.kind === "ClientTrafficPolicy") {
    if (!((spec.targetRef !== undefined) !== (spec.targetRefs !== undefined) || spec.targetSelectors?.length > 0)) out.push("either targetRef or targetRefs must be used");
    for (const r of spec.targetRefs ?? []) {
      if (r.group !== "gateway.networking.k8s.io") out.push("targetRefs[*].group must be gateway.networking.k8s.io");
      if (!["Gateway", "ListenerSet"].includes(r.kind)) out.push("targetRefs[*].kind must be Gateway or ListenerSet");
    }
  }
  return out;
}
