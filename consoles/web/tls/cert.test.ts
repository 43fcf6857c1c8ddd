import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { currentCert, ensureCert } from "./cert.ts";
import { redirectTo } from "./redirect.ts";

const hasOpenssl = (() => { try { execFileSync("openssl", ["version"], { stdio: "ignore" }); return true; } catch { return false; } })();

describe.skipIf(!hasOpenssl)("the console's certificate", () => {
  const root = mkdtempSync(`${tmpdir()}/aios-cert-`);
  const dirs = { operator: `${root}/etc/web`, state: `${root}/state/web` };

  it("is made once (self-signed, key 0600) and kept: the fingerprint stays across starts", async () => {
    const made = await ensureCert(dirs, undefined, "aios");
    expect(made).toMatchObject({ source: "self-signed", path: `${dirs.state}/cert.pem` });
    expect(made.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(made.madeMs).toBeGreaterThan(0);
    expect(statSync(`${dirs.state}/key.pem`).mode & 0o077).toBe(0);
    const again = await ensureCert(dirs);
    expect(again.madeMs).toBeUndefined();
    expect(again.fingerprint).toBe(made.fingerprint);
    expect(currentCert(dirs)?.fingerprint).toBe(made.fingerprint);
    expect(Date.parse(made.notAfter) - Date.now()).toBeGreaterThan(9 * 365 * 86_400_000);
  });

  it("gives way to the operator's own pair, and ignores a pair that does not match", async () => {
    const other = `${root}/other`;
    mkdirSync(other);
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30", "-subj", "/CN=mine", "-keyout", `${other}/key.pem`, "-out", `${other}/cert.pem`], { stdio: "ignore" });
    mkdirSync(dirs.operator, { recursive: true });
    copyFileSync(`${other}/cert.pem`, `${dirs.operator}/cert.pem`);
    copyFileSync(`${dirs.state}/key.pem`, `${dirs.operator}/key.pem`); // the wrong key
    const fallback = await ensureCert(dirs);
    expect(fallback.source).toBe("self-signed");
    copyFileSync(`${other}/key.pem`, `${dirs.operator}/key.pem`);
    const mine = await ensureCert(dirs);
    expect(mine).toMatchObject({ source: "operator", path: `${dirs.operator}/cert.pem` });
    expect(currentCert(dirs)?.fingerprint).toBe(mine.fingerprint);
  });
});

describe("the plain-HTTP listener", () => {
  it("only redirects to https on the console's port, without the query", () => {
    const r = redirectTo(9090)(new Request("http://10.0.2.15:9080/approvals?token=oops"));
    expect(r.status).toBe(301);
    expect(r.headers.get("location")).toBe("https://10.0.2.15:9090/approvals");
    expect(redirectTo(443)(new Request("http://[::1]:80/")).headers.get("location")).toBe("https://[::1]/");
  });
});
