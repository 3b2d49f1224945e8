/**
 * Value trees as a cluster sees them, their templates evaluated (model/template-values.ts has the
 * plan of where a tree holds templates, and the results). Rendering follows the plan and hands the
 * template-free subtrees over as they are, marked shared (shared-tree.ts): every cluster gets the
 * very same object there, which nothing may mutate, and the YAML writer writes its text once.
 */
import { setOwn } from "../../core/own.js";
import { evaluateCompiled, evaluateTemplate, followPlan as follow, templateOf, templatePlan, type TemplatePlan } from "../../model/template-values.js";
import type { Template, TemplateData } from "../../gotpl/template.js";
import { Framed, Hole } from "./frame.js";
import { share } from "./shared-tree.js";
import { isOverrideTree } from "../../model/deep-merge.js";

/** Evaluates every string, keys too, that holds a template; subtrees without one are returned as they are. */
export function renderValues(v: unknown, data: TemplateData): unknown {
  const p = templatePlan(v);
  return p === undefined ? v : follow(shared(p, v), v, data);
}

/**
 * renderValues as a description (frame.ts): the tree as a frame with a hole at each templated
 * string, and the strings evaluated for the cluster as its parts. The frame is made once per tree,
 * so a cluster costs the evaluations and nothing else; the YAML writer writes the frame's text once.
 * A tree with a templated key is rendered as plain data: its keys can move or merge.
 *
 * A tree that exists for one cluster only (an override merged into the app's values, or taken from
 * the override: model/deep-merge.ts) would get a frame used once, which costs more than writing
 * it: such a tree is followed instead, and only its templated branches that are the base's own
 * (the same object on every cluster) are described, each with its frame. So a templated platform
 * with an override per app and cluster writes each base branch's frame once per app.
 */
export function describeValues(v: unknown, data: TemplateData): unknown {
  const p = templatePlan(v);
  if (p === undefined) return v;
  if (p === true || p.anyTemplatedKey) return follow(shared(p, v), v, data);
  if (isOverrideTree(v as object)) return followOwn(shared(p, v), v, data);
  let f = frames.get(p);
  if (!f) frames.set(p, (f = frameOf(shared(p, v), v)));
  const { texts } = f;
  // The holes' templates, compiled once per frame rather than looked up by their text per cluster.
  const compiled = (f.compiled ??= new Array<Template | undefined>(texts.length));
  const parts = new Array<string>(texts.length);
  for (let i = 0; i < texts.length; i++) parts[i] = evaluateCompiled((compiled[i] ??= templateOf(texts[i]!)), texts[i]!, data);
  return new Framed(f.frame, parts);
}

/** An override's tree, evaluated: its own strings here, its branches as describeValues says. */
function followOwn(p: TemplatePlan, v: unknown, data: TemplateData): unknown {
  const { children, keys } = p;
  const at = (c: TemplatePlan | true | undefined, x: unknown): unknown => (c === undefined ? x : c === true ? evaluateTemplate(x as string, data) : describeValues(x, data));
  if (keys === undefined) return (v as unknown[]).map((x, i) => at(children[i], x));
  const map = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) setOwn(out, keys[i]!, at(children[i], map[keys[i]!]));
  return out;
}

/** The tree as a frame with a hole per templated string, and their texts, per plan (made when first asked). */
const frames = new WeakMap<TemplatePlan, { frame: object; texts: string[]; compiled?: (Template | undefined)[] }>();
/** Plans whose template-free subtrees are marked shared. */
const marked = new WeakSet<TemplatePlan>();

/**
 * The template-free collections right below a templated one are what rendering hands over as they
 * are: those are the shared trees (the ones below them are written as part of them). Marked once
 * per plan, when a tree is first rendered.
 */
function shared<P extends TemplatePlan | true>(p: P, v: unknown): P {
  if (p === true || marked.has(p)) return p;
  marked.add(p);
  const { children, keys } = p;
  for (let i = 0; i < children.length; i++) {
    const x = keys === undefined ? (v as unknown[])[i] : (v as Record<string, unknown>)[keys[i]!];
    const c = children[i];
    if (c === undefined) {
      if (typeof x === "object" && x !== null) share(x);
    } else if (c !== true) shared(c, x);
  }
  return p;
}

/** Holes are named by their index in the texts: parts are a list. */
const holes: Hole[] = [];
const holeAt = (i: number): Hole => (holes[i] ??= new Hole(String(i)));

function frameOf(plan: TemplatePlan, v: unknown): { frame: object; texts: string[] } {
  const texts: string[] = [];
  const walk = (p: TemplatePlan, x: unknown): object => {
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
  const place = (c: TemplatePlan | true | undefined, y: unknown): unknown => {
    if (c === undefined) return y;
    if (c !== true) return walk(c, y);
    texts.push(y as string);
    return holeAt(texts.length - 1);
  };
  return { frame: walk(plan, v), texts };
}
