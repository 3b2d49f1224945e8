/**
 * Editor support, offline: a repository made by `homescale init` carries its JSON Schemas, and
 * each file's modeline points at them by a relative path. The real yaml-language-server (npm,
 * pinned), driven over stdio as an editor drives it, with the schema store off and every proxy
 * pointed at a closed port, so that nothing can come from the network: a misspelt field gets a
 * diagnostic that names it, and completion offers the field names.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { ROOT, run, tempDir } from "./helpers.js";
import { LspClient } from "./lsp-client.js";

const SERVER = path.join(ROOT, "node_modules", "yaml-language-server", "bin", "yaml-language-server");
const OFFLINE = "http://127.0.0.1:9";

let repo: string;
let lsp: LspClient;

before(async () => {
  repo = path.join(tempDir("homescale-editor-"), "platform");
  const r = await run(["init", repo]);
  assert.equal(r.code, 0, r.stderr);
  lsp = new LspClient(process.execPath, [SERVER, "--stdio"], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HTTP_PROXY: OFFLINE,
    HTTPS_PROXY: OFFLINE,
    http_proxy: OFFLINE,
    https_proxy: OFFLINE,
  });
  await lsp.request("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(repo).href,
    workspaceFolders: [{ uri: pathToFileURL(repo).href, name: "platform" }],
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: false },
        completion: { completionItem: { snippetSupport: false } },
        synchronization: { didSave: false },
      },
    },
  });
  lsp.notify("initialized", {});
  lsp.notify("workspace/didChangeConfiguration", {
    settings: { yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false }, format: { enable: false } } },
  });
});

after(async () => {
  await lsp?.close();
});

function open(rel: string, text: string): string {
  const uri = pathToFileURL(path.join(repo, rel)).href;
  lsp.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
  return uri;
}

interface Diagnostics {
  uri: string;
  diagnostics: { message: string; range: { start: { line: number; character: number } } }[];
}

async function diagnosticsOf(uri: string, want: RegExp): Promise<Diagnostics> {
  const m = await lsp.waitFor((n) => n.method === "textDocument/publishDiagnostics" && (n.params as Diagnostics).uri === uri && (n.params as Diagnostics).diagnostics.some((d) => want.test(d.message)));
  return m.params as Diagnostics;
}

async function completionLabels(uri: string, line: number, character: number): Promise<string[]> {
  const r = await lsp.request<{ items: { label: string }[] } | { label: string }[]>("textDocument/completion", { textDocument: { uri }, position: { line, character } });
  return (Array.isArray(r) ? r : r.items).map((i) => i.label);
}

test("the modelines init writes resolve to schema files inside the new repository, not to a URL", () => {
  for (const [file, schema] of [
    ["homescale.yaml", "schema/homescale.schema.json"],
    ["apps/values.yaml", "../schema/values.schema.json"],
    ["apps/whoami/app.yaml", "../../schema/app.schema.json"],
  ] as const) {
    const first = fs.readFileSync(path.join(repo, file), "utf8").split("\n")[0]!;
    assert.equal(first, `# yaml-language-server: $schema=${schema}`, file);
    assert.ok(fs.existsSync(path.resolve(path.dirname(path.join(repo, file)), schema)), `${file}: ${schema} is there`);
  }
});

test("app.yaml: a misspelt field gets a diagnostic at its line, offline", { timeout: 60_000 }, async () => {
  const text = fs.readFileSync(path.join(repo, "apps/whoami/app.yaml"), "utf8");
  const typo = `${text}namespac: whoami\n`;
  const uri = open("apps/whoami/app.yaml", typo);
  const d = await diagnosticsOf(uri, /namespac/);
  const hit = d.diagnostics.find((x) => /namespac/.test(x.message))!;
  assert.match(hit.message, /not allowed/);
  assert.equal(hit.range.start.line, typo.split("\n").length - 2);
});

test("app.yaml: completion on an empty line offers the field names", { timeout: 60_000 }, async () => {
  const text = fs.readFileSync(path.join(repo, "apps/cloudflared/app.yaml"), "utf8");
  const uri = open("apps/cloudflared/app.yaml", `${text}\n`);
  const labels = await completionLabels(uri, text.split("\n").length, 0);
  for (const field of ["releaseName", "exposePublic", "netbird", "podSecurity"]) assert.ok(labels.includes(field), `${field} in ${labels.join(", ")}`);
});

test("homescale.yaml: a misspelt field gets a diagnostic, and completion offers the platform's fields", { timeout: 60_000 }, async () => {
  // The starter sets every top-level field already: this editor buffer keeps the modeline and the kind only.
  const head = fs.readFileSync(path.join(repo, "homescale.yaml"), "utf8").split("\n")[0]!;
  const text = `${head}\napiVersion: homescale.dev/v1alpha1\nkind: Platform\nlabelDomian: example.org\n\n`;
  const uri = open("homescale.yaml", text);
  await diagnosticsOf(uri, /labelDomian/);
  const labels = await completionLabels(uri, 4, 0);
  for (const field of ["labelDomain", "domains", "clusters", "netbird"]) assert.ok(labels.includes(field), `${field} in ${labels.join(", ")}`);
});
