/**
 * Scale-out: two web and two worker processes against one PostgreSQL and one
 * Redis take a burst of submissions — nothing lost, nothing duplicated, every
 * tip routed exactly once. Runs in the PostgreSQL pass of `npm test`.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, runCli, spawnProcess, stopProcess, type Env } from "../setup/app-server";
import { createPgTestDatabase, TEST_DIALECT, tempDir, type TestDatabase } from "../setup/db";
import { clearPrefix, freePort, TEST_REDIS_URL, uniquePrefix } from "../setup/redis";
import { faultTip, postTip, waitFor } from "../setup/faults";

const BURST = 200;
const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");

describe.skipIf(TEST_DIALECT !== "postgres")("two web and two worker processes on PostgreSQL", () => {
  let database: TestDatabase;
  let env: Env;
  let apiKey: string;
  const prefix = uniquePrefix("scale");
  const processes: ReturnType<typeof spawnProcess>[] = [];
  const urls: string[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    database = await createPgTestDatabase();
    const dir = tempDir();
    env = {
      ...baseEnv(), NODE_ENV: "production", HOME_PROVINCES: "48", DATABASE_URL: database.url, DATA_DIR: dir,
      REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: "warn",
      // Shared secrets: every process must hash receipts and seal identities alike.
      SESSION_SECRET: "s".repeat(48), DATA_KEY: Buffer.alloc(32, 4).toString("base64"), RECEIPT_SALT: "scale-out-receipt-salt-0123",
    };
    for (const args of [["units", "import", "--province", "48"], ["units", "import-boundaries", BOUNDARIES]]) {
      expect(runCli(args, env).status).toBe(0);
    }
    apiKey = runCli(["apikey", "create", "--name", "Scale", "--channel", "partner", "--rate-limit", "100000"], env).stdout.trim().split("\n").pop()!;
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      processes.push(spawnProcess("server/index.ts", { ...env, PORT: String(port) }, logs));
      urls.push(`http://127.0.0.1:${port}`);
      processes.push(spawnProcess("workers/index.ts", env, logs));
    }
    for (const url of urls) {
      await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.status === 200, 30_000, `${url} to start`);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => stopProcess(p)));
    await clearPrefix(prefix);
    await database?.destroy();
  });

  it("stores and routes every tip of a burst exactly once", async () => {
    const results = await Promise.all(
      Array.from({ length: BURST }, (_, i) => postTip(urls[i % 2], apiKey, faultTip(i)).then((r) => r.status)),
    );
    expect(results.filter((s) => s === 201)).toHaveLength(BURST);

    const count = async (status: "routed" | "received") =>
      Number((await database.db.selectFrom("tips").select(database.db.fn.countAll<number>().as("n")).where("status", "=", status).executeTakeFirstOrThrow()).n);
    await waitFor(async () => (await count("routed")) === BURST, 90_000, "the burst to be routed");

    const tips = await database.db.selectFrom("tips").select(["external_ref", "receipt_hash"]).execute();
    expect(tips).toHaveLength(BURST);
    expect(new Set(tips.map((t) => t.external_ref)).size).toBe(BURST); // none duplicated
    expect(new Set(tips.map((t) => t.receipt_hash)).size).toBe(BURST);
    const routed = await database.db.selectFrom("tip_events").select("tip_id").where("type", "=", "routed").execute();
    expect(routed).toHaveLength(BURST); // each processed once in effect, by whichever worker
    const sizes = await database.db.selectFrom("clusters").select(database.db.fn.sum<number>("size").as("total")).executeTakeFirstOrThrow();
    expect(Number(sizes.total)).toBe(BURST);
  }, 180_000);
});
