// How an entry is hashed. Every field, the sequence number and the previous hash go in, so an edit,
// a deletion or a reordering changes the hash of that entry or breaks the link of the next.
import { canonicalJson } from "./canonical.ts";

export const GENESIS_HASH = "0".repeat(64);

export interface HashedFields {
  seq: number;
  ts: number;
  kind: string;
  actor: string;
  subject: string;
  /** Already canonical JSON text, exactly as stored. */
  data: string;
}

export function entryHash(prevHash: string, e: HashedFields): string {
  const h = new Bun.CryptoHasher("sha256");
  // Fields are joined with a separator that cannot occur unescaped inside JSON strings or numbers.
  h.update(`${prevHash}\u0000${e.seq}\u0000${e.ts}\u0000${e.kind}\u0000${e.actor}\u0000${e.subject}\u0000${e.data}`);
  return h.digest("hex");
}

export { canonicalJson };
