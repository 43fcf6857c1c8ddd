// Hardware inventory through systeminformation. Read-only. Note: systeminformation runs its own
// helpers (cat, lscpu, lsblk, dmidecode) through child_process, the one exception to tools spawning
// only through the Runner; it never changes anything.
import si from "systeminformation";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";

export function hardwareTools(): ToolDeclaration[] {
  return [
    tool<Record<string, never>>({
      name: "hardware.info",
      description: "CPU, memory, system and block devices.",
      input: s.object({}),
      capabilities: ["hw.read"],
      destructive: false,
      timeoutMs: 30_000,
      plan: async () => ({ effects: [] }),
      async execute() {
        const [cpu, mem, system, blocks] = await Promise.all([si.cpu(), si.mem(), si.system(), si.blockDevices()]);
        return {
          cpu: { brand: cpu.brand, manufacturer: cpu.manufacturer, cores: cpu.cores, physicalCores: cpu.physicalCores, speedGHz: cpu.speed },
          memory: { total: mem.total, available: mem.available, swapTotal: mem.swaptotal },
          system: { manufacturer: system.manufacturer, model: system.model, virtual: system.virtual },
          blockDevices: blocks.map((b) => ({ name: b.name, type: b.type, size: b.size, fs: b.fsType, mount: b.mount, removable: b.removable })),
        };
      },
    }),
  ];
}
