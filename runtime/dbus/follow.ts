// Follows init's event stream (GET /v1/events?follow=1, NDJSON) and yields each state change.
// The stream opens with an empty line so the subscription is known at once; empty lines are skipped.
import { SystemError } from "../errors.ts";

export interface InitEvent { seq: number; ts: number; service: string; from: string; to: string; reason: string | null; pid: number | null }

export async function* followEvents(socket: string, since: number, signal: AbortSignal): AsyncGenerator<InitEvent> {
  const res = await fetch(`http://init/v1/events?since=${since}&follow=1`, { unix: socket, signal } as RequestInit);
  if (!res.ok || !res.body) throw new SystemError(`init answered ${res.status} to the event stream`);
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line) yield JSON.parse(line) as InitEvent;
    }
  }
}
