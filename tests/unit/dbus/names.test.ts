// Object paths for service ids: valid D-Bus paths, reversible, and the same escaping systemd uses.
import { describe, expect, it } from "vitest";
import { ROOT_PATH, serviceIdFromPath, servicePath } from "../../../consoles/dbus/names.ts";

describe("servicePath", () => {
  it("escapes what path elements cannot hold, like systemd's unit paths", () => {
    expect(servicePath("monitor")).toBe(`${ROOT_PATH}/service/monitor`);
    expect(servicePath("console-vga")).toBe(`${ROOT_PATH}/service/console_2dvga`);
    expect(servicePath("a_b")).toBe(`${ROOT_PATH}/service/a_5fb`);
    expect(servicePath("")).toBe(`${ROOT_PATH}/service/_`);
  });

  it("always yields a valid object path and round-trips", () => {
    for (const id of ["monitor", "ssh-hostkeys", "x-1-2", "../etc", "ünï", "a b"]) {
      const path = servicePath(id);
      expect(path).toMatch(/^(\/[A-Za-z0-9_]+)+$/);
      expect(serviceIdFromPath(path)).toBe(id);
    }
    expect(serviceIdFromPath("/org/other")).toBeUndefined();
  });
});
