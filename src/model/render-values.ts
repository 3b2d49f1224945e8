/**
 * Templates in value trees (values, labels, annotations, ignoreDifferences): which strings hold
 * one, and the tree as a cluster sees it once they are evaluated, as Helm's `tpl (toYaml ...)` did.
 *
 * A tree is read once per cluster, twenty times on a twenty-cluster platform, and most of it holds
 * no template. So each tree gets a plan once, kept by identity: the places that hold templates, and
 * nothing for the subtrees that do not. Rendering follows the plan and hands those subtrees over as
 * they are, marked shared (shared-tree.ts): every cluster gets the very same object there, which
 * nothing may mutate, and the YAML writer writes its text once.
 */
import type { PathSegment } from "../diag/diagnostic.js";
import { setOwn } from "./deep-merge.js";
import { Framed, Hole } from "./frame.js";
import { share } from "./shared-tree.js";
import { compileTemplate, hasTemplate, renderTemplate, TemplateError, type Template, type TemplateData } from "./template.js";

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
  let byText = results.get(data);
  if (!byText) results.set(data, (byText = new Map()));
  let r = byText.get(text);
  if (r === undefined) {
    try {
      r = renderTemplate(templateOf(text), data);
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
 * Where a collection holds templates: per item or key, the child's plan (true for a templated
 * string, undefined for a template-free subtree). Templates are compiled when rendered, not here:
 * check asks for plans too, and reports a template it cannot compile where it stands.
 */
interface Plan {
  children: (Plan | true | undefined)[];
  /** The keys of a map (undefined for a list). */
  keys?: string[];
  /** Per key, whether the key itself is a template (absent when none is). */
  templatedKeys?: boolean[];
  /** Some key at any depth is a template. */
  anyTemplatedKey: boolean;
  /** The tree as a frame with a hole per templated string, and their texts (made when first asked). */
  frame?: { frame: object; texts: string[] };
}

/**
 * Plans by tree, for the trees asked about from outside; null for a tree without any template.
 * Plans of the subtrees live inside their parent's plan, so only the top of a tree is looked up
 * (a weak-map entry per node cost more than the walk it saved).
 */
const plans = new WeakMap<object, Plan | null>();

function planOf(v: unknown): Plan | true | undefined {
  if (typeof v !== "object" || v === null) return planBelow(v);
  let p = plans.get(v);
  if (p === undefined) {
    p = makePlan(v);
    plans.set(v, p);
  }
  return p ?? undefined;
}

function planBelow(v: unknown): Plan | true | undefined {
  if (typeof v === "string") return hasTemplate(v) ? true : undefined;
  if (typeof v !== "object" || v === null) return undefined;
  return makePlan(v) ?? undefined;
}

function makePlan(v: object): Plan | null {
  return Array.isArray(v) ? listPlan(v) : mapPlan(v as Record<string, unknown>);
}

// Most trees hold no template: nothing is allocated (not even the list of keys) until one is found.

function listPlan(list: readonly unknown[]): Plan | null {
  let children: (Plan | true | undefined)[] | undefined;
  let anyTemplatedKey = false;
  const n = list.length;
  for (let i = 0; i < n; i++) {
    const c = planBelow(list[i]);
    if (c === undefined) continue;
    children ??= new Array<Plan | true | undefined>(n).fill(undefined);
    children[i] = c;
    if (c !== true && c.anyTemplatedKey) anyTemplatedKey = true;
  }
  if (children === undefined) return null;
  shareTemplateFree(list, children);
  return { children, anyTemplatedKey };
}

function mapPlan(map: Record<string, unknown>): Plan | null {
  let children: (Plan | true | undefined)[] | undefined;
  let templatedKeys: boolean[] | undefined;
  let anyTemplatedKey = false;
  let keys: string[] | undefined;
  let i = 0;
  for (const k in map) {
    if (!Object.hasOwn(map, k)) continue;
    const c = planBelow(map[k]);
    const keyTemplated = hasTemplate(k);
    if (c !== undefined || keyTemplated) {
      keys ??= Object.keys(map);
      const n = keys.length;
      if (c !== undefined) {
        children ??= new Array<Plan | true | undefined>(n).fill(undefined);
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
  children ??= new Array<Plan | true | undefined>(keys.length).fill(undefined);
  shareTemplateFree(keys.map((k) => map[k]), children);
  const plan: Plan = { children, anyTemplatedKey, keys };
  if (templatedKeys !== undefined) plan.templatedKeys = templatedKeys;
  return plan;
}

/**
 * The template-free collections right below a templated one are what rendering hands over as they
 * are: those are the shared trees (the ones below them are written as part of them).
 */
function shareTemplateFree(items: readonly unknown[], children: readonly (Plan | true | undefined)[]): void {
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (children[i] === undefined && typeof x === "object" && x !== null) share(x);
  }
}

/** True when a string of the tree, key or value, is a template. */
export function holdsTemplate(v: unknown): boolean {
  return planOf(v) !== undefined;
}

/** True when some key of the tree is a template (its rendered name, and so its place, depends on the cluster). */
export function holdsTemplatedKey(v: unknown): boolean {
  const p = planOf(v);
  return p !== undefined && p !== true && p.anyTemplatedKey;
}

/** Evaluates every string, keys too, that holds a template; subtrees without one are returned as they are. */
export function renderValues(v: unknown, data: TemplateData): unknown {
  const p = planOf(v);
  return p === undefined ? v : follow(p, v, data);
}

/**
 * renderValues as a description (model/frame.ts): the tree as a frame with a hole at each templated
 * string, and the strings evaluated for the cluster as its parts. The frame is made once per tree,
 * so a cluster costs the evaluations and nothing else; the YAML writer writes the frame's text once.
 * A tree with a templated key is rendered as plain data: its keys can move or merge.
 */
export function describeValues(v: unknown, data: TemplateData): unknown {
  const p = planOf(v);
  if (p === undefined) return v;
  if (p === true || p.anyTemplatedKey) return follow(p, v, data);
  p.frame ??= frameOf(p, v);
  const { texts } = p.frame;
  const parts = new Array<string>(texts.length);
  for (let i = 0; i < texts.length; i++) parts[i] = evaluateTemplate(texts[i]!, data);
  return new Framed(p.frame.frame, parts);
}

/** Holes are named by their index in the texts: parts are a list. */
const holes: Hole[] = [];
const holeAt = (i: number): Hole => (holes[i] ??= new Hole(String(i)));

function frameOf(plan: Plan, v: unknown): { frame: object; texts: string[] } {
  const texts: string[] = [];
  const walk = (p: Plan, x: unknown): object => {
    const { children, keys } = p;
    if (keys === undefined) {
      const list = x as unknown[];
      return list.map((y, i) => place(children[i], y));
    }
    const map = x as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) setOwn(out, keys[i]!, place(children[i], map[keys[i]!]));
    return out;
  };
  const place = (c: Plan | true | undefined, y: unknown): unknown => {
    if (c === undefined) return y;
    if (c !== true) return walk(c, y);
    texts.push(y as string);
    return holeAt(texts.length - 1);
  };
  return { frame: walk(plan, v), texts };
}

function follow(p: Plan | true, v: unknown, data: TemplateData): unknown {
  if (p === true) return evaluateTemplate(v as string, data);
  const { children, keys, templatedKeys } = p;
  if (keys === undefined) {
    const list = v as unknown[];
    return list.map((x, i) => (children[i] === undefined ? x : follow(children[i]!, x, data)));
  }
  const map = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const c = children[i];
    setOwn(out, templatedKeys?.[i] ? evaluateTemplate(k, data) : k, c === undefined ? map[k] : follow(c, map[k], data));
  }
  return out;
}

/** Every templated string in a value tree, with its path (for check). Template-free subtrees are skipped unread. */
export function templateStrings(v: unknown, path: PathSegment[] = [], out: { path: PathSegment[]; text: string; key: boolean }[] = []) {
  collect(planOf(v), v, path, out);
  return out;
}

function collect(p: Plan | true | undefined, v: unknown, path: PathSegment[], out: { path: PathSegment[]; text: string; key: boolean }[]): void {
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
