// The web console as the appliance serves it: Bun.serve over TLS with the self-signed certificate
// ensureCert makes (once per test process, in a temp dir). Clients trust exactly that certificate
// (tls.ca), as an operator who checked its fingerprint would; nothing skips verification.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { ensureCert, type WebCert } from "../../../consoles/web/tls/cert.ts";

let made: Promise<WebCert & { dir: string }> | undefined;

/** The test certificate (for 127.0.0.1 and localhost) and the folder it is in. */
export function testCert(): Promise<WebCert & { dir: string }> {
  return (made ??= (async () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-webcert-`);
    return { ...(await ensureCert({ operator: `${dir}/none`, state: dir }, undefined, "aios")), dir };
  })());
}

export interface ConsoleUnderTest {
  base: string;
  server: ReturnType<typeof Bun.serve>;
  cert: WebCert;
  /** fetch that trusts the console's certificate. */
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
}

export async function serveConsole(app: { fetch: (req: Request, server: never) => Response | Promise<Response> }): Promise<ConsoleUnderTest> {
  const cert = await testCert();
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", tls: { cert: cert.cert, key: cert.key }, fetch: app.fetch as never });
  return { base: `https://127.0.0.1:${server.port}`, server, cert, fetch: (url, init) => fetch(url, { ...init, tls: { ca: cert.cert } } as RequestInit) };
}
