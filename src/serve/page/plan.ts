/**
 * Plan: the working tree against a base revision (--base, else HEAD), drawn from exactly what
 * `plan --format markdown` prints (/api/plan.md); /api/plan is the same plan as `--format json`.
 * The plan is made again when the repository changes.
 */
import { api, errorBox, getJson, getText, h } from "./dom.js";
import type { View } from "./main.js";
import { renderMarkdown } from "./markdown.js";
import type { Revisions } from "./types.js";

export function planPage(): View {
  let root: HTMLElement;
  let base: string | undefined;
  let revisions: Revisions | undefined;
  const out = h("div", { class: "plan-out", id: "plan-out" });

  const run = async (): Promise<void> => {
    if (base === undefined) return;
    out.replaceChildren(h("p", { class: "muted" }, `Planning the working tree against ${base}…`));
    delete out.dataset.base;
    try {
      const md = await getText(api("/api/plan.md", { base }));
      out.replaceChildren(
        renderMarkdown(md),
        h("p", { class: "muted" }, "The same as ", h("code", {}, `homescale plan --base ${base} --format markdown`), "; as JSON: ", h("a", { href: api("/api/plan", { base }) }, "/api/plan")),
      );
      out.dataset.base = base;
    } catch (e) {
      out.replaceChildren(errorBox(e));
    }
  };

  return {
    async mount(r) {
      root = r;
      try {
        revisions ??= await getJson<Revisions>("/api/revisions");
      } catch (e) {
        root.replaceChildren(errorBox(e));
        return;
      }
      if (!revisions.git) {
        root.replaceChildren(h("p", { id: "plan-no-git" }, "This repository is not a git repository: a plan compares a git revision with the working tree."));
        return;
      }
      base ??= revisions.base;
      const input = h("input", { id: "plan-base", list: "revisions-list", value: base, spellcheck: "false", autocomplete: "off", "aria-label": "base revision" });
      const list = h("datalist", { id: "revisions-list" }, ...revisions.refs.map((x) => h("option", { value: x.name }, x.commit.slice(0, 12))), ...revisions.commits.map((c) => h("option", { value: c.commit.slice(0, 12) }, c.subject)));
      const form = h("form", { class: "tools", id: "plan-form" }, h("label", {}, "base ", input), list, h("button", { type: "submit" }, "plan"), h("span", { class: "muted" }, " → working tree"));
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        base = input.value.trim() || revisions!.base;
        void run();
      });
      root.replaceChildren(form, out);
      await run();
    },
    async update() {
      revisions = undefined;
      await run();
    },
  };
}
