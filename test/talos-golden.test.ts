/**
 * Talos node patches, one golden tree per shape of the config: test/golden/talos/legacy (Talos
 * v1.11: every setting in the v1alpha1 document) and test/golden/talos/typed (v1.14: every setting
 * in its typed document), each built from its repo/ byte for byte. What is rendered must be what
 * Talos itself reads: every document decodes strictly with the fields of its version, and a node's
 * kubelet IP is pinned once, in the version's way, never both ways.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parseDocumentsText } from "../src/parse/yaml-documents.js";
import { readTalosDocuments } from "../src/model/talos-patch-read.js";
import { readTree, ROOT, run, tempDir } from "./helpers.js";

const GOLDEN = path.join(ROOT, "test", "golden", "talos");

function talosTree(out: string): Map<string, string> {
  const all = readTree(out);
  return new Map([...all].filter(([p]) => p.startsWith("talos/")));
}

/** Each document of a rendered patch, read as Talos's loader reads it for a minor version. */
function decode(text: string, minor: number, file = "patch.yaml"): { kinds: string[]; errors: string[] } {
  const r = parseDocumentsText(file, text);
  assert.ok(r.file, `${file} parses`);
  const findings: { code: string; message: string }[] = [];
  const items = r.file.docs.map((doc, i) => ({ node: doc.contents, value: r.file!.values[i], at: { file, doc, path: [] as string[] } }));
  const docs = readTalosDocuments(items, { minor, version: `v1.${minor}.0`, subs: new Map() }, findings as never);
  return { kinds: docs.map((d) => d.id.kind), errors: [...findings, ...r.findings].map((f) => `${f.code} ${f.message}`) };
}

for (const [shape, minor] of [["legacy", 11], ["typed", 14]] as const) {
  test(`the ${shape} golden tree: talos/<cluster>/<node>.yaml for Talos v1.${minor}, byte for byte`, async () => {
    const dir = path.join(GOLDEN, shape);
    const out = path.join(tempDir(), "out");
    const r = await run(["build", "--repo", path.join(dir, "repo"), "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const got = talosTree(out);
    if (process.env.UPDATE_GOLDEN === "1") {
      fs.rmSync(path.join(dir, "talos"), { recursive: true, force: true });
      for (const [p, text] of got) {
        fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        fs.writeFileSync(path.join(dir, p), text);
      }
    }
    const want = new Map([...readTree(dir)].filter(([p]) => p.startsWith("talos/")));
    assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), "set of files (UPDATE_GOLDEN=1 regenerates)");
    for (const [p, text] of want) assert.equal(got.get(p), text, `${p} differs from test/golden/talos/${shape}/${p}`);

    for (const [p, text] of got) {
      const { kinds, errors } = decode(text, minor, p);
      assert.deepEqual(errors, [], `${p} is what Talos v1.${minor} reads`);
      if (shape === "legacy") assert.deepEqual([...new Set(kinds)].filter((k) => k !== "v1alpha1" && k !== "ExtensionServiceConfig"), [], `${p}: only the legacy document (and extension configs)`);
      else assert.ok(!kinds.includes("v1alpha1"), `${p}: no legacy document at v1.${minor}`);
      assert.ok(!text.includes("node-ip"), `${p}: the pin is nodeIP.validSubnets, never extraArgs.node-ip`);
      const pins = (text.match(/validSubnets:/g) ?? []).length;
      assert.ok(pins <= 1, `${p}: pinned at most once`);
    }
    // The nodes' own facts: wk2 has no interface of its own, yet KubeSpan adds one: pinned; no extension config.
    const wk2 = got.get("talos/lab/wk2.yaml")!;
    assert.match(wk2, /validSubnets:\n\s+- 10\.20\.0\.0\/24/);
    assert.ok(!wk2.includes("ExtensionServiceConfig"));
    assert.ok(!wk2.includes("interface"), "no link without an interface");
    // Resolvers: CoreDNS (the services base + 10) first, then the configured public ones.
    assert.match(got.get("talos/lab/cp1.yaml")!, /10\.96\.0\.10'\n.*9\.9\.9\.9/);
    // Secrets: references only.
    for (const text of got.values()) assert.ok(!/TUNNEL_TOKEN=(?!\$\{)|TS_AUTHKEY=(?!\$\{)/.test(text));
  });
}

test("every Talos minor homescale knows: each setting in its document for the version, and Talos reads all of it", async () => {
  const expected: Record<number, string[]> = {
    10: ["v1alpha1", "ExtensionServiceConfig", "ExtensionServiceConfig"],
    11: ["v1alpha1", "ExtensionServiceConfig", "ExtensionServiceConfig"],
    12: ["v1alpha1", "LinkConfig", "LinkConfig", "DHCPv4Config", "ResolverConfig", "ExtensionServiceConfig", "ExtensionServiceConfig"],
    13: ["v1alpha1", "LinkConfig", "LinkConfig", "DHCPv4Config", "ResolverConfig", "KubeSpanConfig", "ExtensionServiceConfig", "ExtensionServiceConfig"],
    14: ["LinkConfig", "LinkConfig", "DHCPv4Config", "ResolverConfig", "KubeSpanConfig", "KubeNodeConfig", "KubeNetworkConfig", "ExtensionServiceConfig", "ExtensionServiceConfig"],
  };
  const base = fs.readFileSync(path.join(GOLDEN, "typed", "repo", "homescale.yaml"), "utf8");
  for (const [minor, kinds] of Object.entries(expected)) {
    const dir = tempDir("homescale-talos-minor-");
    fs.mkdirSync(path.join(dir, "apps"));
    fs.writeFileSync(path.join(dir, "apps", "values.yaml"), "repoURL: https://example.com/platform.git\n");
    fs.writeFileSync(path.join(dir, "homescale.yaml"), base.replace("version: v1.14.0", `version: v1.${minor}.3`));
    const out = path.join(dir, "out");
    const r = await run(["build", "--repo", dir, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const text = fs.readFileSync(path.join(out, "talos", "lab", "wk1.yaml"), "utf8");
    const got = decode(text, Number(minor));
    assert.deepEqual(got.errors, [], `v1.${minor}`);
    assert.deepEqual(got.kinds, kinds, `v1.${minor}`);
  }
});
