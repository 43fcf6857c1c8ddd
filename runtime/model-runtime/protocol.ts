// The wire format between clients and the model runtime process (HTTP over a unix socket). Requests
// are ModelRequest minus what cannot cross a process; replies carry raw text, and the client parses
// and re-validates it, so every tier's output goes through the same checks.
import type { ModelRequest } from "../models/model.ts";
import type { CatalogEntry } from "./catalog.ts";

/** A ModelRequest as it crosses the socket: no AbortSignal, plus the model and a queue priority. */
export type ChatCall = Omit<ModelRequest, "signal"> & { model: string; priority?: number };

export interface ChatReply {
  text: string;
  inputTokens: number;
  outputTokens: number;
  stopReason: string;
  model: string;
  sha256?: string;
  ms: number;
}

/** Streamed as NDJSON: text pieces, then one `done` line (or one `error` line). */
export type ChatStreamLine = { type: "text"; text: string } | { type: "done"; reply: ChatReply } | { type: "error"; error: WireError };

export interface EmbedCall { model: string; input: string[]; priority?: number }
export interface EmbedReply { model: string; vectors: number[][]; tokens: number }

export type ModelInfo = Omit<CatalogEntry, "path"> & { loaded: boolean };

export interface WireError { type: string; message: string; hint?: string }
