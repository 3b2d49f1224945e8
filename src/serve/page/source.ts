/**
 * file:line links and the excerpt they open: the declaring lines of a diagnostic, a trace hop or
 * an access rule, read from the files the check read (/api/source), never from the disk.
 */
import { api, errorBox, getJson, h } from "./dom.js";

interface Excerpt {
  file: string;
  line: number;
  lines: { n: number; text: string }[];
}

let dialog: HTMLDialogElement | undefined;

function viewer(): HTMLDialogElement {
  if (!dialog) {
    dialog = h("dialog", { class: "source", id: "source-viewer" });
    dialog.addEventListener("click", (e) => {
      if (e.target === dialog) dialog.close();
    });
    document.body.append(dialog);
  }
  return dialog;
}

export async function showSource(file: string, line: number): Promise<void> {
  const d = viewer();
  d.replaceChildren(h("header", {}, h("b", {}, `${file}:${line}`), h("button", { class: "close", onclick: () => d.close(), "aria-label": "close" }, "×")));
  if (!d.open) d.showModal();
  try {
    const x = await getJson<Excerpt>(api("/api/source", { file, line: String(line) }));
    const pre = h("pre", { class: "excerpt" });
    for (const l of x.lines) pre.append(h("span", { class: l.n === x.line ? "line here" : "line" }, h("span", { class: "n" }, String(l.n).padStart(4)), ` ${l.text}\n`));
    d.append(pre);
  } catch (e) {
    d.append(errorBox(e));
  }
}

/** "apps/x/app.yaml:12" as a link to its excerpt; the file alone when the line is unknown. */
export function fileLink(file: string | undefined, line?: number, column?: number): HTMLElement | string {
  if (file === undefined || file === "") return "";
  const text = line === undefined ? file : `${file}:${line}${column !== undefined ? `:${column}` : ""}`;
  if (line === undefined || line < 1) return h("span", { class: "loc" }, text);
  return h(
    "a",
    {
      class: "loc",
      href: "#",
      "data-file": file,
      "data-line": line,
      onclick: (e: Event) => {
        e.preventDefault();
        void showSource(file, line);
      },
    },
    text,
  );
}
