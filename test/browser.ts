/**
 * Debian's Chromium driven by playwright-core, launched as the machine notes say: headless, no
 * sandbox (root), no GPU, and none of Chromium's background traffic (this machine's network is
 * closed: without these flags it tries Google's hosts at every start), in a fresh profile.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "homescale-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 } });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Functions that run in the page: serialized by Playwright (the page's policy forbids evaluating
// strings). This project compiles without the DOM's types, so they name the little they read.
type InPage = typeof globalThis & { document: { body: { dataset: Record<string, string | undefined> } } };

/** Waits until the view is drawn for a repository state after `after` (-1: any). */
export async function waitReady(page: import("playwright-core").Page, view: string, after = -1, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    ([v, g]) => {
      const d = (globalThis as InPage).document.body.dataset;
      return d.ready === v && Number(d.generation) > g;
    },
    [view, after] as const,
    { timeout },
  );
}

/** The repository state the page shows. */
export async function shownGeneration(page: import("playwright-core").Page): Promise<number> {
  return page.evaluate(() => Number((globalThis as InPage).document.body.dataset.generation));
}

/** When the view was last drawn: ms since the navigation started (its first draw), and on the wall clock. */
export async function readyMark(page: import("playwright-core").Page, view: string): Promise<{ sinceNavigation: number; wall: number }> {
  return page.evaluate((name) => {
    const m = performance.getEntriesByName(name);
    return { sinceNavigation: m[0]!.startTime, wall: performance.timeOrigin + m[m.length - 1]!.startTime };
  }, `homescale:ready:${view}`);
}
