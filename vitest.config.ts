import { defineConfig } from "vitest/config";
import { postgresTestFiles } from "./scripts/test-files.mjs";
import LongFilesFirst from "./tests/setup/sequencer";

const ALL = ["tests/**/*.test.ts"];

/**
 * `npm test` (scripts/test.mjs) sets TINBAO_BOTH_DIALECTS=1: one run of two projects — every file
 * on SQLite, and the integration and fault files again on PostgreSQL — sharing the workers, so the
 * PostgreSQL files fill the time the browser and fault files spend waiting (ADR 0074). Without it
 * (`npx vitest run FILE`), files run once, on SQLite unless TINBAO_TEST_DB=postgres.
 */
const bothDialects = process.env.TINBAO_BOTH_DIALECTS === "1";

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    ...(bothDialects
      ? {
          projects: [
            { extends: true, test: { name: "sqlite", include: ALL } },
            { extends: true, test: { name: "postgres", include: postgresTestFiles().files, env: { TINBAO_TEST_DB: "postgres" } } },
          ],
        }
      : { include: ALL }),
    environment: "node",
    pool: "forks",
    // Two cores. One dialect: two files at a time, each with its own database and queue prefix.
    // Both dialects: three — the suite's files wait on browsers, processes and timers for about half
    // of their time (measured in ADR 0074); TINBAO_TEST_WORKERS overrides.
    maxWorkers: Number(process.env.TINBAO_TEST_WORKERS ?? (bothDialects ? 3 : 2)),
    // Browser files first, then faults, integration, unit (tests/setup/sequencer.ts).
    sequence: { sequencer: LongFilesFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["tests/setup/global.ts"],
    // Per-file CPU seconds into TINBAO_TEST_CPU_DIR when set (measuring on a shared machine); nothing otherwise.
    // step-trail: a failed test prints the steps it reached (`step("…")`), so a hang names its step.
    setupFiles: ["tests/setup/cpu-account.ts", "tests/setup/step-trail.ts"],
    reporters: ["default"],
  },
});
