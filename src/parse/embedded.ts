/**
 * A YAML document held in a string of another YAML file: the `helm.values: |` block of an Argo CD
 * Application (HomeScale's clusters/<c>/apps.yaml), which the catalog chart reads as its values.
 * Positions inside the inner document are mapped back to the file: a literal block scalar (`|`) is
 * the inner text line for line, each line indented; anything else (a quoted string, a folded `>`
 * block) has no such correspondence, and every inner position maps to the string's start.
 */

/** Maps offsets in `inner` (the scalar's value) to offsets in `outer`, where the scalar starts at `scalarStart`. */
export function embeddedOffsets(outer: string, scalarStart: number, inner: string): (offset: number) => number {
  if (outer[scalarStart] !== "|") return () => scalarStart;
  const header = outer.indexOf("\n", scalarStart);
  if (header < 0) return () => scalarStart;
  const innerStarts: number[] = [];
  const outerStarts: number[] = [];
  const indents: number[] = [];
  let i = 0;
  let o = header + 1;
  for (const line of inner.split("\n")) {
    const end = outer.indexOf("\n", o);
    const outerLine = outer.slice(o, end < 0 ? outer.length : end);
    innerStarts.push(i);
    outerStarts.push(o);
    indents.push(line === "" ? 0 : Math.max(0, outerLine.length - line.length));
    i += line.length + 1;
    if (end < 0) break;
    o = end + 1;
  }
  return (offset: number): number => {
    let lo = 0;
    let hi = innerStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (innerStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return outerStarts[lo]! + indents[lo]! + (offset - innerStarts[lo]!);
  };
}
