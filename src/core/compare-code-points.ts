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

/** Up to this many keys an insertion sort (no comparator calls from the engine's sort, no work array) is faster. */
const SMALL = 16;

/**
 * A map's own keys in code-point order. Most maps are small and many are sorted already, so those
 * are sorted in place by insertion (one comparison per key when they are in order).
 */
export function sortedKeys(map: object): string[] {
  const keys = Object.keys(map);
  const n = keys.length;
  if (n > SMALL) return keys.sort(compareCodePoints);
  for (let i = 1; i < n; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && compareCodePoints(keys[j]!, k) > 0) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}
