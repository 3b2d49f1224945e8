/**
 * Text written straight into one growing byte buffer: how build writes its biggest files. Building
 * a file as a string costs two copies of every byte that the file's bytes then repeat (each
 * document joined, the documents joined, the whole encoded to UTF-8), and on a large platform those
 * strings are most of what the garbage collector moves. Here every piece is encoded once, into a
 * buffer that is reused for the next file, and text the YAML writer keeps (a frame's runs, a shared
 * tree) is encoded once and copied as bytes every time it is written again.
 *
 * A sink holds one file at a time: view() is valid until the next reset() or write.
 */
export class ByteSink {
  private buf: Buffer;
  private end = 0;

  constructor(capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Appends a string as UTF-8. */
  push(s: string): void {
    const n = s.length;
    // A UTF-16 code unit never takes more than three bytes of UTF-8.
    if (this.end + 3 * n > this.buf.length) this.grow(3 * n);
    const buf = this.buf;
    let at = this.end;
    if (n > SHORT) {
      this.end = at + buf.write(s, at);
      return;
    }
    // Most pieces are a few characters of ASCII: copied here, without a call into the encoder.
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.end += buf.write(s, this.end);
        return;
      }
      buf[at++] = c;
    }
    this.end = at;
  }

  /** Appends bytes already encoded. */
  bytes(b: Uint8Array): void {
    this.range(b, 0, b.length);
  }

  /** Appends bytes from..to of b. */
  range(b: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.end + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    if (n > SHORT) {
      buf.set(b.subarray(from, to), this.end);
      this.end += n;
      return;
    }
    // A few bytes (a frame's text between two holes): copied here, without a view to copy from.
    let at = this.end;
    for (let i = from; i < to; i++) buf[at++] = b[i]!;
    this.end = at;
  }

  /** How many bytes were written since the last reset. */
  get length(): number {
    return this.end;
  }

  /** A copy of the bytes written from `start` on, to keep after the sink moves on (in slabs: keepBytes). */
  keep(start = 0): Uint8Array {
    return keepBytes(this.buf, start, this.end);
  }

  /** The bytes written since the last reset; valid until the sink is written to or reset again. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.end);
  }

  reset(): void {
    this.end = 0;
  }

  private grow(atLeast: number): void {
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.end + atLeast));
    this.buf.copy(next, 0, 0, this.end);
    this.buf = next;
  }
}

/** Up to this many characters (or bytes) a piece is copied by a loop; longer ones by the engine. */
const SHORT = 48;

/**
 * Kept bytes (a frame's text, a shared tree's) live in large slabs, handed out as views: tens of
 * thousands of small buffers of their own cost more to allocate, and to track, than the copying.
 * A slab is freed with the last view of it.
 */
const SLAB = 256 * 1024;
let slab = new Uint8Array(0);
let slabUsed = 0;

function keepBytes(from: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  // (Uint8Array's slice copies; a Buffer's would be a view of the sink's reused buffer.)
  if (n > SLAB / 4) return Uint8Array.prototype.slice.call(from, start, end);
  if (slabUsed + n > slab.length) {
    slab = new Uint8Array(SLAB);
    slabUsed = 0;
  }
  slab.set(from.subarray(start, end), slabUsed);
  const kept = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += n;
  return kept;
}
