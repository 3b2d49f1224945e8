/**
 * `plan`: one semantic diff between two checked revisions, across every layer: the Argo CD objects
 * per cluster, the Terraform resources, who can reach what (the access delta) and which public names
 * exist (the exposure delta), plus the warnings a reviewer must not miss. Pure over two models.
 */
import type { Diagnostic } from "../diag/diagnostic.js";
import type { SourceText } from "../diag/locate.js";
import { accessRules, accessTuples, type AccessRule } from "../graph/access.js";
import { effectiveSpec, isEnabled } from "../model/resolve.js";
import type { Model } from "../model/types.js";
import { compareCodePoints } from "../core/compare-code-points.js";
import { indexPlatform, type PlatformIndex, type PublicName } from "../platform/index.js";
import { renderContext } from "../render/outputs.js";
import { targets as registry } from "../render/registry.js";
import { diffFiles, type FileChange } from "./diff-files.js";
import { diffObjects, type ObjectChange } from "./diff-objects.js";
import { diffTerraform, type Rename, type ResourceChange } from "./diff-terraform.js";

export type Change = ObjectChange | ResourceChange | FileChange;

/** A Terraform resource's change. */
export function isResourceChange(c: Change): c is ResourceChange {
  return "tfAction" in c;
}

/** A file's change: the targets diffed line by line (Talos patches, Omni templates, edge configs). */
export function isFileChange(c: Change): c is FileChange {
  return c.kind === "file" && "lines" in c;
}

/** A Kubernetes object's change. */
export function isObjectChange(c: Change): c is ObjectChange {
  return !isResourceChange(c) && !isFileChange(c);
}

/** The layers of the registry's targets that plan diffs, in registry order: id and label. */
export function planLayers(): { id: string; label: string }[] {
  const out: { id: string; label: string }[] = [];
  for (const t of registry) if (t.diff.by !== "none" && !out.some((l) => l.id === t.layer)) out.push({ id: t.layer, label: t.layerLabel });
  return out;
}

export interface AccessTuple {
  /** The stable key `source app protocol/port`. */
  key: string;
  source: string;
  app: string;
  protocol: string;
  port: string;
}

export interface ExposureEntry {
  fqdn: string;
  app: string;
  cluster: string;
  via: PublicName["via"];
  target: string;
  /** The way in, for a reader: "status.example.com -> tunnel of boa1-prod -> http://status.status.svc:8080". */
  path: string;
}

export type WarningKind = "access-lost" | "public-name-undeployed" | "wave-reversed" | "rename-gap";

export interface PlanWarning {
  kind: WarningKind;
  message: string;
  app?: string;
  cluster?: string;
  /** The access tuples, names or addresses involved. */
  items?: string[];
}

export interface RevisionInfo {
  label: string;
  commit?: string;
}

export interface Plan {
  diagnostics: Diagnostic[];
  base: RevisionInfo;
  head: RevisionInfo;
  changes: Change[];
  access: { added: AccessTuple[]; removed: AccessTuple[] };
  exposure: { added: ExposureEntry[]; removed: ExposureEntry[] };
  renames: Rename[];
  warnings: PlanWarning[];
  summary: PlanSummary;
}

export interface LayerSummary {
  id: string;
  label: string;
  add: number;
  change: number;
  remove: number;
  /** Terraform only: resources that must be destroyed and created again. */
  replace: number;
}

export interface PlanSummary {
  argocd: { add: number; remove: number; change: number };
  /** Every layer plan diffs, in registry order, with its counts (Argo CD and Terraform too). */
  layers: LayerSummary[];
  terraform: { create: number; destroy: number; update: number; replace: number };
  /** Files of the targets diffed line by line (every layer's together). */
  files: { add: number; change: number; remove: number };
  access: { added: number; removed: number };
  exposure: { added: number; removed: number };
  warnings: number;
  /** Whether anything at all differs (drives --detailed-exitcode). */
  changed: boolean;
}

export interface PlanSide {
  model: Model;
  /** The model's platform index, when the caller has one (check built it). */
  index?: PlatformIndex;
  sources?: ReadonlyMap<string, SourceText>;
  info: RevisionInfo;
}

function tuple(key: string): AccessTuple {
  const [source = "", app = "", pp = ""] = key.split(" ");
  const slash = pp.indexOf("/");
  return { key, source, app, protocol: pp.slice(0, slash), port: pp.slice(slash + 1) };
}

function exposureKey(p: PublicName): string {
  return `${p.fqdn}\u0000${p.cluster}\u0000${p.app}\u0000${p.via}\u0000${p.target}`;
}

function exposureEntry(p: PublicName): ExposureEntry {
  const via = p.via === "tunnel" ? `Cloudflare tunnel of ${p.cluster}` : `NetBird reverse proxy`;
  return { fqdn: p.fqdn, app: p.app, cluster: p.cluster, via: p.via, target: p.target, path: `${p.fqdn} -> ${via} -> ${p.target}` };
}

const CRS_SUFFIX = "-crs";

export function planModels(base: PlanSide, head: PlanSide, diagnostics: Diagnostic[] = []): Plan {
  const before = renderContext(base.model, { index: base.index ?? indexPlatform(base.model) });
  const after = renderContext(head.model, { index: head.index ?? indexPlatform(head.model) });
  const objects = diffObjects(before, after);
  const tf = diffTerraform(before, after);
  const files = diffFiles(before, after);

  // No source texts: the plan needs the tuples, not the lines, and locating them costs time.
  const baseRules = accessRules(before.index);
  const headRules = accessRules(after.index);
  const baseTuples = new Set(accessTuples(baseRules));
  const headTuples = new Set(accessTuples(headRules));
  const access = {
    added: [...headTuples].filter((t) => !baseTuples.has(t)).map(tuple),
    removed: [...baseTuples].filter((t) => !headTuples.has(t)).map(tuple),
  };

  const baseNames = before.index.publicNames();
  const headNames = after.index.publicNames();
  const baseKeys = new Set(baseNames.map(exposureKey));
  const headKeys = new Set(headNames.map(exposureKey));
  const exposure = {
    added: headNames.filter((p) => !baseKeys.has(exposureKey(p))).map(exposureEntry),
    removed: baseNames.filter((p) => !headKeys.has(exposureKey(p))).map(exposureEntry),
  };

  const warnings: PlanWarning[] = [
    ...lostNetbirdBlocks(base.model, head.model, baseRules),
    ...undeployedPublicNames(head.model, headNames, exposure.removed),
    ...reversedWaves(base.model, head.model),
    ...tf.renames.map(
      (r): PlanWarning => ({
        kind: "rename-gap",
        message: `${r.from} becomes ${r.to}: terraform destroys one and creates the other${r.sameContent ? " (same content)" : ""}, so access drops between the two; a moved block keeps it (moved { from = ${r.from}, to = ${r.to} })`,
        items: [r.from, r.to],
      }),
    ),
  ];

  const changes: Change[] = [...objects, ...tf.changes, ...files];
  const layers = planLayers().map((l): LayerSummary => ({ ...l, add: 0, change: 0, remove: 0, replace: 0 }));
  for (const c of changes) {
    const l = layers.find((x) => x.id === c.layer);
    if (!l) continue;
    if (isResourceChange(c) && c.tfAction === "replace") l.replace++;
    else l[c.action]++;
  }
  const summary: PlanSummary = {
    argocd: { add: 0, remove: 0, change: 0 },
    layers,
    terraform: { create: 0, destroy: 0, update: 0, replace: 0 },
    files: { add: 0, change: 0, remove: 0 },
    access: { added: access.added.length, removed: access.removed.length },
    exposure: { added: exposure.added.length, removed: exposure.removed.length },
    warnings: warnings.length,
    changed: false,
  };
  for (const c of objects) if (c.layer === "argocd") summary.argocd[c.action]++;
  for (const c of tf.changes) summary.terraform[c.tfAction]++;
  for (const c of files) summary.files[c.action]++;
  summary.changed = changes.length + access.added.length + access.removed.length + exposure.added.length + exposure.removed.length > 0;
  return { diagnostics, base: base.info, head: head.info, changes, access, exposure, renames: tf.renames, warnings, summary };
}

/** An app that had a netbird: block and has none now: everyone it admitted loses access. */
function lostNetbirdBlocks(base: Model, head: Model, baseRules: AccessRule[]): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const app of head.apps) {
    const before = base.appByName.get(app.name);
    if (!before?.valid || !app.valid) continue;
    if (before.raw.netbird === undefined || app.raw.netbird !== undefined) continue;
    const lost = accessTuples(baseRules.filter((r) => r.app === app.name));
    const who = [...new Set(baseRules.filter((r) => r.app === app.name).map((r) => r.source))];
    out.push({
      kind: "access-lost",
      app: app.name,
      message: `${app.name}: the netbird: block was removed, so nobody on the mesh can reach it any more${who.length > 0 ? `; ${who.join(", ")} lose access` : ""}`,
      items: lost,
    });
  }
  return out;
}

/** A public name that goes away, or stays, while its app no longer runs where it points. */
function undeployedPublicNames(head: Model, headNames: PublicName[], removed: ExposureEntry[]): PlanWarning[] {
  const out: PlanWarning[] = [];
  const stillPublished = new Set(headNames.map((n) => n.fqdn));
  for (const n of headNames) {
    const app = head.appByName.get(n.app);
    if (app && isEnabled(app, n.cluster)) continue;
    out.push({ kind: "public-name-undeployed", app: n.app, cluster: n.cluster, message: `${n.fqdn} still routes to ${n.app} on ${n.cluster}, which is no longer deployed there: visitors get an error`, items: [n.fqdn] });
  }
  for (const e of removed) {
    if (stillPublished.has(e.fqdn)) continue;
    const app = head.appByName.get(e.app);
    if (app && isEnabled(app, e.cluster)) continue;
    out.push({
      kind: "public-name-undeployed",
      app: e.app,
      cluster: e.cluster,
      message: `${e.fqdn} goes away: ${e.app} is no longer deployed on ${e.cluster}${app ? "" : " (the app was removed)"}; links to it break`,
      items: [e.fqdn],
    });
  }
  return out;
}

/** A wave change that makes <x>-crs sync no later than its operator <x>, where it did not before. */
function reversedWaves(base: Model, head: Model): PlanWarning[] {
  const out: PlanWarning[] = [];
  const wave = (m: Model, app: string, cluster: string): number | undefined => {
    const a = m.appByName.get(app);
    if (!a?.valid || !isEnabled(a, cluster)) return undefined;
    return effectiveSpec(a, cluster).syncWave ?? 0;
  };
  for (const crs of head.apps) {
    if (!crs.valid || !crs.name.endsWith(CRS_SUFFIX)) continue;
    const op = crs.name.slice(0, -CRS_SUFFIX.length);
    if (!head.appByName.has(op)) continue;
    for (const c of head.platform.clusters) {
      const crsWave = wave(head, crs.name, c.name);
      const opWave = wave(head, op, c.name);
      if (crsWave === undefined || opWave === undefined || crsWave > opWave) continue;
      const crsBefore = wave(base, crs.name, c.name);
      const opBefore = wave(base, op, c.name);
      if (crsBefore !== undefined && opBefore !== undefined && crsBefore <= opBefore) continue; // not new
      out.push({
        kind: "wave-reversed",
        app: crs.name,
        cluster: c.name,
        message: `${crs.name} (wave ${crsWave}) now syncs ${crsWave === opWave ? "in the same wave as" : "before"} its operator ${op} (wave ${opWave}) on ${c.name}${crsBefore !== undefined && opBefore !== undefined ? `; it was ${crsBefore} after ${opBefore}` : ""}: its custom resources would be applied before their CRDs exist`,
        items: [crs.name, op],
      });
    }
  }
  return out.sort((a, b) => compareCodePoints(a.app ?? "", b.app ?? "") || compareCodePoints(a.cluster ?? "", b.cluster ?? ""));
}
