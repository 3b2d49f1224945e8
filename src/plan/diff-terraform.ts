/**
 * The Terraform layer of a plan: the resources of every registry target that diffs by resource
 * (netbird.tf.json, cloudflare.tf.json, ...), by address (`type.name`, as terraform names them). A resource is created, destroyed, updated in place,
 * or replaced when an attribute the provider cannot update (ForceNew) changes. A resource whose
 * name changes is a destroy plus a create: terraform has no way to know it is the same object, so
 * the access or route it carries is gone between the two.
 */
import type { TfBody, TfJson } from "../render/emit/tf-json.js";
import { targets as registry } from "../render/registry.js";
import type { RenderContext, Target } from "../render/target.js";
import { diffValues, sameValue, type FieldChange } from "./diff-values.js";

export type TfAction = "create" | "destroy" | "update" | "replace";

export interface ResourceChange {
  layer: "terraform";
  action: "add" | "remove" | "change";
  /** Terraform's own word for it. */
  tfAction: TfAction;
  kind: string;
  name: string;
  /** `type.name`, e.g. `netbird_policy.app-homecraft-0`. */
  address: string;
  file: string;
  detail: string;
  fields: FieldChange[];
  /** The attributes that force the replacement. */
  forceNew?: string[];
}

export interface Rename {
  from: string;
  to: string;
  type: string;
  /** Same content under the new name (else only the naming pattern app-x <-> app-x-0 matched). */
  sameContent: boolean;
}

interface Resource {
  type: string;
  name: string;
  file: string;
  body: TfBody;
  /** The attributes whose change makes the provider destroy and re-create it (its target says which). */
  replaceOn: readonly string[];
}

function resources(doc: TfJson, file: string, replaceOn: Readonly<Record<string, readonly string[]>>, out: Map<string, Resource>): void {
  for (const [type, byName] of Object.entries(doc.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, { type, name, file, body, replaceOn: replaceOn[type] ?? [] });
  }
}

/** Every resource the Terraform targets render, by address. */
export function terraformResources(ctx: RenderContext, list: readonly Target[] = registry): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const t of list) {
    if (t.scope !== "platform" || t.diff.by !== "resource") continue;
    for (const o of t.render(ctx)) if ("tf" in o) resources(o.tf, o.path, t.diff.replaceOn, out);
  }
  return out;
}

/** The body with every string equal to the resource's own name replaced: what stays when only the name moves. */
function withoutOwnName(v: unknown, name: string): unknown {
  if (v === name) return "\u0000self";
  if (Array.isArray(v)) return v.map((x) => withoutOwnName(x, name));
  if (v !== null && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = withoutOwnName(x, name);
    return o;
  }
  return v;
}

/** `app-x` <-> `app-x-0`: the policy of a single rule becoming the first of several, or back. */
function indexedPair(a: string, b: string): boolean {
  return b === `${a}-0` || a === `${b}-0`;
}

function byAddress(a: { address: string }, b: { address: string }): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

export function diffTerraform(base: RenderContext, head: RenderContext): { changes: ResourceChange[]; renames: Rename[] } {
  const before = terraformResources(base);
  const after = terraformResources(head);
  const changes: ResourceChange[] = [];
  const removed: Resource[] = [];
  const added: Resource[] = [];
  for (const [address, b] of before) {
    const a = after.get(address);
    if (a === undefined) {
      removed.push(b);
      changes.push({ layer: "terraform", action: "remove", tfAction: "destroy", kind: b.type, name: b.name, address, file: b.file, detail: "will be destroyed", fields: [] });
      continue;
    }
    if (sameValue(a.body, b.body)) continue;
    const fields = diffValues(parsedDocuments(b.body), parsedDocuments(a.body));
    const forceNew = a.replaceOn.filter((attr) => !sameValue(b.body[attr], a.body[attr]));
    const c: ResourceChange = {
      layer: "terraform",
      action: "change",
      tfAction: forceNew.length > 0 ? "replace" : "update",
      kind: b.type,
      name: b.name,
      address,
      file: b.file,
      detail: forceNew.length > 0 ? `must be replaced (${forceNew.join(", ")} forces replacement)` : `will be updated in-place (${fields.map((f) => f.path).slice(0, 3).join(", ")}${fields.length > 3 ? ", ..." : ""})`,
      fields,
    };
    if (forceNew.length > 0) c.forceNew = forceNew;
    changes.push(c);
  }
  for (const [address, a] of after) {
    if (before.has(address)) continue;
    added.push(a);
    changes.push({ layer: "terraform", action: "add", tfAction: "create", kind: a.type, name: a.name, address, file: a.file, detail: "will be created", fields: [] });
  }

  // Renames: a destroyed and a created resource of one type that hold the same thing.
  const renames: Rename[] = [];
  const taken = new Set<string>();
  for (const r of removed) {
    const norm = withoutOwnName(r.body, r.name);
    let match = added.find((a) => a.type === r.type && !taken.has(a.name + a.type) && sameValue(withoutOwnName(a.body, a.name), norm));
    let sameContent = match !== undefined;
    if (!match) match = added.find((a) => a.type === r.type && !taken.has(a.name + a.type) && indexedPair(r.name, a.name));
    if (!match) continue;
    taken.add(match.name + match.type);
    renames.push({ type: r.type, from: `${r.type}.${r.name}`, to: `${match.type}.${match.name}`, sameContent });
  }
  for (const rn of renames) {
    for (const c of changes) {
      if (c.address === rn.from) c.detail = `will be destroyed (renamed to ${rn.to}; access drops between the two)`;
      if (c.address === rn.to) c.detail = `will be created (renamed from ${rn.from})`;
    }
  }
  changes.sort(byAddress);
  return { changes, renames };
}

/**
 * An attribute that holds a JSON document (tailscale_acl's acl: the whole tailnet policy) is
 * compared as the document, as terraform plan shows a jsonencode: `/acl/grants/2/ip` changed, not
 * one long string.
 */
function parsedDocuments(body: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(body)) {
    if (typeof v !== "string" || !v.startsWith("{")) continue;
    try {
      const doc: unknown = JSON.parse(v);
      if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) (out ??= { ...body })[k] = doc;
    } catch {
      // not JSON: compared as the string it is
    }
  }
  return out ?? body;
}
