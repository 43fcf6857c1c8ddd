// Every HTTP server of the appliance answers a request with a malformed Host header here, before its
// app sees it. Bun hands such a request a relative URL ("/path?q"); hono's router then throws before
// any handler or error handler runs (Bun's own 500 page), and so does `new URL(req.url)`.
export const hasHost = (req: Request): boolean => URL.canParse(req.url);

export const badHost = (): Response =>
  Response.json({ error: "bad request: the Host header is not a host name", hint: "send Host: <name or address>[:port], or leave it out" }, { status: 400 });

/** A Bun.serve `fetch` that answers a malformed Host with 400 and passes everything else on. */
export function checkHost<S>(fetch: (req: Request, server: S) => Response | Promise<Response>): (req: Request, server: S) => Response | Promise<Response> {
  return (req, server) => (hasHost(req) ? fetch(req, server) : badHost());
}
