import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { groupId, userIds } from "./ids.ts";

describe("ids by name", () => {
  it("reads uid/gid from passwd and gid from group; unknown names and files give undefined", () => {
    const d = mkdtempSync(join(tmpdir(), "aios-ids-"));
    writeFileSync(join(d, "passwd"), "root:x:0:0::/root:/bin/sh\naios-agent:x:900:900:aiOS agents:/var/lib/aios/agents:/usr/sbin/nologin\n");
    writeFileSync(join(d, "group"), "root:x:0:\naios-agent:x:900:\n");
    expect(userIds("aios-agent", join(d, "passwd"))).toEqual({ uid: 900, gid: 900 });
    expect(groupId("aios-agent", join(d, "group"))).toBe(900);
    expect(groupId("aios", join(d, "group"))).toBeUndefined();
    expect(userIds("x", join(d, "nope"))).toBeUndefined();
  });
});
