import { describe, expect, it } from "vitest";
import { checkAddress, checkDns, checkGateway, checkHostname, checkSshKey } from "./validate.ts";

// A real key made by ssh-keygen -t ed25519 (public half only); its fingerprint as ssh-keygen -l prints it.
const ED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxcJpeGeEJdjFlIeg8POsjdmS3MWMqBzyaOwVjrjrjf ops@laptop";
const problem = (c: { ok: boolean; problem?: string }) => (c.ok ? "ok" : c.problem);

describe("setup checks", () => {
  it("ssh keys: accepts a real key with ssh-keygen's fingerprint, refuses garbage with a reason", () => {
    expect(checkSshKey(`  ${ED}  `)).toMatchObject({ ok: true, value: { type: "ssh-ed25519", fingerprint: "SHA256:oTkl9q/Ky3ObzXcBRGNkSk5X4iB4/LAruEhXcUXG138", comment: "ops@laptop" } });
    expect(problem(checkSshKey("hello world"))).toMatch(/"hello" is not an ssh public key type/);
    expect(problem(checkSshKey("-----BEGIN OPENSSH PRIVATE KEY-----"))).toMatch(/private key: never paste it/);
    expect(problem(checkSshKey("ssh-dss AAAAB3NzaC1kc3MAAACBAP"))).toMatch(/DSA keys are refused/);
    expect(problem(checkSshKey(`command="ls" ${ED}`))).toMatch(/options before the key/);
    expect(problem(checkSshKey("ssh-ed25519 AAAA!!notbase64"))).toMatch(/not base64/);
    expect(problem(checkSshKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxcJpeG"))).toMatch(/not base64|cut short/);
    // A body that decodes but holds another type (an ed25519 body under ssh-rsa).
    expect(problem(checkSshKey(ED.replace("ssh-ed25519", "ssh-rsa")))).toMatch(/does not hold a ssh-rsa key/);
  });

  it("hostnames: RFC 1123 labels, lowercased", () => {
    expect(checkHostname("Edge-01")).toEqual({ ok: true, value: "edge-01" });
    expect(problem(checkHostname(""))).toMatch(/cannot be empty/);
    expect(problem(checkHostname("a".repeat(64)))).toMatch(/at most 63/);
    expect(problem(checkHostname("box.example.com"))).toMatch(/without a domain \(e.g. box\)/);
    expect(problem(checkHostname("my_box"))).toMatch(/letters, digits and dashes/);
    expect(problem(checkHostname("-box"))).toMatch(/starts or ends with a dash/);
  });

  it("static addresses, gateways and nameservers", () => {
    expect(checkAddress("192.168.1.10/24")).toEqual({ ok: true, value: "192.168.1.10/24" });
    expect(checkAddress("2001:db8::10/64")).toEqual({ ok: true, value: "2001:db8::10/64" });
    expect(problem(checkAddress("192.168.1.10"))).toMatch(/prefix length too, e.g. 192.168.1.10\/24/);
    expect(problem(checkAddress("192.168.1.300/24"))).toMatch(/not an IPv4 or IPv6 address/);
    expect(problem(checkAddress("10.0.0.1/33"))).toMatch(/from 1 to 32/);
    expect(problem(checkAddress("192.168.1.0/24"))).toMatch(/network's own address/);
    expect(problem(checkAddress("192.168.1.255/24"))).toMatch(/broadcast/);
    expect(checkGateway("192.168.1.1", "192.168.1.10/24")).toEqual({ ok: true, value: "192.168.1.1" });
    expect(checkGateway("", "192.168.1.10/24")).toEqual({ ok: true, value: "" });
    expect(problem(checkGateway("10.0.0.1", "192.168.1.10/24"))).toMatch(/not in 192.168.1.10\/24's subnet/);
    expect(problem(checkGateway("192.168.1.10", "192.168.1.10/24"))).toMatch(/own address/);
    expect(problem(checkGateway("fe80::1", "192.168.1.10/24"))).toMatch(/same IP version/);
    expect(checkDns("9.9.9.9, 192.168.1.1")).toEqual({ ok: true, value: ["9.9.9.9", "192.168.1.1"] });
    expect(checkDns("")).toEqual({ ok: true, value: [] });
    expect(problem(checkDns("dns.example"))).toMatch(/"dns.example" is not an IP address/);
    expect(problem(checkDns("1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4"))).toMatch(/at most 3/);
  });
});
