// vitest runs under Bun (`bun --bun vitest`) so bun:sqlite and Bun APIs work; only the threads pool
// works there (see shared/PLATFORM.md). Tiers are projects so each can be run alone.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    pool: "threads",
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts", "{init,consoles,agents,tools,runtime,build,image}/**/*.test.ts"] } },
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 } },
      { extends: true, test: { name: "boot", include: ["tests/boot/**/*.test.ts"], globalSetup: ["tests/boot/global-setup.ts"], testTimeout: 900_000, hookTimeout: 900_000, fileParallelism: false } },
    ],
  },
});
