// Generated HTTP requests for one route: the route's method (now and then another), its path with
// generated parameters, a generated query string, headers, and a JSON, form, multipart-looking,
// garbage or oversized body; for the web console also who is asking (nobody, the token, a session
// with or without its CSRF token, a forged cookie).
import fc from "fast-check";
import { pathFor, type Route } from "./routes.ts";

export type AuthKind = "none" | "bearer" | "bearer-bad" | "admin" | "operator" | "viewer" | "no-csrf" | "bad-csrf" | "bad-cookie";
export interface Generated { method: string; path: string; query: string; headers: Record<string, string>; body?: Uint8Array | string; auth: AuthKind }

const QUERY_KEYS = ["n", "status", "kind", "actor", "open", "q", "service", "minutes", "all", "name", "limit", "search", "since", "follow", "msg", "agent", "id", "model", "stream"];
const value = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.double().map(String), fc.constantFrom("", "1", "0", "-1", "all", "pending", "alpha", "x.gguf", "1e308", "300s", "%", "\u0000"));
const query = fc.oneof(
  fc.constant(""),
  fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 10 })), value, { maxKeys: 4 }).map((d) => `?${new URLSearchParams(d)}`),
  fc.string({ maxLength: 60 }).map((s) => `?${s.replace(/[#\s]/g, "")}`),
);

const textish = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom("why is the disk full?", "status", "open port 8080", "", " ", "\u0000", "a".repeat(5000)));
const known = fc.record({
  text: textish, session: value, note: fc.oneof(textish, fc.integer()), mode: fc.constantFrom("off", "propose", "maybe", "", 3),
  desc: textish, model: fc.constantFrom("aios", "nope", "", "local/x"), stream: fc.boolean(),
  messages: fc.oneof(fc.constant([{ role: "user", content: "hi" }]), fc.array(fc.record({ role: fc.constantFrom("user", "system", "tool", "x"), content: fc.oneof(textish, fc.jsonValue()) }), { maxLength: 3 }), fc.jsonValue()),
  input: fc.oneof(textish, fc.array(textish, { maxLength: 3 }), fc.jsonValue()), who: value, agent: fc.constantFrom("monitor", "network", "nobody", ""),
  tool: fc.string({ maxLength: 20 }), value: value, argv: fc.oneof(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), fc.jsonValue()),
  service: value, status: value, pid: fc.oneof(fc.integer(), fc.string()), kind: value, actor: value, subject: value, data: fc.jsonValue(), title: textish, tags: fc.jsonValue(),
  snapshotId: value, reason: textish, wait: fc.boolean(), max_tokens: fc.oneof(fc.integer(), fc.string()), temperature: fc.oneof(fc.double(), fc.string()),
}, { requiredKeys: [] });

/** Close to what an OpenAI client sends, so the generated requests reach the model and not only the checks. */
const openai = fc.record({
  model: fc.constantFrom("aios", "tiny", "tiny.gguf", "nope"), messages: fc.array(fc.record({ role: fc.constantFrom("user", "system"), content: textish }), { minLength: 1, maxLength: 3 }),
  max_tokens: fc.integer({ min: 1, max: 8 }), stream: fc.boolean(), input: fc.oneof(textish, fc.array(textish, { maxLength: 3 })),
}, { requiredKeys: ["model", "messages", "max_tokens"] });

type Body = { body?: Uint8Array | string; type?: string };
const anyBody: fc.Arbitrary<Body> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: known.map((o) => ({ body: JSON.stringify(o), type: "application/json" })) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => ({ body: JSON.stringify(v), type: "application/json" })) },
  { weight: 1, arbitrary: openai.map((o) => ({ body: JSON.stringify(o), type: "application/json" })) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom("name", "password", "note", "_csrf"), fc.string({ maxLength: 8 })), fc.string({ maxLength: 40 }), { maxKeys: 4 })
    .map((d) => ({ body: new URLSearchParams(d).toString(), type: "application/x-www-form-urlencoded" })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((b) => ({ body: b, type: "application/octet-stream" })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => ({ body: b, type: "multipart/form-data; boundary=zz" })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((s) => ({ body: s, type: "application/json" })) },
  { weight: 1, arbitrary: fc.constantFrom({ body: "{".repeat(100_000), type: "application/json" }, { body: `{"text":"${"x".repeat(1 << 20)}"}`, type: "application/json" }, { body: "GGUF" + "\u0000".repeat(1000), type: "application/octet-stream" }) },
);

const headerValue = fc.oneof(fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")), fc.constantFrom("", "text/html", "*/*", "application/json", "text/event-stream", "-1", "99999999999"));
const extraHeaders = fc.dictionary(fc.constantFrom("accept", "last-event-id", "origin", "x-forwarded-for", "range", "if-none-match", "x-csrf-token", "host"), headerValue, { maxKeys: 3 });

const OTHER_METHODS = ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];
const AUTHS: AuthKind[] = ["none", "bearer", "bearer-bad", "admin", "operator", "viewer", "no-csrf", "bad-csrf", "bad-cookie"];

/** `auth` false: a socket API (its file mode is the access rule), no auth is generated. */
export function requestFor(route: Route, auth: boolean): fc.Arbitrary<Generated> {
  const method = route.method === "ALL" ? fc.constantFrom("GET", "POST", ...OTHER_METHODS) : fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) });
  // The OpenAI API takes only the token, and mostly OpenAI-shaped bodies, so requests get past the checks to a model.
  const v1 = route.path.startsWith("/v1/");
  const who = !auth ? fc.constant<AuthKind>("none") : v1 ? fc.oneof(fc.constant<AuthKind>("bearer"), fc.constantFrom(...AUTHS)) : fc.constantFrom(...AUTHS);
  const body = v1 ? fc.oneof(anyBody, openai.map((o) => ({ body: JSON.stringify(o), type: "application/json" }))) : anyBody;
  return fc.record({ method, path: pathFor(route), query, body, extra: extraHeaders, contentType: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: headerValue }), who })
    .map(({ method, path, query, body, extra, contentType, who }) => {
      const headers: Record<string, string> = { ...extra };
      const type = contentType ?? body.type;
      if (type !== undefined && body.body !== undefined) headers["content-type"] = type;
      const hasBody = method !== "GET" && method !== "HEAD";
      return { method, path, query, headers, body: hasBody ? body.body : undefined, auth: who };
    });
}

export const describe = (g: Generated) => `${g.method} ${g.path}${g.query} [${g.auth}] ${JSON.stringify(g.headers)} ${typeof g.body === "string" ? g.body.slice(0, 200) : g.body ? `<${g.body.length} bytes>` : ""}`;
