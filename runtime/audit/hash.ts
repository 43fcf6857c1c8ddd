// How an entry is hashed. Every field, the sequence number and the previous hash go in, so an edit,
// a deletion or a reordering changes the hash of that entry or breaks the link of the next.
export const GENESIS_HASH = "0".repeat(64);

export interface HashedFields {
  seq: number;
  ts: number;
  kind: string;
  actor: string;
  subject: string;
  /** The JSON text exactly as stored. */
  data: string;
}

export function entryHash(prevHash: string, e: HashedFields): string {
  // The short fields go in as a JSON array, so no choice of actor or subject text can move a field
  // boundary; data (already canonical JSON) comes last.
  return Bun.SHA256.hash(`${prevHash}\n${JSON.stringify([e.seq, e.ts, e.kind, e.actor, e.subject])}\n${e.data}`, "hex");
}
