/**
 * The markdown `plan --format markdown` writes (report/plan-markdown.ts), drawn as the pull-request
 * comment would look: headings, tables, lists, <details>/<summary> (with <code>), fenced diffs,
 * **bold** and `code`. Only that subset; everything else is text. Built as DOM nodes from text,
 * never as HTML, so nothing in a plan can become markup.
 */
import { h } from "./dom.js";

/** The markdown escapes the formatter writes, undone: &lt; &gt; &amp; and backslash escapes. */
function unescape(s: string): string {
  return s.replace(/\\([\\|`*])/g, "$1").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** **bold**, `code` and <code>…</code> inside a line. */
export function inline(text: string): Node[] {
  const out: Node[] = [];
  const re = /\*\*(.+?)\*\*|`([^`]+)`|<code>(.*?)<\/code>/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) out.push(document.createTextNode(unescape(text.slice(at, m.index))));
    if (m[1] !== undefined) out.push(h("strong", {}, ...inline(m[1])));
    else out.push(h("code", {}, unescape(m[2] ?? m[3] ?? "")));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(document.createTextNode(unescape(text.slice(at))));
  return out;
}

function cells(line: string): string[] {
  // Split on pipes the formatter did not escape.
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === "\\" && i + 1 < inner.length) {
      cur += c + inner[++i];
      continue;
    }
    if (c === "|") {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

export function renderMarkdown(md: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const stack: (DocumentFragment | HTMLElement)[] = [frag];
  const top = (): DocumentFragment | HTMLElement => stack[stack.length - 1]!;
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const details = /^<details><summary>(.*)<\/summary>$/.exec(line);
    if (details) {
      const d = h("details", {}, h("summary", {}, ...inline(details[1]!)));
      top().append(d);
      stack.push(d);
    } else if (line === "</details>") {
      if (stack.length > 1) stack.pop();
    } else if (line.startsWith("```")) {
      const lang = line.slice(3).trim();
      const code = h("code", { class: lang ? `lang-${lang}` : "" });
      for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) {
        const l = lines[i]!;
        const mark = l[0] === "+" ? "add" : l[0] === "-" ? "remove" : l[0] === "!" ? "change" : "same";
        code.append(h("span", { class: `diff-${mark}` }, `${l}\n`));
      }
      top().append(h("pre", { class: "diff" }, code));
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(" ");
      top().append(h(`h${Math.min(6, level + 1)}` as "h4", {}, ...inline(line.slice(level + 1))));
    } else if (line.startsWith("|")) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i]!.startsWith("|"); i++) rows.push(cells(lines[i]!));
      i--;
      const [head, sep, ...body] = rows;
      const table = h("table", { class: "md" });
      if (head) table.append(h("thead", {}, h("tr", {}, ...head.map((c) => h("th", {}, ...inline(c))))));
      const align = (sep ?? []).map((c) => (c.endsWith(":") ? "right" : "left"));
      table.append(h("tbody", {}, ...body.map((r) => h("tr", {}, ...r.map((c, k) => h("td", { class: align[k] === "right" ? "num" : "" }, ...inline(c)))))));
      top().append(table);
    } else if (line.startsWith("- ")) {
      const ul = h("ul", {});
      for (; i < lines.length && lines[i]!.startsWith("- "); i++) ul.append(h("li", {}, ...inline(lines[i]!.slice(2))));
      i--;
      top().append(ul);
    } else if (line.trim() !== "") {
      top().append(h("p", {}, ...inline(line)));
    }
  }
  return frag;
}
