// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): SQLite locking; skipped on PostgreSQL.
/**
 * The database locked (another process holds SQLite's write lock past the busy
 * timeout): the submitter gets a clear "try again" answer, never a 5xx page
 * with internals, and nothing is half-written.
 */
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DIALECT } from "../setup/db";
import { faultTip, postTip, startAppWithKey, type RunningApp } from "../setup/faults";

describe.skipIf(TEST_DIALECT !== "sqlite")("database locked", () => {
  let app: RunningApp;
  let apiKey: string;
  beforeAll(async () => {
    ({ app, apiKey } = await startAppWithKey({ env: { LOG_LEVEL: "warn" } }));
  }, 120_000);
  afterAll(async () => app?.stop());

  it("answers 503 with Retry-After and stores nothing while the lock is held, then accepts again", async () => {
    const blocker = new SQLite(app.databaseUrl.slice("file:".length));
    blocker.pragma("busy_timeout = 100");
    const count = (table: string) => (blocker.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const before = { tips: count("tips"), events: count("tip_events") };
    blocker.exec("begin exclusive");
    let res: Response;
    try {
      res = await postTip(app.url, apiKey, faultTip(1));
    } finally {
      blocker.exec("rollback");
    }
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/try again/i);
    expect(JSON.stringify(body)).not.toMatch(/SQLITE|sqlite|at .*\.ts/);
    expect({ tips: count("tips"), events: count("tip_events") }).toEqual(before);

    const again = await postTip(app.url, apiKey, faultTip(2));
    expect(again.status).toBe(201);
    blocker.close();
  }, 60_000);
});
