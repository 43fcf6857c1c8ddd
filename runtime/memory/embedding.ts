// Embedding vectors as stored in SQLite (little-endian float32 BLOBs) and compared by cosine.
/** Supplied by the model runtime when it is up; memory works lexically without it. */
export type EmbedFn = (texts: string[]) => Promise<Float32Array[]>;

export function toBlob(v: Float32Array): Uint8Array {
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}

export function fromBlob(b: Uint8Array): Float32Array {
  const copy = new Uint8Array(b); // aligned copy: BLOB buffers need not be 4-byte aligned
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { const x = a[i]!, y = b[i]!; dot += x * y; na += x * x; nb += y * y; }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
