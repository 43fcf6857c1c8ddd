// The plain-HTTP listener (web_redirect_port, off by default: only 22 and 9090 face the network): it serves nothing, it only sends the
// browser to the console's https:// address on web_port. Bun.serve cannot answer plain HTTP on its
// TLS port (the connection is reset), hence a second small listener. The query is dropped: an old
// bookmark with a secret in it must not be carried along.
import { badHost, hasHost } from "../../../runtime/http/host-check.ts";

export function redirectTo(httpsPort: number): (req: Request) => Response {
  return (req) => {
    if (!hasHost(req)) return badHost();
    const url = new URL(req.url);
    const location = `https://${url.hostname}${httpsPort === 443 ? "" : `:${httpsPort}`}${url.pathname}`;
    return new Response(`the aiOS console is at ${location}\n`, { status: 301, headers: { location, "cache-control": "no-store" } });
  };
}
