// Preloaded into a service by host-heap.ts (bun --preload heap-probe.ts main.ts <role>): on SIGUSR2 the
// process collects its garbage (Bun.gc(true)) and writes its heap as JSC counts it (bun:jsc heapStats:
// size, objects, objects per type) and its RSS to $AIOS_HEAP_PROBE_DIR/<service>.json. Nothing else changes.
import { heapStats } from "bun:jsc";
import { renameSync, writeFileSync } from "node:fs";

const dir = process.env.AIOS_HEAP_PROBE_DIR;
const name = process.env.AIOS_SERVICE ?? String(process.pid);
if (dir) {
  process.on("SIGUSR2", () => {
    Bun.gc(true);
    Bun.gc(true);
    const h = heapStats();
    const m = process.memoryUsage();
    const file = `${dir}/${name}.json`;
    writeFileSync(`${file}.tmp`, JSON.stringify({
      pid: process.pid, at: Date.now(), rss: m.rss, heapSize: h.heapSize, heapCapacity: h.heapCapacity, extraMemorySize: h.extraMemorySize,
      objectCount: h.objectCount, protectedObjectCount: h.protectedObjectCount, objectTypeCounts: h.objectTypeCounts,
    }));
    renameSync(`${file}.tmp`, file);
  });
}
