/**
 * The Argo CD Applications written by hand in the clusters' folders (clusters/<name>/**), which the
 * default bootstrap syncs recursively: HomeScale kept its own app-of-apps there (apps.yaml). Only
 * Applications matter here, so a file is parsed only when its text mentions one, and a file that
 * does not parse is left to Argo CD (homescale does not own raw manifests).
 */
import { isMap, isScalar, parseAllDocuments, type Node } from "yaml";
import type { PathSegment } from "../diag/diagnostic.js";
import { CATALOG_DIR, type Snapshot } from "../load/snapshot.js";

export interface FolderApplication {
  /** The file, e.g. clusters/mgmt/apps.yaml. */
  file: string;
  /** The cluster whose folder holds it. */
  cluster: string;
  name: string;
  /** metadata.namespace; undefined when the file leaves it to the syncing Application. */
  namespace?: string;
  /** Source offsets of metadata.name's value. */
  start: number;
  end: number;
  /** The paths of its sources (`apps`, `clusters/mgmt`), to say what it would sync instead. */
  sourcePaths: string[];
  /**
   * The Helm values it renders the catalog chart (the source with path apps/) with, when written as
   * a string (`helm.values: |`) in a file of one document: HomeScale's bootstrap values.
   */
  catalogValues?: CatalogValuesText;
}

export interface CatalogValuesText {
  text: string;
  /** The YAML path of the string in the file. */
  path: PathSegment[];
  /** Offset of the string's node (its `|`) in the file. */
  start: number;
}

const MENTIONS_APPLICATION = /kind:\s*["']?Application\b/;
const decoder = new TextDecoder("utf-8");

/** An Omni cluster template's documents (kind Cluster, ControlPlane, Workers, Machine) carry no apiVersion. */
const OMNI_TEMPLATE = /^kind:\s*["']?Cluster["']?\s*$/m;
const API_VERSION = /^apiVersion:/m;

/**
 * Every Application in the cluster folders, with the text of each file that holds one, and the Omni
 * cluster templates there (no Kubernetes objects: a sync that meets one fails).
 */
export function folderApplications(snap: Snapshot): { apps: FolderApplication[]; texts: Map<string, string>; templates: string[] } {
  const apps: FolderApplication[] = [];
  const texts = new Map<string, string>();
  const templates: string[] = [];
  for (const [file, bytes] of snap.files) {
    const m = /^clusters\/([^/]+)\//.exec(file);
    if (!m) continue;
    const text = decoder.decode(bytes);
    if (OMNI_TEMPLATE.test(text) && !API_VERSION.test(text)) templates.push(file);
    if (!MENTIONS_APPLICATION.test(text)) continue;
    let found = false;
    const docs = parseAllDocuments(text, { version: "1.2", prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [docs];
    for (const doc of list) {
      if (doc.errors.length > 0) continue;
      const app = applicationOf(doc.contents, file, m[1]!, list.length === 1);
      if (app) {
        apps.push(app);
        found = true;
      }
    }
    if (found) texts.set(file, text);
  }
  return { apps, texts, templates: templates.sort() };
}

/** `single`: the file holds one document, so YAML paths into it locate (a file of several documents gives no catalog values). */
function applicationOf(root: Node | null, file: string, cluster: string, single: boolean): FolderApplication | undefined {
  if (!isMap(root)) return undefined;
  const str = (n: unknown): string | undefined => (isScalar(n) && typeof n.value === "string" ? n.value : undefined);
  if (str(root.get("kind", true)) !== "Application" || !(str(root.get("apiVersion", true)) ?? "").startsWith("argoproj.io/")) return undefined;
  const metadata = root.get("metadata", true);
  if (!isMap(metadata)) return undefined;
  const nameNode = metadata.get("name", true);
  const name = str(nameNode);
  if (name === undefined || !isScalar(nameNode) || !nameNode.range) return undefined;
  const spec = root.get("spec", true);
  const sourcePaths: string[] = [];
  let catalogValues: CatalogValuesText | undefined;
  if (isMap(spec)) {
    const single = spec.get("source", true);
    const many = spec.get("sources", true);
    const sources = isMap(single) ? [single] : many && typeof many === "object" && "items" in many ? (many as { items: unknown[] }).items : [];
    sources.forEach((s, i) => {
      if (!isMap(s)) return;
      const path = str(s.get("path", true)) ?? "";
      sourcePaths.push(path);
      const helm = s.get("helm", true);
      const values = isMap(helm) ? helm.get("values", true) : undefined;
      if (catalogValues === undefined && path.replace(/\/+$/, "") === CATALOG_DIR && isScalar(values) && typeof values.value === "string" && values.range) {
        catalogValues = { text: values.value, path: ["spec", ...(isMap(single) ? ["source"] : ["sources", i]), "helm", "values"], start: values.range[0] };
      }
    });
  }
  const app: FolderApplication = { file, cluster, name, start: nameNode.range[0], end: nameNode.range[1], sourcePaths };
  if (catalogValues !== undefined && single) app.catalogValues = catalogValues;
  const ns = str(metadata.get("namespace", true));
  if (ns !== undefined) app.namespace = ns;
  return app;
}
