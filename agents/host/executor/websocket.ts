// WebSocket routes inside a hono app on Bun.serve: a route upgrades the request with its own handlers
// in ws.data, and the server's one `websocket` option dispatches to them. (hono/bun's helper is
// deprecated and hands binary frames over as the whole pooled ArrayBuffer, not the frame's bytes.)
import type { Context } from "hono";
import type { Server, ServerWebSocket, WebSocketHandler } from "bun";

export type Ws = ServerWebSocket<WsData>;

export interface WsHandlers {
  open?(ws: Ws): void;
  message?(ws: Ws, message: string | Buffer): void;
  close?(ws: Ws, code: number, reason: string): void;
}

export interface WsData { on: WsHandlers }

/** Bun.serve's `websocket` option for every app that mounts WebSocket routes. */
export const websocket: WebSocketHandler<WsData> = {
  open: (ws) => ws.data.on.open?.(ws),
  message: (ws, message) => ws.data.on.message?.(ws, message),
  close: (ws, code, reason) => ws.data.on.close?.(ws, code, reason),
};

/** Upgrades to a WebSocket served by `on`; undefined when this is not an upgrade request (or not on Bun.serve). */
export function upgrade(c: Context, on: WsHandlers, headers?: Record<string, string>): Response | undefined {
  const server = c.env as Server<WsData> | undefined;
  if (typeof server?.upgrade !== "function") return undefined;
  // After a successful upgrade Bun ignores the response; hono still needs one to finish the chain.
  return server.upgrade(c.req.raw, { data: { on }, headers }) ? new Response(null) : undefined;
}
