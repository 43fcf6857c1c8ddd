/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/// <reference lib="dom.asynciterable" />
// What every page's module shares: fetch with the session's CSRF token and typed errors, a small
// element builder (text is always text, never HTML), Server-Sent Events over GET and POST, formatting,
// and the phone-width menu.
export const csrf = () => document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
export const role = () => document.querySelector<HTMLMetaElement>('meta[name="role"]')?.content ?? "viewer";
export const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

export class ApiError extends Error { constructor(message: string, readonly status: number, readonly hint?: string) { super(message); } }

export async function api<T = unknown>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.method && init.method !== "GET") headers.set("x-csrf-token", csrf());
  if (init.json !== undefined) { headers.set("content-type", "application/json"); init.body = JSON.stringify(init.json); }
  const res = await fetch(path, { ...init, headers, credentials: "same-origin" });
  const data = (await res.json().catch(() => ({}))) as T & { error?: string; hint?: string };
  if (!res.ok) throw new ApiError(data.error ?? `${res.status} ${res.statusText}`, res.status, data.hint);
  return data;
}
export const post = <T = unknown>(path: string, json?: unknown) => api<T>(path, { method: "POST", json });

type Child = Node | string | number | null | undefined | false;
/** h("td", {class: "x"}, "text"): attributes starting with "on" are refused (no inline handlers here). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false || k.startsWith("on")) continue;
    e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(typeof c === "number" ? String(c) : c);
  return e;
}
export const fill = (parent: Element, ...children: Child[]) => { parent.replaceChildren(); for (const c of children) if (c !== null && c !== undefined && c !== false) parent.append(typeof c === "number" ? String(c) : c); };
export const errorText = (e: unknown) => e instanceof ApiError ? `${e.message}${e.hint ? ` (${e.hint})` : ""}` : String((e as Error)?.message ?? e);

export interface SseMessage { event: string; data: string; id?: string }
/** Parses an SSE body (for POST streams, which EventSource cannot make). */
export async function* readSse(res: Response): AsyncGenerator<SseMessage> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let i: number;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const m: SseMessage = { event: "message", data: "" };
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) m.event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        else if (line.startsWith("id:")) m.id = line.slice(3).trim();
      }
      m.data = data.join("\n");
      if (data.length) yield m;
    }
  }
}

/** POST that answers SSE: each event as parsed JSON. */
export async function* postSse<T>(path: string, json?: unknown): AsyncGenerator<{ event: string; data: T }> {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf() }, body: json === undefined ? undefined : JSON.stringify(json), credentials: "same-origin" });
  if (!res.ok) { const d = (await res.json().catch(() => ({}))) as { error?: string; hint?: string }; throw new ApiError(d.error ?? `${res.status}`, res.status, d.hint); }
  for await (const m of readSse(res)) yield { event: m.event, data: JSON.parse(m.data) as T };
}

/** The console's event stream (/api/events): handlers by event type. */
export function events(handlers: Record<string, (data: Record<string, unknown>) => void>): EventSource {
  const es = new EventSource("/api/events");
  for (const [type, fn] of Object.entries(handlers)) es.addEventListener(type, (e) => fn(JSON.parse((e as MessageEvent).data)));
  return es;
}

export const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
export const when = (ts: number | undefined) => ts ? new Date(ts).toLocaleString() : "";
export const ago = (s: number) => s < 120 ? `${Math.round(s)} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;

/** The layout's menu button (phone width) and role-gated controls; every page calls this first. */
export function boot(): void {
  const btn = document.querySelector<HTMLButtonElement>("button.menu");
  btn?.addEventListener("click", () => {
    const open = document.body.classList.toggle("nav-open");
    btn.setAttribute("aria-expanded", String(open));
  });
  const r = role();
  if (r !== "admin") document.querySelectorAll<HTMLElement>(".admin-only").forEach((e) => e.hidden = true);
  if (r === "viewer") document.querySelectorAll<HTMLElement>(".operator-only").forEach((e) => e.hidden = true);
}
