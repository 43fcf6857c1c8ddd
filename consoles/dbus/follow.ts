// Follows init's event stream (GET /v1/events?follow=1, NDJSON) and yields each state change.
// The stream opens with an empty line so the subscription is known at once; empty lines are skipped.
import { followLines } from "../../runtime/control/client.ts";

export interface InitEvent { seq: number; ts: number; service: string; from: string; to: string; reason: string | null; pid: number | null }

export function followEvents(socket: string, since: number, signal: AbortSignal): AsyncGenerator<InitEvent> {
  return followLines<InitEvent>(`/v1/events?since=${since}&follow=1`, socket, signal);
}
