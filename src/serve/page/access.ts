/**
 * Access: the matrix of `homescale access` (apps down, sources across, each cell the protocols and
 * ports a policy opens), filtered by source, app and cluster as `access APP --from SOURCE` filters
 * (a source sees the rows of `all` too). A cell opens its rules with their declaring lines.
 */
import { api, debounce, errorBox, getJson, h, plural } from "./dom.js";
import type { View } from "./main.js";
import { fileLink } from "./source.js";
import type { AccessOptions, AccessRule } from "./types.js";

/** Apps drawn before "show all". */
const ROWS = 150;

export function accessPage(): View {
  let root: HTMLElement;
  const filter = { from: "", app: "", cluster: "" };
  let all = false;
  let options: AccessOptions | undefined;
  const table = h("div", { class: "matrix-wrap", id: "matrix" });
  const detail = h("div", { class: "cell-detail", id: "cell-detail" });
  const info = h("p", { class: "muted", id: "access-info" });

  const input = (key: "from" | "app", label: string, list: string): HTMLInputElement => {
    const el = h("input", { type: "search", id: `filter-${key}`, list, placeholder: label, value: filter[key], autocomplete: "off", spellcheck: "false" });
    el.addEventListener(
      "input",
      debounce(() => {
        filter[key] = el.value.trim();
        void load();
      }, 250),
    );
    return el;
  };

  const load = async (): Promise<void> => {
    let rules: AccessRule[];
    try {
      options ??= await getJson<AccessOptions>("/api/access/options");
      rules = (await getJson<{ rules: AccessRule[] }>(api("/api/access", { ...filter, lines: "0" }))).rules;
    } catch (e) {
      table.replaceChildren(errorBox(e));
      info.textContent = "";
      return;
    }
    draw(rules);
  };

  const draw = (rules: AccessRule[]): void => {
    const apps = [...new Set(rules.map((r) => r.app))];
    const sources = [...new Set(rules.map((r) => r.source))].sort();
    info.textContent = `${plural(rules.length, "rule")}: ${plural(apps.length, "app")} reached from ${plural(sources.length, "source")}`;
    detail.replaceChildren();
    if (rules.length === 0) {
      table.replaceChildren(h("p", { id: "matrix-empty" }, "No access rule matches: nobody reaches these apps over the mesh."));
      return;
    }
    const byCell = new Map<string, AccessRule[]>();
    for (const r of rules) {
      const k = `${r.app}\0${r.source}`;
      const list = byCell.get(k);
      if (list) list.push(r);
      else byCell.set(k, [r]);
    }
    const thead = h("tr", {}, h("th", { class: "corner" }, "app \\ source"), ...sources.map((src) => h("th", { class: "src", title: src }, src)));
    const body = h("tbody", {});
    for (const app of all ? apps : apps.slice(0, ROWS)) {
      const tr = h("tr", { "data-app": app }, h("th", { class: "app" }, app));
      for (const src of sources) {
        const list = byCell.get(`${app}\0${src}`);
        if (!list) {
          tr.append(h("td", {}));
          continue;
        }
        const text = list.map((r) => `${r.protocol}${r.ports.length ? ` ${r.ports.join(",")}` : ""}`).join("; ");
        const td = h("td", { class: "on", "data-source": src, tabindex: 0, title: `${src} → ${app}: ${text}` }, text);
        td.addEventListener("click", () => void showCell(app, src));
        tr.append(td);
      }
      body.append(tr);
    }
    const parts: Node[] = [h("table", { class: "matrix" }, h("thead", {}, thead), body)];
    if (!all && apps.length > ROWS) {
      parts.push(
        h(
          "button",
          {
            onclick: () => {
              all = true;
              draw(rules);
            },
          },
          `show all ${apps.length} apps`,
        ),
      );
    }
    table.replaceChildren(...parts);
  };

  /** A cell's rules with their declaring lines (the matrix itself is fetched without them). */
  const showCell = async (app: string, src: string): Promise<void> => {
    let list: AccessRule[];
    try {
      list = (await getJson<{ rules: AccessRule[] }>(api("/api/access", { app }))).rules.filter((r) => r.source === src);
    } catch (e) {
      detail.replaceChildren(errorBox(e));
      return;
    }
    detail.replaceChildren(
      h("h3", {}, `${src} → ${app}`),
      h(
        "ul",
        {},
        ...list.map((r) =>
          h(
            "li",
            {},
            h("code", {}, r.policy),
            ` ${r.protocol} ${r.ports.length ? r.ports.join(",") : "any port"} on ${r.clusters.length ? r.clusters.join(", ") : "(not deployed)"} `,
            fileLink(r.file, r.line),
            r.names.length ? h("div", { class: "muted" }, r.names.join(", ")) : "",
          ),
        ),
      ),
    );
  };

  return {
    async mount(r) {
      root = r;
      try {
        options ??= await getJson<AccessOptions>("/api/access/options");
      } catch {
        // load() below shows the error in the table's place
      }
      const cluster = h("select", { id: "filter-cluster", "aria-label": "cluster" }, h("option", { value: "" }, "every cluster"), ...(options?.clusters ?? []).map((c) => h("option", { value: c, selected: c === filter.cluster }, c)));
      cluster.addEventListener("change", () => {
        filter.cluster = cluster.value;
        void load();
      });
      const clear = (): void => {
        filter.from = filter.app = filter.cluster = "";
        for (const el of root.querySelectorAll<HTMLInputElement>("input")) el.value = "";
        cluster.value = "";
        void load();
      };
      root.replaceChildren(
        h("div", { class: "tools" }, input("from", "source (team-infra-plat, app:x…)", "sources-list"), input("app", "app", "apps-list"), cluster, h("button", { onclick: clear }, "clear")),
        h("datalist", { id: "sources-list" }, ...(options?.sources ?? []).map((x) => h("option", { value: x }))),
        h("datalist", { id: "apps-list" }, ...(options?.apps ?? []).map((x) => h("option", { value: x }))),
        info,
        table,
        detail,
      );
      await load();
    },
    async update() {
      options = undefined;
      await load();
    },
  };
}
