// The console's TLS certificate. The operator's own (cert.pem + key.pem in web_cert_dir, by default
// /etc/aios/web/) wins; otherwise a self-signed one made on first start with openssl (EC P-256,
// 10 years; ~0.1 s here) and kept in {state_dir}/web/, so its fingerprint stays the same across
// boots. People check that SHA-256 fingerprint (serial /web, `aiosctl web-cert`) when the browser asks.
// Either key.pem must be 0600 (the operator's owned by aios-web, which the web-state service sees to):
// a key others may read is refused, naming it.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { ConfigError } from "../../../runtime/errors.ts";
import { assertSecretMode } from "../secret-file.ts";
import { hostname } from "node:os";
import { setting } from "../../../runtime/config/settings.ts";
import { realRunner, type Runner } from "../../../runtime/proc/exec.ts";

export interface WebCert {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, AB:CD:… as browsers show it. */
  fingerprint: string;
  source: "operator" | "self-signed";
  path: string;
  notAfter: string;
  /** Milliseconds spent making it, when this call made it. */
  madeMs?: number;
}

export const operatorCertDir = () => setting("web_cert_dir");
export const selfSignedDir = () => setting("web_state_dir");

/** The pair in dir when both files are there and belong together; throws with the reason when they don't. */
export function readPair(dir: string, source: WebCert["source"]): WebCert | undefined {
  const certPath = `${dir}/cert.pem`, keyPath = `${dir}/key.pem`;
  if (!existsSync(certPath) && !existsSync(keyPath)) return undefined;
  assertSecretMode(keyPath);
  const cert = readFileSync(certPath, "utf8"), key = readFileSync(keyPath, "utf8");
  const x = new X509Certificate(cert);
  if (!x.checkPrivateKey(createPrivateKey(key))) throw new Error(`${keyPath} is not the key of ${certPath}`);
  return { cert, key, fingerprint: x.fingerprint256, source, path: certPath, notAfter: new Date(x.validTo).toISOString() };
}

/** What the console serves now, without making anything (aiosctl web-cert, serial /web). */
export function currentCert(o = { operator: operatorCertDir(), state: selfSignedDir() }): WebCert | undefined {
  try { const mine = readPair(o.operator, "operator"); if (mine) return mine; } catch { /* the console falls back too */ }
  try { return readPair(o.state, "self-signed"); } catch { return undefined; }
}

async function make(dir: string, runner: Runner, name: string): Promise<number> {
  const started = performance.now();
  const tmp = `${dir}/.new-${process.pid}`;
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  try {
    await runner.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3650",
      "-subj", `/CN=${name}`, "-addext", `subjectAltName=DNS:${name},DNS:localhost,IP:127.0.0.1,IP:::1`,
      "-keyout", `${tmp}/key.pem`, "-out", `${tmp}/cert.pem`], { timeoutMs: 60_000 });
    chmodSync(`${tmp}/key.pem`, 0o600);
    renameSync(`${tmp}/key.pem`, `${dir}/key.pem`);
    renameSync(`${tmp}/cert.pem`, `${dir}/cert.pem`);
  } finally { rmSync(tmp, { recursive: true, force: true }); }
  return performance.now() - started;
}

/** The certificate to serve: the operator's, else the kept self-signed one, else a new one (made once). */
export async function ensureCert(o = { operator: operatorCertDir(), state: selfSignedDir() }, runner: Runner = realRunner, host = hostname()): Promise<WebCert> {
  const name = /^[a-z0-9][a-z0-9.-]{0,62}$/i.test(host) ? host : "aios";
  try {
    const mine = readPair(o.operator, "operator");
    if (mine) return mine;
  } catch (err) {
    console.error(`web: ignoring the certificate in ${o.operator} (${(err as Error).message}); serving the self-signed one`);
  }
  let kept: WebCert | undefined;
  try { kept = readPair(o.state, "self-signed"); } catch (err) {
    if (err instanceof ConfigError) throw err; // a key others could read: refused, not silently replaced
    /* broken: made again below */
  }
  if (kept && Date.parse(kept.notAfter) > Date.now() + 86_400_000) return kept;
  mkdirSync(o.state, { recursive: true, mode: 0o700 });
  const madeMs = await make(o.state, runner, name);
  return { ...readPair(o.state, "self-signed")!, madeMs };
}
