/**
 * The rollup stays exact under concurrent writes: several writer processes
 * (like the web and worker processes) insert and change tips, clusters, cases,
 * links and seizures while this process keeps refreshing the rollup.
 * Afterwards one last refresh must leave exactly what a rebuild from scratch
 * gives — no change lost, none counted twice.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildSummaries, refreshSummaries } from "../../db/queries/summaries";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { insertFixture, NOW, rollupSnapshot } from "../setup/dashboard-fixture";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRITERS = 3;
const OPS_PER_WRITER = 60;

function runWriter(url: string, seed: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["tests/setup/dashboard-writer.ts", url, String(seed), String(OPS_PER_WRITER)], {
      cwd: ROOT, stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer ${seed} exited ${code}: ${stderr}`))));
  });
}

describe.each(DIALECTS)("rollup under concurrent writes on %s", (_dialect, createDatabase) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createDatabase();
    await insertFixture(database.db);
    await rebuildSummaries(database.db, NOW);
  });
  afterAll(async () => database?.destroy());

  it("ends exactly where a rebuild from scratch ends", async () => {
    let writing = true;
    let refreshes = 0;
    const refreshing = (async () => {
      while (writing) {
        await refreshSummaries(database.db, NOW);
        refreshes++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => runWriter(database.url, w + 1)));
    } finally {
      writing = false;
      await refreshing;
    }
    expect(refreshes).toBeGreaterThan(2);

    await refreshSummaries(database.db, NOW);
    const incremental = await rollupSnapshot(database.db);
    expect(incremental.length).toBeGreaterThan(50);
    await rebuildSummaries(database.db, NOW);
    expect(await rollupSnapshot(database.db)).toEqual(incremental);
  }, 120_000);
});
