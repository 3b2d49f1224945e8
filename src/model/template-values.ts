/**
 * Templates in value trees (values, labels, annotations, ignoreDifferences): which strings hold
 * one, and what each evaluates to on a cluster, as Helm's `tpl (toYaml ...)` did.
 *
 * A tree is read once per cluster, twenty times on a twenty-cluster platform, and most of it holds
 * no template. So each tree gets a plan once, kept by identity: the places that hold templates, and
 * nothing for the subtrees that do not. check walks the plan for the strings to evaluate; the
 * renderers (render/describe/values.ts) follow it to build each cluster's tree.
 */
import type { PathSegment } from "../diag/diagnostic.js";
import { setOwn } from "../core/own.js";
import { isOverrideTree } from "./deep-merge.js";
import { compileTemplate, hasTemplate, lookUpField, printError, renderTemplate, TemplateError, type Template, type TemplateData } from "../gotpl/template.js";

const compiled = new Map<string, Template>();

/** A compiled template, cached by its text: the same string in 2,000 apps compiles once. */
export function templateOf(s: string): Template {
  let t = compiled.get(s);
  if (!t) {
    t = compileTemplate(s);
    compiled.set(s, t);
  }
  return t;
}

/** Results (or errors) by cluster data and template text. */
const results = new WeakMap<TemplateData, Map<string, string | TemplateError>>();

/**
 * A template's result for a cluster's data. A template gives the same result wherever it is written
 * (the data depends only on the cluster), and the same texts repeat across apps: each is evaluated
 * once per cluster, by check, and render reads the result. Throws the TemplateError, every time.
 */
export function evaluateTemplate(text: string, data: TemplateData): string {
  return evaluateCompiled(templateOf(text), text, data);
}

/** evaluateTemplate for a caller that keeps the compiled template (a frame, for its holes' texts). */
export function evaluateCompiled(tpl: Template, text: string, data: TemplateData): string {
  // A simple template (text and root fields) costs less to render again than to keep: most such
  // texts are an app's own and met once per cluster.
  if (tpl.simple) return renderTemplate(tpl, data);
  let byText = results.get(data);
  if (!byText) results.set(data, (byText = new Map()));
  let r = byText.get(text);
  if (r === undefined) {
    try {
      r = renderTemplate(tpl, data);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      r = e;
    }
    byText.set(text, r);
  }
  if (typeof r !== "string") throw r;
  return r;
}

/**
 * Throws what evaluating the template on the first of these clusters' data where it fails would
 * throw, if it fails anywhere; nothing is kept for render. A simple template (text and root fields:
 * gotpl's `simple`) fails only by printing a map or a list, which depends on its fields alone: each
 * field is looked up once per cluster data, however many templates name it (thousands of apps
 * write `{{ .Values.cluster.name }}` into their own text), and most print everywhere. Anything
 * else is evaluated on each cluster, its result kept for render.
 */
export function checkTemplate(text: string, datas: readonly TemplateData[]): void {
  const t = templateOf(text);
  if (!t.simple) {
    for (const data of datas) evaluateTemplate(text, data);
    return;
  }
  const { keys, parts, srcs } = t.simple;
  let field = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (typeof p === "string") continue;
    const key = keys[field]!;
    for (const data of datas) {
      let byKey = printable.get(data);
      if (!byKey) printable.set(data, (byKey = new Map()));
      let ok = byKey.get(key);
      if (ok === undefined) byKey.set(key, (ok = printError(lookUpField(data, p), "") === undefined));
      if (!ok) throw printError(lookUpField(data, p), srcs[field]!)!;
    }
    field++;
  }
}

/** Per cluster data and root field: whether the field prints. */
const printable = new WeakMap<TemplateData, Map<string, boolean>>();

/**
 * Where a collection holds templates: per item or key, the child's plan (true for a templated
 * string, undefined for a template-free subtree). Templates are compiled when rendered, not here:
 * check asks for plans too, and reports a template it cannot compile where it stands.
 */
export interface TemplatePlan {
  children: (TemplatePlan | true | undefined)[];
  /** The keys of a map (undefined for a list). */
  keys?: string[];
  /** Per key, whether the key itself is a template (absent when none is). */
  templatedKeys?: boolean[];
  /** Some key at any depth is a template. */
  anyTemplatedKey: boolean;
}

/**
 * TemplatePlans by tree, for the trees asked about from outside; null for a tree without any template.
 * TemplatePlans of the subtrees live inside their parent's plan, so only the top of a tree is looked up
 * (a weak-map entry per node cost more than the walk it saved), and the children of a tree a merge
 * made (deep-merge.ts): an override merged into an app's values is a new tree on each cluster, but
 * its branches are the base's own objects, and looking those up spares a walk of the whole tree per
 * cluster (a templated platform has one such tree per app and cluster).
 */
const plans = new WeakMap<object, TemplatePlan | null>();

/**
 * Where a tree holds templates: true for a templated string, undefined for a tree without any, else
 * the plan of each child. Kept by tree identity (the top, and a merged tree's branches), so never mutate a tree
 * after asking.
 */
export function templatePlan(v: unknown): TemplatePlan | true | undefined {
  if (typeof v !== "object" || v === null) return planBelow(v, false);
  return lookedUp(v);
}

function lookedUp(v: object): TemplatePlan | undefined {
  let p = plans.get(v);
  if (p === undefined) {
    p = makeTemplatePlan(v);
    plans.set(v, p);
  }
  return p ?? undefined;
}

/** A child's plan; `lookUp`: the parent is a merge's, so the child may well be a branch asked about before. */
function planBelow(v: unknown, lookUp: boolean): TemplatePlan | true | undefined {
  if (typeof v === "string") return hasTemplate(v) ? true : undefined;
  if (typeof v !== "object" || v === null) return undefined;
  return lookUp ? lookedUp(v) : (makeTemplatePlan(v) ?? undefined);
}

function makeTemplatePlan(v: object): TemplatePlan | null {
  const lookUp = isOverrideTree(v);
  return Array.isArray(v) ? listTemplatePlan(v, lookUp) : mapTemplatePlan(v as Record<string, unknown>, lookUp);
}

// Most trees hold no template: nothing is allocated (not even the list of keys) until one is found.

function listTemplatePlan(list: readonly unknown[], lookUp: boolean): TemplatePlan | null {
  let children: (TemplatePlan | true | undefined)[] | undefined;
  let anyTemplatedKey = false;
  const n = list.length;
  for (let i = 0; i < n; i++) {
    const c = planBelow(list[i], lookUp);
    if (c === undefined) continue;
    children ??= new Array<TemplatePlan | true | undefined>(n).fill(undefined);
    children[i] = c;
    if (c !== true && c.anyTemplatedKey) anyTemplatedKey = true;
  }
  if (children === undefined) return null;
  return { children, anyTemplatedKey };
}

function mapTemplatePlan(map: Record<string, unknown>, lookUp: boolean): TemplatePlan | null {
  let children: (TemplatePlan | true | undefined)[] | undefined;
  let templatedKeys: boolean[] | undefined;
  let anyTemplatedKey = false;
  let keys: string[] | undefined;
  let i = 0;
  for (const k in map) {
    if (!Object.hasOwn(map, k)) continue;
    const c = planBelow(map[k], lookUp);
    const keyTemplated = hasTemplate(k);
    if (c !== undefined || keyTemplated) {
      keys ??= Object.keys(map);
      const n = keys.length;
      if (c !== undefined) {
        children ??= new Array<TemplatePlan | true | undefined>(n).fill(undefined);
        children[i] = c;
        if (c !== true && c.anyTemplatedKey) anyTemplatedKey = true;
      }
      if (keyTemplated) {
        templatedKeys ??= new Array<boolean>(n).fill(false);
        templatedKeys[i] = true;
        anyTemplatedKey = true;
      }
    }
    i++;
  }
  if (keys === undefined) return null;
  children ??= new Array<TemplatePlan | true | undefined>(keys.length).fill(undefined);
  const plan: TemplatePlan = { children, anyTemplatedKey, keys };
  if (templatedKeys !== undefined) plan.templatedKeys = templatedKeys;
  return plan;
}

/** True when a string of the tree, key or value, is a template. */
export function holdsTemplate(v: unknown): boolean {
  return templatePlan(v) !== undefined;
}

/** True when some key of the tree is a template (its rendered name, and so its place, depends on the cluster). */
export function holdsTemplatedKey(v: unknown): boolean {
  const p = templatePlan(v);
  return p !== undefined && p !== true && p.anyTemplatedKey;
}

/** Every templated string in a value tree, with its path (for check). Template-free subtrees are skipped unread. */
export function templateStrings(v: unknown, path: PathSegment[] = [], out: { path: PathSegment[]; text: string; key: boolean }[] = []) {
  collect(templatePlan(v), v, path, out);
  return out;
}

function collect(p: TemplatePlan | true | undefined, v: unknown, path: PathSegment[], out: { path: PathSegment[]; text: string; key: boolean }[]): void {
  if (p === true) out.push({ path: [...path], text: v as string, key: false });
  if (p === undefined || p === true) return;
  // One path array, extended and shortened in place; copied only for a hit.
  const keys = p.keys;
  for (let i = 0; i < p.children.length; i++) {
    const seg = keys === undefined ? i : keys[i]!;
    path.push(seg);
    if (p.templatedKeys?.[i]) out.push({ path: [...path], text: seg as string, key: true });
    const c = p.children[i];
    if (c !== undefined) collect(c, keys === undefined ? (v as unknown[])[i] : (v as Record<string, unknown>)[seg], path, out);
    path.pop();
  }
}

/** A tree with every template evaluated for a cluster's data, keys too; template-free subtrees are returned as they are. */
export function evaluateTree(v: unknown, data: TemplateData): unknown {
  const p = templatePlan(v);
  return p === undefined ? v : followPlan(p, v, data);
}

/** Evaluates what a plan says holds templates and copies the way there; the rest is the tree's own. */
export function followPlan(p: TemplatePlan | true, v: unknown, data: TemplateData): unknown {
  if (p === true) return evaluateTemplate(v as string, data);
  const { children, keys, templatedKeys } = p;
  if (keys === undefined) {
    const list = v as unknown[];
    return list.map((x, i) => (children[i] === undefined ? x : followPlan(children[i]!, x, data)));
  }
  const map = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const c = children[i];
    setOwn(out, templatedKeys?.[i] ? evaluateTemplate(k, data) : k, c === undefined ? map[k] : followPlan(c, map[k], data));
  }
  return out;
}
