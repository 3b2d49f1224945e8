/**
 * The page's own files, read once into memory at start: the server answers these names and no
 * other, so no request path ever reaches the file system (no traversal to defend against).
 * They are built by `npm run build` into dist/page/ (scripts/bundle.mjs) and shipped in the package.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";

export interface Asset {
  type: string;
  body: Buffer;
}

/** URL path -> file in dist/page/. */
export const ASSET_FILES: Readonly<Record<string, string>> = {
  "/": "index.html",
  "/app.js": "app.js",
  "/style.css": "style.css",
  "/favicon.svg": "favicon.svg",
};

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
};

/**
 * dist/page/ from wherever this code runs: the CLI's bundle (dist/homescale.cjs, where the bundler
 * sets import.meta.url to the bundle's own URL) or the unbundled module (dist/src/serve/assets.js).
 */
export function pageDir(): string {
  const here = import.meta.url;
  return fileURLToPath(new URL(here.endsWith(".cjs") ? "./page/" : "../../page/", here));
}

export class MissingAssetsError extends Error {}

export function loadAssets(dir = pageDir()): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const [url, file] of Object.entries(ASSET_FILES)) {
    let body: Buffer;
    try {
      body = fs.readFileSync(`${dir}/${file}`);
    } catch {
      throw new MissingAssetsError(`the dashboard's page is missing (${file} in ${dir}): run npm run build`);
    }
    out.set(url, { type: TYPES[file.slice(file.lastIndexOf(".") + 1)]!, body });
  }
  return out;
}
