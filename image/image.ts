// What the appliance image is made of, as data. build/ turns this into out/rootfs, the initrd and the
// ISO; nothing here runs anything.

export const image = {
  name: "aios",
  suite: "bookworm",
  arch: "amd64",
  /** Installed by debootstrap (minbase) so dpkg/apt know about every file: apt works in the appliance. */
  packages: [
    "iproute2", "nftables", "dropbear-bin", "dbus", "e2fsprogs", "kmod", "ca-certificates", "busybox",
    "util-linux", "procps", "chrony", "iputils-ping",
    "openssl", // the web console makes its self-signed certificate with it (ca-certificates pulled it in already)
    // scp (SFTP mode, OpenSSH >= 9's default) and sftp: dropbear runs /usr/lib/sftp-server, which this
    // package links to its binary (it brings openssh-client and libfido2 along: ~4 MB).
    "openssh-sftp-server",
    // aiosctl install: sfdisk writes the GPT, mkfs.vfat and mcopy the ESP (~1 MB together; GRUB itself
    // comes from the build)
    "fdisk", "dosfstools", "mtools",
  ],
  /** Removed after install to keep the image small; dpkg.cfg.d in rootfs/ keeps later installs slim too. */
  slimPaths: [
    "usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/locale", "usr/share/lintian",
    "usr/share/linda", "var/cache/apt", "var/lib/apt/lists", "var/cache/debconf/*-old", "var/log/*",
    "usr/share/bash-completion", "usr/share/common-licenses",
    // (glibc's iconv modules, usr/lib/x86_64-linux-gnu/gconv, stay: mtools needs code page 850 to write
    // the ESP in aiosctl install: "Error setting code page" without them.)
  ],
  /**
   * llama.cpp CPU backends left out (1.2-1.4 MB each): ggml loads the best variant the CPU supports
   * from those present, so these CPUs fall back to a near neighbour (cascadelake, cooperlake and
   * cannonlake to skylakex, ivybridge to sandybridge, piledriver to sse42), at the cost of their few
   * extra instructions. Kept: x64, sse42, sandybridge, haswell, skylakex, icelake, alderlake, zen4,
   * sapphirerapids. It keeps the update bundle near its 100 MB budget.
   */
  llamaCpuVariantsLeftOut: ["cannonlake", "cascadelake", "cooperlake", "ivybridge", "piledriver"],
  /**
   * Kernel flavours. The generic kernel drives real hardware and goes into the ISO; the cloud kernel
   * has only VM drivers and boots ~2.5x faster under emulation, so direct -kernel boots use it.
   */
  kernels: {
    generic: { package: "linux-image-amd64", iso: true },
    cloud: { package: "linux-image-cloud-amd64", iso: false },
  },
  /**
   * Modules copied into the image (with their dependencies); absent ones are skipped, since the cloud
   * kernel lacks hardware drivers and builds some of these in. The stage-1 shell loads what the
   * hardware asks for (modalias), so listing a driver here costs space, not boot time.
   */
  modules: [
    // virtual machines
    "virtio_pci", "virtio_blk", "virtio_net", "virtio_scsi", "virtio_console", "virtio_rng", "virtio_balloon",
    // disks and filesystems
    "ahci", "ata_piix", "sd_mod", "sr_mod", "nvme", "usb_storage", "uas", "xhci_pci", "ehci_pci",
    "ext4", "isofs", "vfat", "nls_cp437", "nls_utf8", "nls_iso8859_1", "overlay", "squashfs", "loop",
    // network cards common in VMs and PCs
    "e1000", "e1000e", "igb", "igc", "r8169", "tg3", "bnx2", "ixgbe", "af_packet",
    // firewall
    "nf_tables", "nft_ct", "nft_nat", "nft_masq", "nft_reject_inet", "nft_chain_nat", "nf_conntrack",
    "nft_limit", "nft_log", "nft_counter", "nft_fib_inet", "nft_redir", "nft_reject", "nft_compat",
    // odds and ends the kernel asks for by name
    "crc32c_generic", "crc32c_intel", "input_leds", "evdev",
    // the ACPI power button (QEMU's system_powerdown, a PC's button): init shuts down on KEY_POWER
    "button", "atkbd", "i8042", "hid_generic", "usbhid",
    // QEMU's fw_cfg in sysfs: the seed service reads the ssh keys and setup=skip that npm start and tests pass
    "qemu_fw_cfg",
    // QEMU's hardware watchdog (i6300esb): PID 1 feeds it, so a hung update slot resets and falls back
    "i6300esb",
  ],
  /**
   * What the small initrd carries: just enough to find the boot medium (a virtio disk, a CD or a USB
   * stick) and the state disk, check and mount the system image, and lay the overlay on it. Every
   * other driver loads from the system image after the switch.
   */
  initrdModules: [
    "virtio_pci", "virtio_blk", "virtio_scsi", "ahci", "ata_piix", "sd_mod", "sr_mod", "cdrom", "nvme",
    "usb_storage", "uas", "xhci_pci", "ehci_pci", "isofs", "squashfs", "overlay", "loop", "ext4", "crc32c_generic",
  ],
  /** The read-only system image: squashfs, zstd at this level, in blocks of this size. */
  systemImage: { level: 15, blockSize: "256K" },
  /**
   * Kernel command line shared by GRUB and direct boots; console= order makes ttyS0 /dev/console.
   * no_timer_check: under software emulation on a loaded host the IO-APIC timer check can fail and
   * panic the kernel ("IO-APIC + timer doesn't work!"), as a boot test once saw.
   */
  cmdline: "console=tty0 console=ttyS0,115200 quiet loglevel=3 panic=10 no_timer_check",
  hostname: "aios",
  /**
   * System users, each with a group of its own id. The agent host observes and decides as aios-agent
   * (read access to what it watches through CAP_DAC_READ_SEARCH, no write outside its own folder); the
   * web console serves as aios-web (no capabilities; people's changes go through the executor's web
   * socket); only the executor acts as root.
   */
  users: [
    // _chrony (Debian's group for chronyd): the network agent asks `chronyc tracking` over chronyd's
    // unix socket in /run/chrony (0770), the only command channel (cmdport 0).
    { name: "aios-agent", uid: 900, home: "/var/lib/aios/agents", gecos: "aiOS agents", groups: ["aios-ipc", "_chrony"] },
    { name: "aios-web", uid: 901, home: "/var/lib/aios/web", gecos: "aiOS web console", groups: ["aios-ipc", "aios-models"] },
  ],
  /**
   * Groups without a user. aios-ipc may connect to the agent host's and the model runtime's sockets
   * and read the agents' folder (the web console's chat, incidents and /v1); aios-models may add GGUF
   * files to the models folder (the web console's upload).
   */
  groups: [{ name: "aios-models", gid: 902 }, { name: "aios-ipc", gid: 903 }],
} as const;

export type KernelFlavor = keyof typeof image.kernels;
