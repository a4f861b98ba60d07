/**
 * Per-file CPU accounting, only when TINBAO_TEST_CPU_DIR is set (for measuring the
 * suite on a shared machine, where wall time says little): after a file's own
 * hooks, writes `<dir>/<file>.json` with the CPU seconds of its vitest worker and
 * of every process it started and waited for (web and worker processes, Chromium
 * and its renderers, CLI commands: Linux counts them in cutime/cstime once reaped).
 * A process still running when the file ends is not counted.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";

const dir = process.env.TINBAO_TEST_CPU_DIR;

/** utime, stime, cutime, cstime of this process in seconds (/proc/self/stat). */
function cpuTimes(): { self: number; children: number } {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = (i: number) => Number(fields[i - 3]); // fields[0] is field 3 (state)
  const hz = 100;
  return { self: (ticks(14) + ticks(15)) / hz, children: (ticks(16) + ticks(17)) / hz };
}

// Each file runs in a fresh fork (pool "forks", isolation on): counted from the fork's start,
// so its boot and the file's imports are in the figures.
if (dir) {
  afterAll(({}, suite) => {
    const end = cpuTimes();
    const file = path.relative(process.cwd(), suite.file.filepath);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `${process.env.TINBAO_TEST_DB === "postgres" ? "pg__" : ""}${file.replaceAll("/", "__")}.json`),
      JSON.stringify({ file, dialect: process.env.TINBAO_TEST_DB === "postgres" ? "postgres" : "sqlite", wallS: process.uptime(), selfS: end.self, childrenS: end.children }),
    );
  });
}
