import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { assertSecretMode } from "../../runtime/config/secret-mode.ts";
import { readSecret, writeSecret } from "./secret-file.ts";
import { rotateToken, webToken } from "./token.ts";
import { UserStore } from "./auth/users.ts";
import { ensureCert } from "./tls/cert.ts";

const hasOpenssl = (() => { try { execFileSync("openssl", ["version"], { stdio: "ignore" }); return true; } catch { return false; } })();

describe("the web console's secret files", () => {
  const dir = mkdtempSync(`${tmpdir()}/aios-secrets-`);

  it("writes them 0600 and reads them back", () => {
    writeSecret(`${dir}/web/s`, "x\n");
    expect(statSync(`${dir}/web/s`).mode & 0o777).toBe(0o600);
    expect(statSync(`${dir}/web`).mode & 0o777).toBe(0o700);
    expect(readSecret(`${dir}/web/s`)).toBe("x\n");
    const token = rotateToken(`${dir}/web/token`);
    expect(statSync(`${dir}/web/token`).mode & 0o777).toBe(0o600);
    expect(webToken(`${dir}/web/token`)).toBe(token);
  });

  it("refuses a token, users file or secret that group or others may read, naming the file and the fix", () => {
    writeFileSync(`${dir}/loose`, "t\n", { mode: 0o644 });
    chmodSync(`${dir}/loose`, 0o644);
    expect(() => webToken(`${dir}/loose`)).toThrow(`${dir}/loose: (permissions): mode is 0644; secrets must not be readable or writable by group or others`);
    try { assertSecretMode(`${dir}/loose`); } catch (e) { expect((e as { hint: string }).hint).toBe(`run: chmod 600 ${dir}/loose`); }
    writeFileSync(`${dir}/users.json`, '{"users":{}}\n', { mode: 0o640 });
    chmodSync(`${dir}/users.json`, 0o640);
    expect(() => new UserStore(`${dir}/users.json`).list()).toThrow(`${dir}/users.json: (permissions): mode is 0640`);
    chmodSync(`${dir}/users.json`, 0o600);
    expect(new UserStore(`${dir}/users.json`).list()).toEqual([]);
    chmodSync(`${dir}/loose`, 0o400); // narrower than 0600 is fine
    expect(webToken(`${dir}/loose`)).toBe("t");
    expect(() => assertSecretMode(`${dir}/not-there`)).not.toThrow();
  });

  it.skipIf(!hasOpenssl)("refuses a TLS key others may read: the operator's falls back to the self-signed one, the self-signed one stops the console", async () => {
    const dirs = { operator: `${dir}/etc/web`, state: `${dir}/state/web` };
    const made = await ensureCert(dirs, undefined, "aios");
    mkdirSync(dirs.operator, { recursive: true });
    for (const f of ["cert.pem", "key.pem"]) copyFileSync(`${dirs.state}/${f}`, `${dirs.operator}/${f}`); // the operator's own pair
    chmodSync(`${dirs.operator}/key.pem`, 0o644);
    expect((await ensureCert(dirs)).source).toBe("self-signed"); // the operator's loose key is not served
    chmodSync(`${dirs.operator}/key.pem`, 0o600);
    expect(await ensureCert(dirs)).toMatchObject({ source: "operator", fingerprint: made.fingerprint });
    chmodSync(`${dirs.operator}/key.pem`, 0o644);
    chmodSync(`${dirs.state}/key.pem`, 0o644);
    await expect(ensureCert(dirs)).rejects.toThrow(`${dirs.state}/key.pem: (permissions): mode is 0644`);
  });
});
