import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    // Two cores: run two files at a time; each file gets its own database and queue prefix.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["tests/setup/global.ts"],
    // Per-file CPU seconds into TINBAO_TEST_CPU_DIR when set (measuring on a shared machine); nothing otherwise.
    // step-trail: a failed test prints the steps it reached (`step("…")`), so a hang names its step.
    setupFiles: ["tests/setup/cpu-account.ts", "tests/setup/step-trail.ts"],
    reporters: ["default"],
  },
});
