import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { httpError, fromErrorBody } from "../boundary.ts";
import { StateDiskError, UserError } from "../errors.ts";
import { asStateDiskError } from "./disk-error.ts";
import { openDatabase } from "./open.ts";

describe("state disk errors", () => {
  it("a file that is not a database is a corrupt state disk, answered 503 with the reason", () => {
    const path = join(mkdtempSync(join(tmpdir(), "aios-disk-")), "aios.db");
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    let err: unknown;
    try { openDatabase(path); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(StateDiskError);
    expect((err as StateDiskError).kind).toBe("corrupt");
    expect((err as Error).message).toBe(`database damaged: ${path}`);
    expect(httpError(err)).toMatchObject({ status: 503, body: { reason: "database damaged", hint: expect.stringContaining("moves a damaged database aside") } });
  });

  it("ENOSPC from a real write (/dev/full) is a full disk, answered 507", () => {
    let raw: unknown;
    try { writeFileSync("/dev/full", "x"); } catch (e) { raw = e; }
    const err = asStateDiskError(raw);
    expect(err).toBeInstanceOf(StateDiskError);
    expect((err as StateDiskError).kind).toBe("full");
    expect(httpError(raw).status).toBe(507);
    expect(httpError(raw).body.error).toMatch(/^state disk full: \//); // the state dir unless the error names its file
  });

  it("other errors pass through, typed errors keep their status, and nothing carries a stack", () => {
    const plain = new Error("boom");
    expect(asStateDiskError(plain)).toBe(plain);
    expect(httpError(plain)).toEqual({ status: 500, body: { error: "boom", hint: undefined } });
    expect(httpError(new UserError("bad", "fix it")).status).toBe(400);
  });

  it("a client rebuilds the typed error from the body", () => {
    const e = fromErrorBody(507, { error: "state disk full: /var/lib/aios/aios.db", reason: "state disk full" }, "x");
    expect(e).toBeInstanceOf(StateDiskError);
    expect((e as StateDiskError).kind).toBe("full");
    expect(e.message).toBe("state disk full: /var/lib/aios/aios.db");
    expect((fromErrorBody(503, { error: "r", reason: "state disk read-only" }, "x") as StateDiskError).kind).toBe("readonly");
  });
});
