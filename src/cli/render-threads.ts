/**
 * build's clusters rendered on two threads. A large platform spends most of a build writing the
 * same kind of file once per cluster, and the clusters are independent, so a second thread takes
 * clusters from the same queue as soon as it is ready. It cannot be handed the model (copying tens
 * of megabytes of objects between threads costs more than it saves), so it builds its own from the
 * same snapshot while this thread runs check; by the time check is done it is already rendering.
 *
 * The queue is one shared counter: each thread takes the next cluster index with Atomics.add, so
 * fast and slow threads balance themselves and every cluster is rendered exactly once. Every file
 * is a pure function of the snapshot and its cluster, so which thread wrote it changes no byte.
 * If the helper fails or vanishes, this thread renders what it had taken.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Snapshot } from "../load/snapshot.js";
import { buildModel } from "../model/build-model.js";
import { renderContext, selectedClusters, writeClusterFiles } from "../render/outputs.js";
import type { RenderContext } from "../render/target.js";
import { ByteSink } from "../render/emit/byte-sink.js";
import { sha256Hex, type Artifact } from "../write/write-tree.js";

const KIND = "homescale-render-helper";

/** Below this many apps a helper thread costs more (starting, parsing again) than it saves. */
export const HELPER_MIN_APPS = 300;

/**
 * On two cores a helper made builds slower, not faster (docs/performance.md): V8's garbage
 * collector already runs on the second core during a build, and two threads that allocate as
 * much as rendering does slow each other down. With four cores or more there is room for both.
 */
export const HELPER_MIN_CORES = 4;

interface HelperInput {
  kind: typeof KIND;
  snapshot: Snapshot;
  clusters: string[];
  queue: SharedArrayBuffer;
}

type HelperMessage = { index: number; cluster: string; artifacts: Artifact[] } | { finished: true };

export interface RenderHelper {
  readonly queue: Int32Array;
  readonly delivered: Map<number, { cluster: string; artifacts: Artifact[] }>;
  /** Resolves once `ready()` holds or the helper has ended (finished, failed or exited). */
  until(ready: () => boolean): Promise<void>;
  stop(): void;
}

/**
 * How many threads render: HOMESCALE_THREADS=1 keeps build on one thread, 2 (or more) always
 * starts the helper; unset, a helper starts when the machine has cores to spare and the platform
 * is large enough to gain from it.
 */
export function wantsHelper(env: Record<string, string | undefined>, apps: number, cores: number): boolean {
  const asked = Number(env.HOMESCALE_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return asked >= 2;
  return cores >= HELPER_MIN_CORES && apps >= HELPER_MIN_APPS;
}

/** Starts the helper thread on a snapshot; undefined when threads are unavailable. */
export function startRenderHelper(snapshot: Snapshot, clusters: readonly string[]): RenderHelper | undefined {
  const queue = new SharedArrayBuffer(4);
  let worker: Worker;
  try {
    const input: HelperInput = { kind: KIND, snapshot, clusters: [...clusters], queue };
    worker = new Worker(new URL(import.meta.url), { workerData: input });
  } catch {
    return undefined;
  }
  // Never the reason the process stays alive: build ends when its own work is done.
  worker.unref();
  const delivered = new Map<number, { cluster: string; artifacts: Artifact[] }>();
  let ended = false;
  let waiting: { ready: () => boolean; wake: () => void }[] = [];
  const settle = (): void => {
    waiting = waiting.filter((w) => {
      if (!ended && !w.ready()) return true;
      w.wake();
      return false;
    });
  };
  worker.on("message", (m: HelperMessage) => {
    if ("finished" in m) ended = true;
    else delivered.set(m.index, { cluster: m.cluster, artifacts: m.artifacts });
    settle();
  });
  const end = (): void => {
    ended = true;
    settle();
  };
  worker.on("error", end);
  worker.on("exit", end);
  return {
    queue: new Int32Array(queue),
    delivered,
    until: (ready) =>
      new Promise<void>((wake) => {
        if (ended || ready()) wake();
        else waiting.push({ ready, wake });
      }),
    stop: () => void worker.terminate(),
  };
}

/**
 * Every selected cluster's files, each handed to `file` as soon as it exists (the caller writes it;
 * bytes written here are valid only during that call, so that one buffer serves every file): this
 * thread takes clusters from the queue until it is empty, then takes what the helper rendered.
 */
export async function renderClusters(ctx: RenderContext, file: (a: Artifact) => void, helper?: RenderHelper): Promise<void> {
  const clusters = selectedClusters(ctx);
  const sink = new ByteSink();
  // Filled, not sparse: every() skips the holes of a sparse array.
  const done: boolean[] = clusters.map(() => false);
  const local = new Int32Array(1);
  const queue = helper?.queue ?? local;
  for (let i = Atomics.add(queue, 0, 1); i < clusters.length; i = Atomics.add(queue, 0, 1)) {
    writeClusterFiles(ctx, clusters[i]!, sink, file);
    done[i] = true;
  }
  if (helper) {
    await helper.until(() => done.every((d, i) => d || helper.delivered.has(i)));
    helper.stop();
    for (const [i, d] of helper.delivered) {
      if (done[i] || d.cluster !== clusters[i]?.cluster.name) continue;
      d.artifacts.forEach(file);
      done[i] = true;
    }
  }
  // Whatever the helper took and never delivered (it failed): rendered here.
  done.forEach((d, i) => d || writeClusterFiles(ctx, clusters[i]!, sink, file));
}

/** The helper's side: its own model from the same snapshot, then clusters from the shared queue. */
function runHelper(input: HelperInput): void {
  const { model } = buildModel(input.snapshot);
  const ctx = renderContext(model, { clusters: input.clusters });
  const clusters = selectedClusters(ctx);
  const queue = new Int32Array(input.queue);
  const sink = new ByteSink();
  for (let i = Atomics.add(queue, 0, 1); i < clusters.length; i = Atomics.add(queue, 0, 1)) {
    // Encoded and hashed here, in parallel; each file's bytes are copied out of the sink once and
    // move to the main thread without another copy.
    const artifacts: { path: string; content: Uint8Array; sha256: string }[] = [];
    writeClusterFiles(ctx, clusters[i]!, sink, (a) => {
      const bytes = new Uint8Array(a.content as Uint8Array);
      artifacts.push({ path: a.path, content: bytes, sha256: sha256Hex(bytes) });
    });
    const message: HelperMessage = { index: i, cluster: clusters[i]!.cluster.name, artifacts };
    parentPort!.postMessage(message, artifacts.map((a) => a.content.buffer as ArrayBuffer));
  }
  parentPort!.postMessage({ finished: true } satisfies HelperMessage);
}

if (!isMainThread && (workerData as Partial<HelperInput> | null)?.kind === KIND) runHelper(workerData as HelperInput);
