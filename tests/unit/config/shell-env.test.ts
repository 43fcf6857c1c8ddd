import { describe, expect, it } from "vitest";
import { shellEnv } from "../../../runtime/config/shell-env.ts";

describe("aios settings-env", () => {
  it("prints assignments a POSIX shell evals back to the same values, lists space-separated", () => {
    const env = { AIOS_CONFIG_DIR: "/nonexistent", AIOS_NET_DNS: "192.0.2.53, 192.0.2.54", AIOS_NOTIFY_EMAIL_FROM: "it's $(me)" };
    const text = shellEnv(["network.dns", "notify.email_from", "network.address"], env);
    expect(text).toBe("network_dns='192.0.2.53 192.0.2.54'\nnotify_email_from='it'\\''s $(me)'\nnetwork_address=''\n");
    const r = Bun.spawnSync(["/bin/sh", "-c", `${text}printf '%s|%s|%s' "$network_dns" "$notify_email_from" "$network_address"`]);
    expect(r.stdout.toString()).toBe("192.0.2.53 192.0.2.54|it's $(me)|");
  });
});
