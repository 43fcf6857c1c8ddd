// The one module that talks HTTP to model providers. It turns every way a provider can fail — no
// answer, a slow answer, an error status, an answer that is not JSON — into one typed error. Those
// errors end up in logs and the decision log, so the key is cut out of whatever they repeat: some
// providers echo the key they were sent in their error bodies.
import { errorMessage, TimeoutError } from "../../errors.ts";
import { ProviderError } from "../errors.ts";

export interface ProviderCall {
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The header values that carry a credential, and each bare key (the part after "Bearer "). */
export function credentialsIn(headers: Record<string, string>): string[] {
  return Object.entries(headers).filter(([k]) => /authorization|api[-_]?key|token|secret/i.test(k))
    .flatMap(([, v]) => [v, v.replace(/^\S+\s+/, "")]).filter((v) => v.length >= 8);
}

/** `text` with every credential replaced; done before any cut, so no prefix of a key survives one. */
export function redact(text: string, credentials: string[]): string {
  return credentials.reduce((t, c) => t.split(c).join("[redacted]"), text);
}

export async function providerPost(call: ProviderCall): Promise<Response> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  let res: Response;
  try {
    res = await fetch(call.url, { method: "POST", headers: { "content-type": "application/json", ...call.headers }, body: JSON.stringify(call.body), signal });
  } catch (err) {
    if (timeout.aborted) throw new TimeoutError(`${call.provider} did not answer within ${call.timeoutMs} ms`);
    throw new ProviderError(redact(`cannot reach ${call.provider} at ${call.url}: ${errorMessage(err)}`, credentialsIn(call.headers)), undefined, "check the base URL and the network");
  }
  if (!res.ok) {
    const text = redact(await res.text().catch(() => ""), credentialsIn(call.headers)).slice(0, 200);
    const hint = res.status === 401 || res.status === 403 ? "check the provider's api_key in /etc/aios/secrets.toml" : undefined;
    throw new ProviderError(`${call.provider} answered HTTP ${res.status}: ${text}`, res.status, hint);
  }
  return res;
}

export async function readJson<T>(res: Response, provider: string): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    // Garbage on the wire is the provider's fault (it counts against its circuit breaker), unlike
    // well-formed output that breaks a schema, which is the model's.
    throw new ProviderError(`${provider} answered something that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
}

/** Wraps errors thrown while a stream is being read (timeouts mid-stream, resets) the same way. */
export function streamFailure(provider: string, err: unknown, timeoutMs: number): Error {
  if (err instanceof Error && "hint" in err) return err;
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return new TimeoutError(`${provider} stream did not finish within ${timeoutMs} ms`);
  return new ProviderError(`${provider} stream broke: ${errorMessage(err)}`);
}
