/** Bytes to text: strict UTF-8, with the position of the first bad byte when it is not. */
import type { Finding } from "../diag/diagnostic.js";

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export function decodeUtf8(file: string, bytes: Uint8Array): { text: string } | { finding: Finding } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    // Report the line of the bad byte, counting only the valid text before it.
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, bad));
    return {
      finding: {
        code: "HS004",
        severity: "error",
        message: `${file} is not valid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")} at offset ${bad})`,
        hint: "save the file as UTF-8",
        where: { file, offset: before.length, endOffset: before.length + 1 },
      },
    };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}
