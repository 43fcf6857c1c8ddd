import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseShowDepends } from "../../../build/steps/modules.ts";
import { expandKeyFiles } from "../../../build/steps/rootfs.ts";
import { dependencyClosure } from "../../../build/steps/aios.ts";
import { grubConfig } from "../../../build/steps/iso.ts";
import { qemuArgs } from "../../../build/qemu/args.ts";
import { loadSettings } from "../../../build/settings.ts";
import { parseLdd } from "../../../build/steps/initrd.ts";
import { imageRecord, metadataSkip } from "../../../build/steps/squashfs.ts";

describe("build steps", () => {
  it("reads module files from modprobe --show-depends", () => {
    const out = "insmod /c/k/lib/modules/6.1.0-50-amd64/kernel/lib/libcrc32c.ko \ninsmod /c/k/lib/modules/6.1.0-50-amd64/kernel/net/netfilter/nf_tables.ko \nbuiltin ext4\n";
    expect(parseShowDepends(out, "6.1.0-50-amd64")).toEqual(["kernel/lib/libcrc32c.ko", "kernel/net/netfilter/nf_tables.ko"]);
  });

  it("expands key file globs and skips what is not there", () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-keys-`);
    writeFileSync(`${dir}/a.pub`, "ssh-ed25519 AAAA a");
    writeFileSync(`${dir}/b.pub`, "ssh-ed25519 AAAA b");
    writeFileSync(`${dir}/c.key`, "");
    expect(expandKeyFiles(`${dir}/*.pub ${dir}/missing.pub`).sort()).toEqual([`${dir}/a.pub`, `${dir}/b.pub`]);
  });

  it("puts GRUB and the kernel on both serial and VGA", () => {
    const cfg = grubConfig();
    expect(cfg).toContain("serial --unit=0 --speed=115200");
    expect(cfg).toContain("terminal_output serial console");
    expect(cfg).toContain("console=tty0 console=ttyS0,115200");
  });

  it("finds node-llama-cpp's runtime dependency closure", () => {
    const pkgs = dependencyClosure(`${fileURLToPath(new URL("../../..", import.meta.url))}/node_modules`, ["node-llama-cpp"]);
    expect(pkgs).toContain("node-llama-cpp");
    expect(pkgs).toContain("lifecycle-utils");
    expect(pkgs).not.toContain("vitest");
  });

  it("boots QEMU with -cpu max on q35, and UEFI through OVMF", () => {
    const a = qemuArgs({ out: "/o", boot: "uefi", serial: "stdio", sshPort: 2222, webPort: 9090 });
    expect(a.join(" ")).toContain("-machine q35 -cpu max");
    expect(a.join(" ")).toContain("OVMF_CODE.fd");
    expect(a.join(" ")).toContain("hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=tcp:127.0.0.1:9090-:9090");
  });

  it("reads library paths from ldd, the loader included", () => {
    const out = "/usr/bin/busybox:\n\tlinux-vdso.so.1 (0x00007ffd)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1)\n\t/lib64/ld-linux-x86-64.so.2 (0x00007f2)\n";
    expect(parseLdd(out)).toEqual(["/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"]);
  });

  it("finds where a squashfs image's metadata starts, in 4 KiB blocks, and refuses other files", () => {
    const sb = Buffer.alloc(96);
    sb.writeUInt32LE(0x73717368, 0);
    sb.writeBigUInt64LE(10_000_000n, 64); // inode_table_start
    expect(metadataSkip(sb)).toBe(2441);
    expect(() => metadataSkip(Buffer.alloc(96))).toThrow(/not a squashfs image/);
    expect(imageRecord({ skip: 2441, sha256: "ab" }, "cd", 123)).toBe("IMAGE_SIZE=123\nMETA_SKIP=2441\nMETA_SHA256=ab\nFULL_SHA256=cd\n");
  });

  it("attaches the ISO read-only for direct boots, after the state disk", () => {
    const a = qemuArgs({ out: "/o", boot: "direct", serial: "stdio", stateDisk: "/s.qcow2" }).join(" ");
    expect(a).toMatch(/file=\/s\.qcow2,if=virtio.*file=\/o\/aios\.iso,if=virtio,format=raw,readonly=on/);
  });

  it("puts the card on a tap inside a namespace, with no user-mode card beside it", () => {
    const a = qemuArgs({ out: "/o", boot: "direct", serial: "stdio", sshPort: 2222, tap: { netns: "ns1", ifname: "tap0", mac: "52:54:00:00:00:01" } });
    expect(a.slice(0, 5)).toEqual(["ip", "netns", "exec", "ns1", "qemu-system-x86_64"]);
    expect(a.join(" ")).toContain("-netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device virtio-net-pci,netdev=n0,mac=52:54:00:00:00:01");
    expect(a.join(" ")).not.toContain("-nic");
  });

  it("takes settings from the environment", () => {
    expect(loadSettings({ AIOS_OUT: "x", AIOS_INITRD_COMPRESSION: "zstd" })).toMatchObject({ out: "x", compression: "zstd" });
  });
});

describe("first-boot seeds", () => {
  it("hands QEMU the ssh keys and setup=skip through fw_cfg; a first-boot run asks instead", () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-seed-`);
    writeFileSync(`${dir}/keys`, "ssh-ed25519 AAAA k\n");
    const a = qemuArgs({ out: dir, boot: "direct", serial: "stdio", seed: { sshKeys: `${dir}/keys` } }).join(" ");
    expect(a).toContain(`-fw_cfg name=opt/aios/ssh_key,file=${dir}/keys`);
    expect(a).toContain("-fw_cfg name=opt/aios/setup,string=skip");
    const b = qemuArgs({ out: dir, boot: "direct", serial: "stdio", seed: { sshKeys: false, setup: "ask" } }).join(" ");
    expect(b).not.toContain("fw_cfg");
    expect(qemuArgs({ out: `${dir}/none`, boot: "direct", serial: "stdio" }).join(" ")).not.toContain("ssh_key"); // no build yet: no keys
  });
});
