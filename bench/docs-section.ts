/**
 * The generated parts of hand-written pages (docs/performance.md): each bench owns the text between
 * its own pair of markers and leaves the rest of the page as it is.
 */

/** The page with what lies between `begin` and the next `end` replaced by `body` (both markers kept); undefined when the page has no such pair. */
export function replaceSection(page: string, begin: string, end: string, body: string): string | undefined {
  const a = page.indexOf(begin);
  const b = a < 0 ? -1 : page.indexOf(end, a + begin.length);
  if (b < 0) return undefined;
  return page.slice(0, a + begin.length) + body + page.slice(b);
}

/** What a bench writes between its markers: who wrote it, then the text. */
export function generatedBody(writer: string, text: string): string {
  return `\n<!-- written by ${writer}: edit outside the markers -->\n\n${text.trim()}\n\n`;
}
