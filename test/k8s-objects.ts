/** Rendered Kubernetes objects read back for comparisons: a YAML stream, then the objects by kind and name. */
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";

export type Obj = { kind: string; metadata: { name: string } } & Record<string, unknown>;

/** Every document of a stream, read with YAML 1.1 (as Argo CD reads the chart's output) or 1.2; none may have an error. */
export function parseStream(text: string, version: "1.1" | "1.2"): Obj[] {
  return parseAllDocuments(text, { version })
    .map((d) => {
      assert.deepEqual(d.errors.map((e) => e.message), []);
      return d.toJS() as Obj | null;
    })
    .filter((o): o is Obj => o !== null);
}

/** The objects by `Kind/name`; two of one key fail the test. */
export function byKindAndName(objs: Obj[]): Map<string, Obj> {
  const m = new Map<string, Obj>();
  for (const o of objs) {
    const key = `${o.kind}/${o.metadata.name}`;
    assert.ok(!m.has(key), `${key} twice`);
    m.set(key, o);
  }
  return m;
}
