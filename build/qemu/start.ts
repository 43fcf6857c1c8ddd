// `npm start`'s last step: boot the built image in QEMU with the serial console on this terminal,
// a persistent state disk in out/state.qcow2, the web console on 127.0.0.1:9090 and ssh on :2222.
// Flags: --iso (boot the ISO through GRUB, BIOS), --uefi (the ISO under OVMF), --fresh (new state disk),
// --setup (the console's first-boot setup runs, as on hardware; otherwise fw_cfg says skip).
// The project key (and AIOS_AUTHORIZED_KEYS) reach root's authorized_keys through fw_cfg, not the image.
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { qemuArgs } from "./args.ts";

const out = resolve(import.meta.dir, "../../out");
const flags = new Set(process.argv.slice(2));
const disk = `${out}/state.qcow2`;
if (flags.has("--fresh")) rmSync(disk, { force: true });
if (!existsSync(disk)) Bun.spawnSync(["qemu-img", "create", "-q", "-f", "qcow2", disk, "8G"]);
const boot = flags.has("--uefi") ? "uefi" : flags.has("--iso") ? "bios" : "direct";
const sshPort = Number(process.env.AIOS_SSH_PORT ?? 2222);
const webPort = Number(process.env.AIOS_WEB_PORT ?? 9090);

console.log(`
aiOS is booting (${boot}, QEMU without KVM: give it ~30 s). The serial console is this terminal.
  chat:         type help at the aios> prompt; /shell for a root shell; /web for the web console link
  web console:  https://127.0.0.1:${webPort}/   (self-signed; health: https://127.0.0.1:${webPort}/health)
  ssh:          ssh -i ${out}/ssh/aios_ed25519 -p ${sshPort} root@127.0.0.1 aiosctl status
  quit QEMU:    Ctrl-A X      (or: aiosctl poweroff)
  first boot:   npm start -- --fresh --setup   runs the console's setup (ssh key, hostname, network)
`);
const proc = Bun.spawn(qemuArgs({ out, boot, stateDisk: disk, serial: "stdio", sshPort, webPort, seed: { setup: flags.has("--setup") ? "ask" : "skip" } }), { stdio: ["inherit", "inherit", "inherit"] });
process.exit(await proc.exited);
