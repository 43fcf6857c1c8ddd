// What a neighbour on the LAN can reach (issue 12, security: access and secrets), on one appliance
// whose only card is a tap in a network namespace: a SYN scan of the well-known ports, the ports
// services commonly take and a few high ones over IPv4 (the well-known ports over IPv6), UDP and ICMP probes, a listener the firewall must hide, ssh's
// ways in, and secrets looked for in every log. The whole range is bench/campaigns/access/bench.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Vm } from "./vm.ts";
import { newDisk, out, scratch } from "./helpers.ts";
import { cannotTapNet, TapNet } from "./tapnet.ts";
import { ALLOWED_TCP, formatReport, problems, runAccess, type AccessReport } from "../../bench/campaigns/access/campaign.ts";
import { reachable } from "../../bench/campaigns/access/scan.ts";

const why = cannotTapNet();
let net: TapNet;
let vm: Vm;
let report: AccessReport;

describe.skipIf(why)(`access from outside${why ? ` (skipped: ${why})` : ""}`, () => {
  beforeAll(async () => {
    const dir = scratch();
    net = await TapNet.create(dir);
    vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, tap: net.nic });
    await vm.start();
    await vm.expect(/aios ready in/, 300_000);
    report = await runAccess(net, { tcpPorts: "1-1024,2222,3000,5000,8000,8080,8443,9080,9090,9100,11434,16384,32768,49152,65535", tcp6Ports: "1-1024,9080,9090", serialLog: () => vm.transcript });
    console.log(formatReport(report));
  });
  afterAll(async () => { vm?.kill(); await net?.close(); });

  it("lets a neighbour reach only ssh and the https console, and drops the rest without an answer", () => {
    expect(reachable(report.tcp)).toEqual(ALLOWED_TCP);
    expect(reachable(report.tcp6)).toEqual(ALLOWED_TCP);
    expect(report.tcp.bulk.map((b) => b.reason)).toEqual(["no-response"]);
    expect(report.listener).toMatchObject({ listening: true, insideAnswered: true, outside: { reason: "no-response" } });
    expect(report.icmp.received).toBeGreaterThan(0);
  });

  it("offers ssh by key only, and root has no password", () => {
    expect(report.ssh.methods).toEqual(["publickey"]);
    expect(report.ssh.refused.filter((a) => a.loggedIn)).toEqual([]);
    expect(report.ssh.projectKey).toBe(true);
    expect(report.ssh.rootShadow).toMatch(/^[!*]/);
    expect(report.ssh.usablePasswords).toEqual([]);
  });

  it("never logs a secret", () => {
    expect(report.secrets.keyUsed).toBe(true);
    expect(report.secrets.hits).toEqual(Object.fromEntries(Object.keys(report.secrets.hits).map((k) => [k, 0])));
    expect(report.secrets.strayFiles).toEqual([]);
    expect(report.secrets.looseRefused.refused).toBe(true);
  });

  it("meets every expectation of the campaign", () => { expect(problems(report)).toEqual([]); });
});
