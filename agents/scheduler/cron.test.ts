import { describe, expect, it } from "vitest";
import { UserError } from "../../runtime/errors.ts";
import { checkCron, nextFire } from "./cron.ts";

const T = (iso: string) => Date.parse(iso);

describe("cron", () => {
  it("names the job and the expression when croner rejects it", () => {
    for (const bad of ["bad", "61 * * * *", "* * * *", ""]) {
      const err = (() => { try { checkCron("agent:monitor/rotate", bad); } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toContain("agent:monitor/rotate");
      if (bad) expect((err as Error).message).toContain(`"${bad}"`);
      expect((err as UserError).hint).toContain("croner");
    }
  });

  it("refuses an expression that never fires", () => {
    expect(() => checkCron("operator/feb30", "0 0 30 2 *")).toThrow(/never fires/);
  });

  it("accepts 5 and 6 fields and nicknames", () => {
    for (const ok of ["0 * * * *", "*/10 * * * * *", "@daily"]) expect(() => checkCron("j", ok)).not.toThrow();
  });

  it("gives the first fire time strictly after the instant", () => {
    expect(nextFire("0 * * * *", T("2026-01-01T10:00:00Z"), "UTC")).toBe(T("2026-01-01T11:00:00Z"));
    expect(nextFire("0 * * * *", T("2026-01-01T09:59:59.999Z"), "UTC")).toBe(T("2026-01-01T10:00:00Z"));
    expect(nextFire("0 3 * * *", T("2026-01-01T10:00:00Z"), "UTC")).toBe(T("2026-01-02T03:00:00Z"));
  });
});
