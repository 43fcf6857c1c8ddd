// aios errors become D-Bus errors named by who is at fault, hints kept in the text.
import { describe, expect, it } from "vitest";
import { DBusError } from "dbus-next";
import { NotFoundError, SystemError, UserError } from "../../../runtime/errors.ts";
import { ERRORS } from "../../../consoles/dbus/names.ts";
import { toDBusError } from "../../../consoles/dbus/errors.ts";

describe("toDBusError", () => {
  it("maps each kind of blame to its error name", () => {
    const cases: [unknown, string][] = [
      [new NotFoundError('no such service "x"', "known services: a, b"), ERRORS.NoSuchService],
      [new UserError("unknown verb"), ERRORS.InvalidRequest],
      [new SystemError("cannot reach aios init at /x", "is it running?", { cause: new Error("ENOENT") }), ERRORS.InitUnreachable],
      [new SystemError("init answered 500"), ERRORS.Failed],
      [new Error("boom"), ERRORS.Failed],
    ];
    for (const [err, name] of cases) expect((toDBusError(err) as DBusError).type).toBe(name);
    expect((toDBusError(cases[0]![0]) as DBusError).text).toBe('no such service "x" (known services: a, b)');
    const passThrough = new DBusError("org.example.E", "as is");
    expect(toDBusError(passThrough)).toBe(passThrough);
  });
});
