/**
 * Scale-out: two web and two worker processes against one PostgreSQL and one
 * Redis. A burst of submissions — nothing lost, nothing duplicated, every tip
 * routed exactly once; and Redis lost under the same layout — every submission
 * still gets its receipt, and once Redis is back every tip is routed once, by
 * whichever worker's outbox sweep finds it first. (Web and worker processes
 * killed behind the proxy: cluster.test.ts.) Runs in the PostgreSQL pass of
 * `npm test`.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, runCli, spawnProcess, stopProcess, type Env } from "../setup/app-server";
import { createPgTestDatabase, TEST_DIALECT, tempDir, type TestDatabase } from "../setup/db";
import { freePort, privateRedis, uniquePrefix, type PrivateRedis } from "../setup/redis";
import { faultTip, postTip, waitFor } from "../setup/faults";

const BURST = 200;
const OUTAGE_TIPS = 24;
const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");

/** Two web and two worker processes on a PostgreSQL database of their own; stopped by `stop()`. */
async function startTwoByTwo(redisUrl: string, prefix: string, extraEnv: Record<string, string> = {}) {
  const database: TestDatabase = await createPgTestDatabase();
  const env: Env = {
    ...baseEnv(), NODE_ENV: "production", HOME_PROVINCES: "48", DATABASE_URL: database.url, DATA_DIR: tempDir(),
    REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: "warn",
    // Shared secrets: every process must hash receipts and seal identities alike.
    SESSION_SECRET: "s".repeat(48), DATA_KEY: Buffer.alloc(32, 4).toString("base64"), RECEIPT_SALT: "scale-out-receipt-salt-0123",
    ...extraEnv,
  };
  for (const args of [["units", "import", "--province", "48"], ["units", "import-boundaries", BOUNDARIES]]) {
    expect(runCli(args, env).status).toBe(0);
  }
  const apiKey = runCli(["apikey", "create", "--name", "Scale", "--channel", "partner", "--rate-limit", "100000"], env).stdout.trim().split("\n").pop()!;
  const processes: ReturnType<typeof spawnProcess>[] = [];
  const urls: string[] = [];
  const logs: string[] = [];
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    processes.push(spawnProcess("server/index.ts", { ...env, PORT: String(port) }, logs));
    urls.push(`http://127.0.0.1:${port}`);
    processes.push(spawnProcess("workers/index.ts", env, logs));
  }
  for (const url of urls) {
    await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.status === 200, 30_000, `${url} to start`)
      .catch((err: Error) => { throw new Error(`${err.message}:\n${logs.join("")}`); });
  }
  const db = database.db;
  return {
    db, urls, apiKey, logs, processes,
    count: async (status: "routed" | "received") =>
      Number((await db.selectFrom("tips").select(db.fn.countAll<number>().as("n")).where("status", "=", status).executeTakeFirstOrThrow()).n),
    /** Every tip stored once, routed once, counted once in its cluster. */
    async expectEachRoutedOnce(total: number) {
      const tips = await db.selectFrom("tips").select(["external_ref", "receipt_hash"]).execute();
      expect(tips).toHaveLength(total);
      expect(new Set(tips.map((t) => t.external_ref)).size).toBe(total); // none duplicated
      expect(new Set(tips.map((t) => t.receipt_hash)).size).toBe(total);
      const routed = await db.selectFrom("tip_events").select("tip_id").where("type", "=", "routed").execute();
      expect(routed).toHaveLength(total); // each processed once in effect, by whichever worker
      const sizes = await db.selectFrom("clusters").select(db.fn.sum<number>("size").as("total")).executeTakeFirstOrThrow();
      expect(Number(sizes.total)).toBe(total);
    },
    async stop() {
      await Promise.all(processes.map((p) => stopProcess(p)));
      await database.destroy();
    },
  };
}

describe.skipIf(TEST_DIALECT !== "postgres")("two web and two worker processes on PostgreSQL", () => {
  // A Redis of the test's own, so that the second case can stop it; one layout for both cases.
  const prefix = uniquePrefix("scale");
  let redis: PrivateRedis;
  let layout: Awaited<ReturnType<typeof startTwoByTwo>>;

  beforeAll(async () => {
    redis = await privateRedis();
    await redis.start();
    // A short sweep so that both workers look for unqueued tips soon after Redis returns.
    layout = await startTwoByTwo(redis.url, prefix, { OUTBOX_SWEEP_MS: "500" });
  }, 120_000);

  afterAll(async () => {
    await layout?.stop();
    await redis?.stop();
  });

  it("stores and routes every tip of a burst exactly once", async () => {
    const { urls, apiKey } = layout;
    const results = await Promise.all(
      Array.from({ length: BURST }, (_, i) => postTip(urls[i % 2], apiKey, faultTip(i)).then((r) => r.status)),
    );
    expect(results.filter((s) => s === 201)).toHaveLength(BURST);
    await waitFor(async () => (await layout.count("routed")) === BURST, 90_000, "the burst to be routed");
    await layout.expectEachRoutedOnce(BURST);
  }, 180_000);

  it("gives every submission its receipt while Redis is down, and routes each tip once when it returns", async () => {
    const { urls, apiKey } = layout;
    const before = BURST; // the burst above, routed
    await redis.stop();
    for (const url of urls) expect((await fetch(`${url}/healthz`)).status).toBe(503);
    const statuses = await Promise.all(
      Array.from({ length: OUTAGE_TIPS }, (_, i) => postTip(urls[i % 2], apiKey, faultTip(BURST + i)).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(OUTAGE_TIPS);
    expect(await layout.count("received")).toBe(OUTAGE_TIPS); // stored, waiting for Redis

    await redis.start();
    await waitFor(async () => (await layout.count("routed")) === before + OUTAGE_TIPS, 90_000, "every tip to be routed after the outage");
    await layout.expectEachRoutedOnce(before + OUTAGE_TIPS);
    // Both web processes answer again once Redis is back.
    for (const url of urls) await waitFor(async () => (await fetch(`${url}/healthz`)).status === 200, 30_000, `${url} healthy again`);
  }, 240_000);
});
