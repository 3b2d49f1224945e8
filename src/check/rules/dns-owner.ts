/**
 * One DNS owner per name. homescale's Terraform (cloudflare.tf.json) owns every public name, and
 * the routes it renders tell external-dns to keep away (controller: none); the LAN resolver owns
 * the LAN names. An app that also hands a public name to external-dns (an
 * external-dns…/hostname annotation in its values or annotations) makes two writers of one record,
 * which overwrite each other: that is reported at the annotation.
 */
import type { PathSegment } from "../../diag/diagnostic.js";
import { isPlainObject } from "../../core/own.js";
import { hostKey } from "../../platform/hostnames.js";
import type { Rule } from "../rule.js";

const HOSTNAME_KEY = /^external-dns(\.alpha)?\.kubernetes\.io\/(hostname|internal-hostname)$/;

export const dnsOwnerRule: Rule = {
  name: "dns-owner",
  codes: ["HS113"],
  run({ model, index, report }) {
    const owned = new Map<string, string>();
    for (const r of index.routing.routes) if (r.published && r.scope === "public") owned.set(r.key, `${r.app} on ${r.cluster}`);
    if (owned.size === 0) return;
    for (const app of model.apps) {
      if (!app.valid) continue;
      const found: { path: PathSegment[]; name: string }[] = [];
      for (const field of ["values", "annotations"] as const) walk(app.raw[field], [field], found);
      for (const f of found) {
        const owner = owned.get(hostKey(f.name));
        if (owner === undefined) continue;
        report(
          "HS113",
          `${f.name} is given to external-dns here, but homescale's Terraform publishes it (${owner}): two writers of one DNS record overwrite each other`,
          { file: app.file, path: f.path },
          "drop the annotation: the name's record is in terraform/cloudflare.tf.json",
        );
      }
    }
  },
};

/** Every external-dns hostname annotation under v; `path` is reused as the walk goes (copied only for a find). */
function walk(v: unknown, path: PathSegment[], out: { path: PathSegment[]; name: string }[]): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x !== "object" || x === null) continue;
      path.push(i);
      walk(x, path, out);
      path.pop();
    }
  } else if (isPlainObject(v)) {
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      const x = v[k];
      if (typeof x === "string") {
        // The annotation keys start with "external-dns": a cheap test before the pattern.
        if (k.charCodeAt(0) === 101 && HOSTNAME_KEY.test(k)) for (const name of x.split(",")) out.push({ path: [...path, k], name: name.trim() });
      } else if (typeof x === "object" && x !== null) {
        path.push(k);
        walk(x, path, out);
        path.pop();
      }
    }
  }
}
