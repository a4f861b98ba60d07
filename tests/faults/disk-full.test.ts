// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): a SQLite file on a full tmpfs; skipped on PostgreSQL.
/**
 * The disk full under the SQLite database: a submission gets a clear "try
 * again" (503 + Retry-After), nothing is half-written, and once space is back
 * the next submission is stored. The database lives on a tiny tmpfs of the
 * test's own (needs root to mount; skipped with a notice otherwise).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DIALECT } from "../setup/db";
import { faultTip, postTip, startAppWithKey, type RunningApp } from "../setup/faults";

const mountPoint = mkdtempSync(path.join(tmpdir(), "tinbao-full-"));
const canMount = TEST_DIALECT === "sqlite" && process.getuid?.() === 0 &&
  spawnSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint]).status === 0;
if (!canMount && TEST_DIALECT === "sqlite") process.stderr.write("\n*** SKIPPING the disk-full test: mounting a tmpfs needs root ***\n");

describe.skipIf(!canMount)("disk full", () => {
  let app: RunningApp;
  let apiKey: string;
  const dbFile = path.join(mountPoint, "tinbao.db");
  const filler = path.join(mountPoint, "filler");

  beforeAll(async () => {
    ({ app, apiKey } = await startAppWithKey({ env: { LOG_LEVEL: "warn", DATABASE_URL: `file:${dbFile}` } }));
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    spawnSync("umount", [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it("answers 503 while the disk is full, stores nothing half, and recovers", async () => {
    const db = new SQLite(dbFile, { readonly: true });
    const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const before = { tips: count("tips"), events: count("tip_events") };

    // Fill every free byte of the tmpfs.
    const free = Number(execFileSync("df", ["--output=avail", "-B1", mountPoint]).toString().trim().split("\n")[1]);
    try {
      writeFileSync(filler, Buffer.alloc(free));
    } catch {
      // ENOSPC once full: what we want
    }
    // Several tips, so the WAL must grow past what it already has.
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await postTip(app.url, apiKey, { ...faultTip(i), description: `${faultTip(i).description} ${"Thêm chi tiết để tin dài hơn. ".repeat(100)}` });
      statuses.push(res.status);
      if (res.status === 503) {
        expect(res.headers.get("retry-after")).toBeTruthy();
        const body = (await res.json()) as { error: string };
        expect(body.error).toMatch(/try again/i);
        break;
      }
      await res.arrayBuffer();
    }
    if (!statuses.includes(503)) console.log(app.output().slice(-3000));
    expect(statuses).toContain(503);
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    const stored = statuses.filter((s) => s === 201).length;
    expect({ tips: count("tips"), events: count("tip_events") }).toEqual({ tips: before.tips + stored, events: before.events + stored });

    rmSync(filler, { force: true });
    const again = await postTip(app.url, apiKey, faultTip(99));
    expect(again.status).toBe(201);
    db.close();
  }, 120_000);
});
