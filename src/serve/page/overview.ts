/**
 * Overview: each cluster with its apps by sync wave (Argo CD syncs the lowest wave first: the
 * wave ladder of HomeScale's architecture page, drawn per cluster), then every diagnostic with its
 * code frame (the text `check` prints) and a link to its file:line.
 */
import { errorBox, getJson, h, plural } from "./dom.js";
import type { View } from "./main.js";
import { fileLink } from "./source.js";
import type { Overview } from "./types.js";

/** Apps drawn per wave before "N more". */
const CHIPS = 24;

export function overviewPage(): View {
  let root: HTMLElement;
  const expanded = new Set<string>();

  const draw = async (): Promise<void> => {
    let o: Overview;
    try {
      o = await getJson<Overview>("/api/overview");
    } catch (e) {
      root.replaceChildren(errorBox(e));
      return;
    }
    const parts: Node[] = [];
    parts.push(
      h(
        "div",
        { class: "facts" },
        fact(o.apps, "app"),
        fact(o.clusters.length, "cluster"),
        fact(o.publicNames, "public name"),
        fact(o.policies, "policy", "policies"),
        h("span", { class: `fact ${o.summary.errors > 0 ? "bad" : "good"}`, id: "error-count" }, plural(o.summary.errors, "error")),
        h("span", { class: `fact ${o.summary.warnings > 0 ? "warn" : ""}` }, plural(o.summary.warnings, "warning")),
      ),
    );
    if (o.diagnostics.length > 0) {
      const list = h("ol", { class: "diagnostics", id: "diagnostics" });
      for (const d of o.diagnostics) {
        list.append(
          h(
            "li",
            { class: `diag ${d.severity}`, "data-code": d.code },
            h("div", { class: "diag-head" }, fileLink(d.file, d.line, d.column), " ", h("span", { class: `sev ${d.severity}` }, d.severity), " ", h("code", {}, d.code), " ", d.message),
            h("pre", { class: "frame" }, d.frame),
          ),
        );
      }
      parts.push(h("h2", {}, "Diagnostics"), list);
    } else parts.push(h("p", { class: "good", id: "diagnostics-none" }, "✓ No diagnostics: the repository checks clean."));

    parts.push(h("h2", {}, "Clusters and sync waves"));
    for (const c of o.clusters) {
      const waves = new Map<number, typeof c.apps>();
      for (const a of c.apps) {
        const list = waves.get(a.wave);
        if (list) list.push(a);
        else waves.set(a.wave, [a]);
      }
      const ladder = h("div", { class: "ladder" });
      for (const [wave, apps] of [...waves].sort((a, b) => a[0] - b[0])) {
        const key = `${c.name}\0${wave}`;
        const all = expanded.has(key);
        const chips = h("div", { class: "chips" });
        for (const a of all ? apps : apps.slice(0, CHIPS)) chips.append(h("span", { class: "chip", title: `${a.name} in namespace ${a.namespace}` }, a.name));
        if (!all && apps.length > CHIPS) {
          chips.append(
            h(
              "button",
              {
                class: "more",
                onclick: () => {
                  expanded.add(key);
                  void draw();
                },
              },
              `+${apps.length - CHIPS} more`,
            ),
          );
        }
        ladder.append(h("div", { class: "wave", "data-wave": wave }, h("div", { class: "wave-head" }, h("b", {}, `wave ${wave}`), h("span", { class: "muted" }, ` ${apps.length}`)), chips));
      }
      parts.push(
        h(
          "section",
          { class: "cluster", "data-cluster": c.name },
          h("h3", {}, c.name, h("span", { class: "muted" }, ` ${c.role}${c.region ? `, region ${c.region}` : ""} · ${plural(c.apps.length, "app")}`)),
          c.apps.length > 0 ? ladder : h("p", { class: "muted" }, "no apps enabled"),
        ),
      );
    }
    root.replaceChildren(...parts);
  };

  return {
    async mount(r) {
      root = r;
      await draw();
    },
    update: draw,
  };
}

function fact(n: number, word: string, many = `${word}s`): HTMLElement {
  return h("span", { class: "fact" }, h("b", {}, String(n)), ` ${n === 1 ? word : many}`);
}
