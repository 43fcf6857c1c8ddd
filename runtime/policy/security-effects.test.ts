// The effects the security agent's tools add: file.mode risk (only taking group/other bits away is
// low), firewall.block risk, and the lock-out guard that refuses blocking a connected operator.
import { describe, expect, it } from "vitest";
import type { Effect } from "./effects.ts";
import { describeEffect } from "./effects.ts";
import { DEFAULT_LOCKOUT, lockoutViolation } from "./lockout.ts";
import { classify, modeRisk } from "./risk.ts";

const mode = (from: number, to: number): Effect => ({ kind: "file.mode", path: "/etc/aios/secrets.toml", from, to, dir: false });
const block = (addr: string): Effect => ({ kind: "firewall.block", addr, table: "inet aios", chain: "input" });
const rule = (r: string): Effect => ({ kind: "firewall.rule", change: "add", table: "inet aios", chain: "input", rule: r });
const ops = { ...DEFAULT_LOCKOUT, operatorAddresses: () => ["198.51.100.7", "2001:db8::5"] };

describe("file.mode risk", () => {
  it("is low only when group/other bits are taken away", () => {
    expect(modeRisk(0o644, 0o600)).toBe("low");
    expect(modeRisk(0o777, 0o700)).toBe("low");
    expect(modeRisk(0o644, 0o640)).toBe("low");
  });
  it("is high for adding bits, owner bits and setuid/setgid/sticky", () => {
    expect(modeRisk(0o600, 0o644)).toBe("high");
    expect(modeRisk(0o4755, 0o755)).toBe("high");   // removing SUID can break a tool: a person decides
    expect(modeRisk(0o644, 0o000)).toBe("high");   // the owner losing access
    expect(modeRisk(0o600, 0o640)).toBe("high");
    expect(classify([mode(0o644, 0o600)])).toBe("low");
    expect(describeEffect(mode(0o644, 0o600))).toBe("change mode of file /etc/aios/secrets.toml from 0644 to 0600");
  });
});

describe("firewall.block", () => {
  it("is high risk", () => expect(classify([block("203.0.113.9")])).toBe("high"));

  it("is refused for an address an operator is connected from, in any form", () => {
    expect(lockoutViolation([block("198.51.100.7")], ops)).toMatch(/operator connected from 198\.51\.100\.7/);
    expect(lockoutViolation([block("198.51.100.0/24")], ops)).toMatch(/198\.51\.100\.7/);
    expect(lockoutViolation([block("2001:db8::/32")], ops)).toMatch(/2001:db8::5/);
    expect(lockoutViolation([rule("ip saddr 198.51.100.7 drop")], ops)).toMatch(/firewall rule/);
    expect(lockoutViolation([rule("ip saddr { 10.0.0.1, 198.51.100.7 } counter drop")], ops)).not.toBeNull();
    expect(lockoutViolation([rule("ip saddr != 10.0.0.1 drop")], ops)).not.toBeNull();  // drops everyone else
  });

  it("lets other addresses through, and accept rules for operators", () => {
    expect(lockoutViolation([block("203.0.113.9")], ops)).toBeNull();
    expect(lockoutViolation([rule("ip saddr 198.51.100.7 accept")], ops)).toBeNull();
    expect(lockoutViolation([rule("ip saddr != 198.51.100.7 drop")], { ...ops, operatorAddresses: () => ["198.51.100.7"] })).toBeNull();
    expect(lockoutViolation([block("198.51.100.7")], DEFAULT_LOCKOUT)).toBeNull();  // no operators known
  });

  it("asks for the operators at each check, so a later session is protected", () => {
    let now: string[] = [];
    const cfg = { ...DEFAULT_LOCKOUT, operatorAddresses: () => now };
    expect(lockoutViolation([block("203.0.113.9")], cfg)).toBeNull();
    now = ["203.0.113.9"];
    expect(lockoutViolation([block("203.0.113.9")], cfg)).not.toBeNull();
  });
});
