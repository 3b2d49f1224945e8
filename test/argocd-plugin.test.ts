/**
 * The Argo CD config-management plugin as build renders it for a platform that asks for it
 * (homescale.yaml argocd.plugin): the ConfigMap with plugin.yaml and the bootstrap that renders
 * through it (clusters/<c>/bootstrap.yaml), and the argocd-repo-server sidecar, as a
 * strategic-merge patch and as argo-cd chart values (argocd/).
 *
 * What each is checked against:
 * - plugin.yaml: Argo CD's own decoder of it, PluginConfig in cmpserver/plugin/config.go (argo-cd
 *   at 37ee0097cf85, the commit of ../shared/schemas' Application CRD), written out below as a
 *   structural schema, unknown fields as errors (Argo CD's decoder drops them silently, so a
 *   misspelt field would do nothing), and ValidatePluginConfig's rules;
 * - the sidecar's container and volumes: Kubernetes' own core/v1 Container and Volume, as
 *   controller-gen generated them from k8s.io/api into Envoy Gateway's EnvoyProxy CRD
 *   (../shared/schemas/crds/gateway.envoyproxy.io, envoyDeployment.initContainers and
 *   envoyDeployment.pod.volumes are []corev1.Container and []corev1.Volume), unknown fields as errors;
 * - the Deployment patch around them and the ConfigMap: no schema of these core kinds is on this
 *   machine, so the test holds them to the fields Kubernetes' API reference defines for
 *   Deployment/DeploymentSpec/PodTemplateSpec/PodSpec and ConfigMap (below), plus the rules the
 *   API server applies beyond the schema (names, mount paths, volumes that mounts name);
 * - the patch's effect: applied with kubectl's own strategic merge (kubectl patch --local, no
 *   cluster) to an argocd-repo-server Deployment shaped like Argo CD's manifests;
 * - the generate command: run as argocd-cmp-server runs it, in a copy of the repository, with the
 *   environment Argo CD gives it, against bin/homescale.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { loadCrdSchema, validateCrd } from "./crd-validate.js";
import { parseStream, type Obj } from "./k8s-objects.js";
import { CORPUS, copyTree, editFile, ROOT, run, tempDir } from "./helpers.js";
import { REPO_SERVER_VOLUMES } from "../src/render/targets/argocd/cmp-sidecar.js";
import { HOMESCALE_VERSION } from "../src/render/version.js";

const FIXTURE = path.join(ROOT, "test", "fixtures", "argocd-plugin");
const CRDS = path.join(path.dirname(path.dirname(CORPUS)), "schemas", "crds");

type Schema = Record<string, any>;
type Any = Record<string, any>;

async function build(repo: string): Promise<string> {
  const out = path.join(tempDir("homescale-cmp-"), "out");
  const r = await run(["build", "--repo", repo, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  return out;
}

function readYaml(file: string): Obj[] {
  const text = fs.readFileSync(file, "utf8");
  // Read as Go reads it (YAML 1.1) and as YAML 1.2: the same objects.
  const v11 = parseStream(text, "1.1");
  assert.deepEqual(parseStream(text, "1.2"), v11, file);
  return v11;
}

/** Kubernetes' core/v1 Container and Volume, from a CRD that embeds them whole (see the header). */
function coreSchemas(): { container: Schema; volume: Schema } {
  const envoy = loadCrdSchema(CRDS, "gateway.envoyproxy.io/v1alpha1", "EnvoyProxy")!;
  const deployment = envoy.properties.spec.properties.provider.properties.kubernetes.properties.envoyDeployment.properties;
  const container = deployment.initContainers.items as Schema;
  const volume = deployment.pod.properties.volumes.items as Schema;
  // Whole types, not a subset: the fields a sidecar needs are there, and so are the rarer ones.
  for (const f of ["command", "args", "image", "imagePullPolicy", "securityContext", "volumeMounts", "env", "resources", "livenessProbe"]) assert.ok(container.properties[f], f);
  for (const f of ["configMap", "emptyDir", "secret", "projected", "persistentVolumeClaim"]) assert.ok(volume.properties[f], f);
  return { container, volume };
}

const str = { type: "string" };
const strings = { type: "array", items: str };
const closed = (properties: Schema, required: string[] = []): Schema => ({ type: "object", properties, required, additionalProperties: false });

/** PluginConfig of argo-cd's cmpserver/plugin/config.go: TypeMeta, metadata, spec (PluginConfigSpec). */
function pluginConfigSchema(): Schema {
  const command = closed({ command: strings, args: strings });
  const announcement = closed({
    name: str,
    title: str,
    tooltip: str,
    required: { type: "boolean" },
    itemType: str,
    collectionType: str,
    string: str,
    array: strings,
    map: { type: "object", additionalProperties: str },
  });
  return closed(
    {
      apiVersion: { type: "string", enum: ["argoproj.io/v1alpha1"] },
      kind: { type: "string", enum: ["ConfigManagementPlugin"] },
      metadata: closed({ name: { type: "string", minLength: 1 } }, ["name"]),
      spec: closed(
        {
          version: str,
          init: command,
          generate: command,
          discover: closed({ find: closed({ command: strings, args: strings, glob: str }), fileName: str }),
          parameters: closed({ static: { type: "array", items: announcement }, dynamic: command }),
          preserveFileMode: { type: "boolean" },
          provideGitCreds: { type: "boolean" },
        },
        ["generate"],
      ),
    },
    ["apiVersion", "kind", "metadata", "spec"],
  );
}

/** ConfigMap (core/v1) as the API reference defines it. */
const CONFIG_MAP = closed(
  {
    apiVersion: { type: "string", enum: ["v1"] },
    kind: { type: "string", enum: ["ConfigMap"] },
    metadata: closed({ name: str, namespace: str, labels: { type: "object", additionalProperties: str }, annotations: { type: "object", additionalProperties: str } }, ["name"]),
    data: { type: "object", additionalProperties: str },
    binaryData: { type: "object", additionalProperties: str },
    immutable: { type: "boolean" },
  },
  ["apiVersion", "kind", "metadata"],
);

/** A strategic-merge patch of a Deployment that adds containers and volumes: Deployment > DeploymentSpec > PodTemplateSpec > PodSpec. */
function deploymentPatchSchema(core: { container: Schema; volume: Schema }): Schema {
  const podSpec = closed({ containers: { type: "array", items: core.container }, volumes: { type: "array", items: core.volume } });
  return closed(
    {
      apiVersion: { type: "string", enum: ["apps/v1"] },
      kind: { type: "string", enum: ["Deployment"] },
      metadata: closed({ name: str, namespace: str }, ["name"]),
      spec: closed({ template: closed({ spec: podSpec }, ["spec"]) }, ["template"]),
    },
    ["apiVersion", "kind", "metadata", "spec"],
  );
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What the API server checks of a pod spec beyond its schema, for the fields a sidecar sets. */
function podRules(containers: Any[], volumes: Any[]): string[] {
  const out: string[] = [];
  const names = new Set(volumes.map((v) => v.name as string));
  if (names.size !== volumes.length) out.push("volume names repeat");
  for (const v of volumes) if (!DNS_LABEL.test(v.name) || v.name.length > 63) out.push(`volume ${v.name}: not a DNS label`);
  for (const v of volumes) if (Object.keys(v).length !== 2) out.push(`volume ${v.name}: exactly one source`);
  if (new Set(containers.map((c) => c.name)).size !== containers.length) out.push("container names repeat");
  for (const c of containers) {
    if (!DNS_LABEL.test(c.name) || c.name.length > 63) out.push(`container ${c.name}: not a DNS label`);
    const mounts = (c.volumeMounts ?? []) as Any[];
    if (new Set(mounts.map((m) => m.mountPath)).size !== mounts.length) out.push(`container ${c.name}: a mountPath repeats`);
    for (const m of mounts) {
      if (!names.has(m.name)) out.push(`container ${c.name}: mount ${m.mountPath} names no volume ${m.name}`);
      if (!String(m.mountPath).startsWith("/")) out.push(`container ${c.name}: ${m.mountPath} is not absolute`);
      if (m.subPath !== undefined && (String(m.subPath).startsWith("/") || String(m.subPath).split("/").includes(".."))) out.push(`container ${c.name}: bad subPath ${m.subPath}`);
    }
  }
  return out;
}

/** The parts of Argo CD's argocd-repo-server Deployment (its manifests, and the argo-cd chart) that the sidecar relies on. */
const REPO_SERVER_BASE = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "argocd-repo-server", namespace: "argocd" },
  spec: {
    selector: { matchLabels: { "app.kubernetes.io/name": "argocd-repo-server" } },
    template: {
      metadata: { labels: { "app.kubernetes.io/name": "argocd-repo-server" } },
      spec: {
        initContainers: [
          {
            name: "copyutil",
            image: "quay.io/argoproj/argocd:v3.4.4",
            command: ["/bin/cp", "-n", "/usr/local/bin/argocd", "/var/run/argocd/argocd-cmp-server"],
            volumeMounts: [{ name: "var-files", mountPath: "/var/run/argocd" }],
          },
        ],
        containers: [
          {
            name: "argocd-repo-server",
            image: "quay.io/argoproj/argocd:v3.4.4",
            volumeMounts: [
              { name: "var-files", mountPath: "/var/run/argocd" },
              { name: "plugins", mountPath: "/home/argocd/cmp-server/plugins" },
              { name: "tmp", mountPath: "/tmp" },
            ],
          },
        ],
        volumes: [
          { name: "var-files", emptyDir: {} },
          { name: "plugins", emptyDir: {} },
          { name: "tmp", emptyDir: {} },
        ],
      },
    },
  },
};

interface Rendered {
  out: string;
  app: Any;
  configMap: Any;
  plugin: Any;
  patch: Any;
  values: Any;
}

async function rendered(repo = FIXTURE, cluster = "home"): Promise<Rendered> {
  const out = await build(repo);
  const [app, configMap] = readYaml(path.join(out, "clusters", cluster, "bootstrap.yaml")) as Any[];
  const [patch] = readYaml(path.join(out, "argocd", "repo-server-patch.yaml")) as Any[];
  const [values] = readYaml(path.join(out, "argocd", "repo-server-values.yaml")) as Any[];
  // sigs.k8s.io/yaml, which Argo CD reads plugin.yaml with, is YAML 1.1.
  const plugin = parse(configMap!.data["plugin.yaml"], { version: "1.1" }) as Any;
  return { out, app: app!, configMap: configMap!, plugin, patch: patch!, values: values! };
}

test("plugin.yaml is a ConfigManagementPlugin as argocd-cmp-server decodes and validates it", async () => {
  const { plugin } = await rendered();
  assert.deepEqual(validateCrd(pluginConfigSchema(), plugin), []);
  // ValidatePluginConfig: a name, the kind, a generate command. Discovery is optional there; ours
  // keeps the plugin off repositories that are no homescale platform.
  assert.ok(plugin.metadata.name.length > 0);
  assert.ok(plugin.spec.generate.command.length > 0);
  assert.equal(plugin.spec.discover.fileName, "homescale.yaml");
  // Go decodes it into a string field: a YAML number there would fail the whole sidecar.
  assert.equal(typeof plugin.spec.version, "string");
  assert.equal(plugin.spec.version, HOMESCALE_VERSION);
});

test("the ConfigMap has only the fields of a ConfigMap and the key the sidecar mounts", async () => {
  const { configMap, patch } = await rendered();
  assert.deepEqual(validateCrd(CONFIG_MAP, configMap), []);
  for (const k of Object.keys(configMap.data)) assert.match(k, /^[-._a-zA-Z0-9]+$/);
  const plugin = (patch.spec.template.spec.volumes as Any[]).find((v) => v.configMap !== undefined)!;
  assert.equal(plugin.configMap.name, configMap.metadata.name);
  assert.equal(patch.metadata.namespace, configMap.metadata.namespace, "a pod mounts ConfigMaps of its own namespace");
  const mount = (patch.spec.template.spec.containers[0].volumeMounts as Any[]).find((m) => m.name === plugin.name)!;
  assert.ok(mount.subPath in configMap.data, `${mount.subPath} is a key of the ConfigMap`);
});

test("the repo-server patch: a Deployment patch of Kubernetes' Container and Volume, the sidecar Argo CD's docs describe", async () => {
  const core = coreSchemas();
  const { patch } = await rendered();
  assert.deepEqual(validateCrd(deploymentPatchSchema(core), patch), []);
  assert.equal(patch.metadata.name, "argocd-repo-server");
  const { containers, volumes } = patch.spec.template.spec as { containers: Any[]; volumes: Any[] };
  assert.equal(containers.length, 1);
  const [sidecar] = containers as [Any];
  // The repo-server brings var-files and plugins; the patch brings the rest.
  assert.deepEqual(podRules(containers, [...volumes, ...REPO_SERVER_VOLUMES.map((name) => ({ name, emptyDir: {} }))]), []);
  assert.deepEqual(sidecar.command, ["/var/run/argocd/argocd-cmp-server"]);
  assert.equal(sidecar.securityContext.runAsUser, 999);
  assert.equal(sidecar.securityContext.runAsNonRoot, true);
  const at = Object.fromEntries((sidecar.volumeMounts as Any[]).map((m) => [m.mountPath, m]));
  assert.equal(at["/var/run/argocd"].name, "var-files");
  assert.equal(at["/home/argocd/cmp-server/plugins"].name, "plugins");
  assert.equal(at["/home/argocd/cmp-server/config/plugin.yaml"].subPath, "plugin.yaml");
  // Its own /tmp, never the repo-server's (Argo CD's docs: path traversal between repositories).
  assert.notEqual(at["/tmp"].name, "tmp");
  assert.ok(volumes.some((v) => v.name === at["/tmp"].name && v.emptyDir !== undefined));
  assert.equal(sidecar.image, `ghcr.io/homescalecloud/homescale:${HOMESCALE_VERSION}`);
});

test("the chart values are the same sidecar, and the fixture's apps/argocd carries them as the README says", async () => {
  const core = coreSchemas();
  const { patch, values } = await rendered();
  assert.deepEqual(Object.keys(values), ["repoServer"]);
  assert.deepEqual(Object.keys(values.repoServer).sort(), ["extraContainers", "volumes"]);
  assert.deepEqual(values.repoServer.extraContainers, patch.spec.template.spec.containers);
  assert.deepEqual(values.repoServer.volumes, patch.spec.template.spec.volumes);
  for (const c of values.repoServer.extraContainers) assert.deepEqual(validateCrd(core.container, c), []);
  for (const v of values.repoServer.volumes) assert.deepEqual(validateCrd(core.volume, v), []);
  const app = parse(fs.readFileSync(path.join(FIXTURE, "apps", "argocd", "app.yaml"), "utf8")) as Any;
  assert.deepEqual(app.values["argo-cd"].repoServer, values.repoServer);
});

test("kubectl's strategic merge adds the sidecar and its volumes to argocd-repo-server and keeps the rest", async (t) => {
  if (spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status !== 0) {
    t.skip("kubectl is not on PATH");
    return;
  }
  const core = coreSchemas();
  const { out } = await rendered();
  const dir = tempDir("homescale-patch-");
  fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify(REPO_SERVER_BASE));
  const r = spawnSync("kubectl", ["patch", "--local", "-f", path.join(dir, "base.json"), "--patch-file", path.join(out, "argocd", "repo-server-patch.yaml"), "-o", "json"], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const merged = JSON.parse(r.stdout) as Any;
  const spec = merged.spec.template.spec as { containers: Any[]; volumes: Any[]; initContainers: Any[] };
  assert.deepEqual(spec.containers.map((c) => c.name).sort(), ["argocd-repo-server", "homescale-cmp"]);
  assert.deepEqual(spec.volumes.map((v) => v.name).sort(), ["homescale-cmp-plugin", "homescale-cmp-tmp", "plugins", "tmp", "var-files"]);
  assert.deepEqual(spec.initContainers, REPO_SERVER_BASE.spec.template.spec.initContainers);
  assert.deepEqual(spec.containers.find((c) => c.name === "argocd-repo-server"), REPO_SERVER_BASE.spec.template.spec.containers[0]);
  for (const c of [...spec.containers, ...spec.initContainers]) assert.deepEqual(validateCrd(core.container, c), [], c.name);
  for (const v of spec.volumes) assert.deepEqual(validateCrd(core.volume, v), [], v.name);
  assert.deepEqual(podRules([...spec.containers, ...spec.initContainers], spec.volumes), []);
  // Applied twice, the same Deployment: the patch can be applied again after an upgrade.
  fs.writeFileSync(path.join(dir, "merged.json"), r.stdout);
  const again = spawnSync("kubectl", ["patch", "--local", "-f", path.join(dir, "merged.json"), "--patch-file", path.join(out, "argocd", "repo-server-patch.yaml"), "-o", "json"], {
    encoding: "utf8",
  });
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout), merged);
});

test("the bootstrap renders the repository root through the plugin, by its versioned name, for its own cluster", async () => {
  for (const cluster of ["home", "mgmt"]) {
    const { app, plugin } = await rendered(FIXTURE, cluster);
    assert.deepEqual(validateCrd(loadCrdSchema(CRDS, app.apiVersion, app.kind)!, app), []);
    assert.deepEqual(app.spec.source, {
      repoURL: "https://git.example.org/platform.git",
      targetRevision: "main",
      path: ".",
      plugin: { name: `${plugin.metadata.name}-${plugin.spec.version}`, env: [{ name: "CLUSTER", value: cluster }] },
    });
  }
});

/**
 * argocd-cmp-server's generate: the repository unpacked into a folder of its own, the command of
 * plugin.yaml (command, then args) run in the Application's source path, with the sidecar's
 * environment, Argo CD's build variables and the Application's plugin env prefixed ARGOCD_ENV_.
 */
function generate(repoCopy: string, app: Any, plugin: Any): ReturnType<typeof spawnSync> {
  const bin = tempDir("homescale-sidecar-bin-");
  // The image's PATH: homescale installed as the package installs it (bin/homescale), and node.
  fs.symlinkSync(path.join(ROOT, "bin", "homescale"), path.join(bin, "homescale"));
  const env: Record<string, string> = {
    PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: "/home/argocd",
    ARGOCD_APP_NAME: app.metadata.name,
    ARGOCD_APP_NAMESPACE: app.metadata.namespace,
    ARGOCD_APP_PROJECT_NAME: app.spec.project,
    ARGOCD_APP_REVISION: "0123456789abcdef0123456789abcdef01234567",
    ARGOCD_APP_REVISION_SHORT: "0123456",
    ARGOCD_APP_SOURCE_PATH: app.spec.source.path,
    ARGOCD_APP_SOURCE_REPO_URL: app.spec.source.repoURL,
    ARGOCD_APP_SOURCE_TARGET_REVISION: app.spec.source.targetRevision,
    KUBE_VERSION: "1.32.0",
    KUBE_API_VERSIONS: "v1,apps/v1,argoproj.io/v1alpha1",
  };
  for (const e of app.spec.source.plugin.env as { name: string; value: string }[]) env[`ARGOCD_ENV_${e.name}`] = e.value;
  const { command, args = [] } = plugin.spec.generate as { command: string[]; args?: string[] };
  return spawnSync(command[0]!, [...command.slice(1), ...args], { cwd: path.join(repoCopy, app.spec.source.path), env, encoding: "utf8" });
}

test("the plugin's generate command, run as the sidecar runs it, prints the cluster's manifests and only them", async () => {
  const { out, app, plugin } = await rendered();
  const repoCopy = copyTree(FIXTURE);
  const r = generate(repoCopy, app, plugin);
  assert.equal(r.status, 0, String(r.stderr));
  const objects = parseStream(String(r.stdout), "1.1");
  // Every document a Kubernetes object, as Argo CD's SplitYAML needs it.
  for (const o of objects) {
    assert.equal(typeof o.apiVersion, "string");
    assert.equal(typeof o.kind, "string");
    assert.ok(o.metadata.name.length > 0);
  }
  // The same objects a rendered-output sync would apply for the cluster, the bootstrap aside.
  const files = fs.readdirSync(path.join(out, "clusters", "home")).filter((f) => f !== "bootstrap.yaml").sort();
  assert.deepEqual(files, ["applications.yaml"]);
  assert.deepEqual(objects, files.flatMap((f) => readYaml(path.join(out, "clusters", "home", f))));
  const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
  assert.deepEqual(names, ["Namespace/web", "Application/argocd", "Application/web"]);
  // Nothing was written into the repository it rendered.
  assert.deepEqual(fs.readdirSync(repoCopy).sort(), fs.readdirSync(FIXTURE).sort());
});

test("the generate command fails, printing nothing on stdout, for a repository with errors (Argo CD then syncs and prunes nothing)", async () => {
  const { app, plugin } = await rendered();
  const repoCopy = copyTree(FIXTURE);
  editFile(path.join(repoCopy, "apps", "web", "app.yaml"), "namespace: web", "namespace: Web_App");
  const r = generate(repoCopy, app, plugin);
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, "");
  assert.match(String(r.stderr), /apps\/web\/app\.yaml:2:\d+/);
});

test("without argocd.plugin nothing of the sidecar is written and the bootstrap syncs the rendered folder", async () => {
  const repo = copyTree(FIXTURE);
  editFile(path.join(repo, "homescale.yaml"), "argocd:\n  plugin: {}\n", "");
  const out = await build(repo);
  assert.equal(fs.existsSync(path.join(out, "argocd")), false);
  const [app] = readYaml(path.join(out, "clusters", "home", "bootstrap.yaml")) as Any[];
  assert.deepEqual(app!.spec.source.directory, { recurse: true });
  assert.equal(app!.spec.source.path, "clusters/home");
});

test("argocd.plugin.image names the sidecar's image; the namespace follows where Argo CD runs", async () => {
  const repo = copyTree(FIXTURE);
  editFile(path.join(repo, "homescale.yaml"), "  plugin: {}\n", "  namespace: gitops\n  plugin:\n    image: registry.example.org/platform/homescale:0.1.0-1\n");
  const { patch, configMap, app } = await rendered(repo);
  assert.equal(patch.spec.template.spec.containers[0].image, "registry.example.org/platform/homescale:0.1.0-1");
  assert.equal(patch.metadata.namespace, "gitops");
  assert.equal(configMap.metadata.namespace, "gitops");
  assert.equal(app.metadata.namespace, "gitops");
});
