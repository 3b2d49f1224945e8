/**
 * Code-point order, which is UTF-8 byte order: the order Go's encoding/json (and so Helm's toYaml)
 * sorts map keys in. JavaScript's default sort compares UTF-16 units and puts astral characters
 * before U+E000..U+FFFF, which Go does not.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only where exactly one side is a surrogate does UTF-16 order disagree: that side is an
    // astral character, above every BMP one.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
