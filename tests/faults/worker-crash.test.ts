/**
 * The worker killed with SIGKILL in the middle of a batch: another worker takes
 * over the stalled jobs, and every tip ends processed exactly once in effect.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow } from "../../core/tips";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { baseEnv, spawnProcess, stopProcess, type Env } from "../setup/app-server";
import { createTestDatabase, tempDir, type TestDatabase } from "../setup/db";
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from "../setup/redis";
import { ReceiptHasher } from "../../core/receipts";

const TIPS = 300;
const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");
const WARDS = ["20275", "20242", "20263", "20209", "20200", "20305"];
const CATEGORIES = ["drugs", "theft", "gambling", "racing", "environment", "usury"];

describe("worker crash mid-batch", () => {
  let dir: string;
  let database: TestDatabase;
  let env: Env;
  const prefix = uniquePrefix("crash");

  beforeAll(async () => {
    dir = tempDir();
    database = await createTestDatabase();
    const url = database.url;
    await importUnits(database.db, "48");
    await importBoundaries(database.db, BOUNDARIES);
    env = {
      ...baseEnv(), DATABASE_URL: url, DATA_DIR: dir, REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix, LOG_LEVEL: "warn", WORKER_LOCK_MS: "1500",
    };
    // Committed only: the worker's relay hands them to the queue when it starts.
    const deps = { db: database.db, dataKey: Buffer.alloc(32, 2).toString("base64"), receipts: new ReceiptHasher("crash-test-salt-00000") };
    for (let i = 0; i < TIPS; i++) {
      await acceptTipOrThrow(deps, {
        channel: "web", category: CATEGORIES[i % CATEGORIES.length],
        description: `Báo tin số ${i}: có hoạt động đáng ngờ ở kiệt ${i % 40} gần chợ, nhiều người lạ ra vào buổi tối.`,
        occurredAt: new Date(Date.now() - (i % 50) * 3_600_000).toISOString(), occurredPrecision: "approximate",
        location: { kind: "ward", wardCode: WARDS[i % WARDS.length] }, reporter: null,
      });
    }
  }, 120_000);

  afterAll(async () => {
    await database.destroy();
    await clearPrefix(prefix);
  });

  const routedCount = async () =>
    Number((await database.db.selectFrom("tips").select(database.db.fn.countAll<number>().as("n")).where("status", "=", "routed").executeTakeFirstOrThrow()).n);

  it("recovers the stalled jobs and processes every tip once", async () => {
    const logs: string[] = [];
    const first = spawnProcess("workers/index.ts", env, logs);
    // Kill it once it is well into the batch.
    const deadline = Date.now() + 60_000;
    while ((await routedCount()) < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await stopProcess(first, "SIGKILL");
    const atKill = await routedCount();
    expect(atKill).toBeGreaterThanOrEqual(30);
    expect(atKill).toBeLessThan(TIPS);

    const second = spawnProcess("workers/index.ts", env, logs);
    try {
      const until = Date.now() + 90_000;
      while ((await routedCount()) < TIPS && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await stopProcess(second, "SIGTERM");
    }
    expect(await routedCount()).toBe(TIPS);

    // Once in effect: one set of pipeline events per tip, and cluster sizes add up to the tips.
    const events = await database.db
      .selectFrom("tip_events")
      .select(["type", database.db.fn.countAll<number>().as("n")])
      .where("type", "in", ["located", "routed"])
      .groupBy("type")
      .execute();
    expect(Object.fromEntries(events.map((e) => [e.type, Number(e.n)]))).toEqual({ located: TIPS, routed: TIPS });
    const perTip = await database.db
      .selectFrom("tip_events")
      .select(["tip_id", database.db.fn.countAll<number>().as("n")])
      .where("type", "in", ["clustered", "cluster_started"])
      .groupBy("tip_id")
      .having(database.db.fn.countAll(), ">", 1)
      .execute();
    expect(perTip).toEqual([]);
    const sizes = await database.db.selectFrom("clusters").select(database.db.fn.sum<number>("size").as("total")).executeTakeFirstOrThrow();
    expect(Number(sizes.total)).toBe(TIPS);
  }, 180_000);
});
