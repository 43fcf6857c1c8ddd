import { describe, expect, it } from "vitest";
import { lstatSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { prepareWebState } from "./prepare.ts";

describe.skipIf(process.getuid?.() !== 0)("the web console's folders (web-state, as root)", () => {
  it("hands its folder over (0700, files and all, never through a link), the models folder to aios-models, and the operator's certificate", () => {
    const root = mkdtempSync(`${tmpdir()}/aios-webstate-`);
    const o = { state: `${root}/state/web`, models: `${root}/state/models`, certs: `${root}/etc/web` };
    mkdirSync(o.state, { recursive: true, mode: 0o755 });
    writeFileSync(`${o.state}/token`, "t\n", { mode: 0o600 }); // root's, from before the console dropped root
    writeFileSync(`${root}/outside`, "x");
    symlinkSync(`${root}/outside`, `${o.state}/link`);
    mkdirSync(o.certs, { recursive: true });
    writeFileSync(`${o.certs}/key.pem`, "k", { mode: 0o600 });
    const done = prepareWebState(o, { web: { uid: 65534, gid: 65534 }, models: 65533 });
    expect(done).toHaveLength(3);
    expect(statSync(o.state)).toMatchObject({ uid: 65534, gid: 65534 });
    expect(statSync(o.state).mode & 0o7777).toBe(0o700);
    expect(statSync(`${o.state}/token`)).toMatchObject({ uid: 65534 });
    expect(statSync(`${root}/outside`).uid).toBe(0);
    expect(lstatSync(`${o.state}/link`).uid).toBe(0);
    expect(statSync(o.models)).toMatchObject({ uid: 0, gid: 65533 });
    expect(statSync(o.models).mode & 0o7777).toBe(0o2775);
    expect(statSync(`${o.certs}/key.pem`).uid).toBe(65534);
    expect(prepareWebState(o, {})).toEqual(["no user aios-web in /etc/passwd: the console keeps root's folders"]);
  });
});
