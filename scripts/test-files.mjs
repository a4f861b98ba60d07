/**
 * Which test files run on PostgreSQL: the integration and fault suites, less the files
 * marked `@sqlite-pass-only` (no database, a database that is SQLite by design, or both
 * dialects in every run) — on PostgreSQL they would run exactly what the SQLite run does.
 * Read by scripts/test.mjs (pass 2, which names the files left out).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function postgresTestFiles() {
  const files = [];
  const leftOut = [];
  for (const dir of ["tests/integration", "tests/faults"]) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true })) {
      const file = path.join(dir, String(entry));
      if (!file.endsWith(".test.ts")) continue;
      (readFileSync(path.join(root, file), "utf8").includes("@sqlite-pass-only") ? leftOut : files).push(file);
    }
  }
  return { files: files.sort(), leftOut: leftOut.sort() };
}
