// A provider that echoes the key it was sent in its error body (some do) must not get that key into
// our errors, which go to logs and the decision log. Real HTTP on loopback.
import { afterAll, describe, expect, it } from "vitest";
import { credentialsIn, providerPost, redact } from "./http.ts";

const key = "sk-test-0123456789abcdefghij";
const echo = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => new Response(`${"x".repeat(170)} bad key: ${req.headers.get("authorization")}`, { status: 401 }) });
afterAll(() => echo.stop(true));

describe("provider errors", () => {
  it("cut the key out of an echoed error body, before the body is shortened", async () => {
    const err = await providerPost({ provider: "echo", url: `http://127.0.0.1:${echo.port}/v1/chat/completions`, headers: { authorization: `Bearer ${key}` }, body: {}, timeoutMs: 5000 })
      .then(() => null, (e: Error) => e);
    expect(err?.message).toContain("echo answered HTTP 401");
    expect(err?.message).not.toContain(key.slice(0, 12)); // the key starts at character 186: a cut at 200 before redacting would leave its first 14
  });

  it("know which headers carry credentials", () => {
    expect(credentialsIn({ authorization: `Bearer ${key}`, "x-api-key": key, "content-type": "application/json" })).toEqual([`Bearer ${key}`, key, key, key]);
    expect(redact(`a ${key} b`, [key])).toBe("a [redacted] b");
  });
});
