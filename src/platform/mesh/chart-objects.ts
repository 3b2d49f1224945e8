/**
 * The apps' own chart templates, rendered the way Helm renders them for an app on a cluster: the
 * template subset's "chart" dialect, against the chart's values.yaml under the values the catalog
 * chart hands the app's chart there (the app's effective values with their `tpl` expressions
 * evaluated, model/chart-values.ts), with `.Release.Name` the release name and
 * `.Release.Namespace` the app's namespace. Only templates that mention what a mesh reads are
 * rendered: a chart's other templates use Helm far beyond the subset. The mesh providers read the
 * objects (tailnet-objects.ts, netbird-objects.ts); a template that cannot be read is a problem
 * with its position, never a crash.
 */
import { parseAllDocuments } from "yaml";
import { isPlainObject } from "../../core/own.js";
import { parseFast } from "../../parse/fast-yaml.js";
import { compileTemplate, renderTemplate, TemplateError, type Template } from "../../gotpl/template.js";
import { chartValuesOf } from "../../model/chart-values.js";
import { deepMerge } from "../../model/deep-merge.js";
import { templateData } from "../../model/resolve.js";
import { orDefault } from "../../model/sprig-default.js";
import { evaluateTree } from "../../model/template-values.js";
import type { Model } from "../../model/types.js";
import type { Placement } from "../placement.js";

/** A chart template that declares mesh objects but could not be read on a placement's cluster. */
export interface ChartProblem {
  placement: Placement;
  file: string;
  offset: number;
  message: string;
}

export type ChartObject = Record<string, unknown>;

/** One template rendered on one placement: the objects of its documents, in order. */
export interface RenderedTemplate {
  file: string;
  /** The template as written, for declaration offsets. */
  text: string;
  objects: ChartObject[];
}

export class ChartRenderer {
  private readonly compiled = new Map<string, Template | TemplateError>();

  constructor(private readonly model: Model) {}

  /**
   * What the catalog chart hands the app's chart on the placement's cluster (tpl evaluated);
   * undefined when the values do not evaluate (the templates rule reports that).
   */
  values(p: Placement): unknown {
    try {
      return evaluateTree(chartValuesOf(this.model, p.app, p.spec) ?? {}, templateData(this.model.catalog, p.cluster));
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      return undefined;
    }
  }

  /** Whether the app's chart has a template `mentions` matches (no values are evaluated to say so). */
  mentions(app: string, mentions: RegExp): boolean {
    return this.model.charts?.get(app)?.templates.some((t) => mentions.test(t.text)) ?? false;
  }

  /**
   * Renders the templates of the placement's chart that `mentions` matches, against `values` (from
   * values()); each that cannot be compiled, rendered or read as YAML adds to `problems`.
   */
  render(p: Placement, values: unknown, mentions: RegExp, problems: ChartProblem[]): RenderedTemplate[] {
    const chart = this.model.charts?.get(p.app.name);
    const out: RenderedTemplate[] = [];
    let chartValues: Record<string, unknown> | undefined;
    for (const t of chart?.templates ?? []) {
      if (!mentions.test(t.text)) continue;
      const problem = (message: string, action?: string): void => {
        const at = action !== undefined ? t.text.indexOf(action) : -1;
        problems.push({ placement: p, file: t.file, offset: at < 0 ? 0 : at, message });
      };
      const tpl = this.compile(t.text);
      if (tpl instanceof TemplateError) {
        problem(tpl.message, tpl.action);
        continue;
      }
      chartValues ??= deepMerge(chart?.values ?? {}, values) as Record<string, unknown>;
      let text: string;
      try {
        text = renderTemplate(tpl, { Values: chartValues, Release: { Name: orDefault(p.spec.releaseName, p.app.name), Namespace: p.namespace } });
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        problem(e.message, e.action);
        continue;
      }
      out.push({ file: t.file, text: t.text, objects: readRendered(text) ?? viaYamlLibrary(text, problem) });
    }
    return out;
  }

  private compile(text: string): Template | TemplateError {
    let tpl = this.compiled.get(text);
    if (tpl === undefined) {
      try {
        tpl = compileTemplate(text, "chart");
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        tpl = e;
      }
      this.compiled.set(text, tpl);
    }
    return tpl;
  }
}

/** A rendered template's documents as the YAML library reads them (YAML 1.2, core schema), each that cannot be read a problem. */
export function viaYamlLibrary(text: string, problem: (message: string) => void): ChartObject[] {
  const objects: ChartObject[] = [];
  for (const doc of parseAllDocuments(text, { version: "1.2", prettyErrors: false })) {
    if (doc.errors.length > 0) {
      problem(`it does not render to YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
      continue;
    }
    try {
      const o = doc.toJS({ maxAliasCount: 100 }) as unknown;
      objects.push(isPlainObject(o) ? o : {});
    } catch (e) {
      problem(`it renders to YAML homescale does not read: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return objects;
}

/** A line that ends or directs a document, or a start marker with content after it: left to the YAML library. */
const OTHER_MARKERS = /^(?:\.\.\.|%|---[ \t]*\S)/m;
const START = /^---[ \t]*$/;
const CONTENT = /^[ ]*[^ #\n]/m;
/** A plain scalar the two readers turn into different keys (js-yaml's `null` is the library's ""). */
const NULLISH = (source: string): boolean => source === "~" || source === "null" || source === "Null" || source === "NULL";

/**
 * The same documents as viaYamlLibrary, read with the subset reader, or undefined when any of
 * them is outside the subset. A rendered manifest is mostly plain block YAML, and the library costs
 * about 200 µs a document: on a Tailscale platform with a tailnet Service per app that was most of
 * check (24,700 renders at 2,000 x 20). The stream is cut at its `---` lines (a marker line cannot be
 * inside any scalar); as the library counts them, what comes before the first marker is a document
 * only if it has content, and every marker starts one, empty or not (then null). The subset reader
 * agrees with YAML 1.2's core schema except for null keys, so a text with a null-looking plain
 * scalar goes to the library; test/chart-objects.test.ts holds the two to each other.
 */
export function readRendered(text: string): ChartObject[] | undefined {
  if (OTHER_MARKERS.test(text)) return undefined;
  const lines = text.split("\n");
  const chunks: { text: string; marked: boolean }[] = [];
  let from = 0;
  let marked = false;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !START.test(lines[i]!)) continue;
    chunks.push({ text: lines.slice(from, i).join("\n"), marked });
    from = i + 1;
    marked = true;
  }
  const objects: ChartObject[] = [];
  for (const c of chunks) {
    if (!CONTENT.test(c.text)) {
      if (c.marked) objects.push({});
      continue;
    }
    const fast = parseFast(c.text, NULLISH);
    if (fast === undefined || fast.watched.length > 0) return undefined;
    objects.push(isPlainObject(fast.value) ? fast.value : {});
  }
  return objects;
}

type Obj = ChartObject;
export const asMap = (v: unknown): Obj => (isPlainObject(v) ? v : {});
export const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
