// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): no database — the worker refuses before opening its (SQLite) file, whatever the run's dialect: the same test on both passes.
/**
 * The worker's Redis check (core/platform/redis-check.ts) against a real
 * redis-server of the test's own (never the shared one: CONFIG SET changes it):
 * noeviction passes, any other policy refuses to start unless overridden,
 * persistence off is a warning. The last test starts the real worker process.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRedisForQueues } from "../../core/platform/redis-check";
import { baseEnv, spawnProcess } from "../setup/app-server";
import { tempDir } from "../setup/db";
import { privateRedis, type PrivateRedis } from "../setup/redis";

describe("the worker's Redis check", () => {
  let server: PrivateRedis;
  let redis: Redis;

  beforeAll(async () => {
    server = await privateRedis(); // started with --save "" --appendonly no: no persistence
    await server.start();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it("passes noeviction and warns that persistence is off", async () => {
    await redis.config("SET", "maxmemory-policy", "noeviction");
    const check = await checkRedisForQueues(redis, { allowEviction: false });
    expect(check).toMatchObject({ policy: "noeviction", aof: false, rdb: false, fatal: null });
    expect(check.warnings).toHaveLength(1);
    expect(check.warnings[0]).toMatch(/persistence is off/);
  });

  it("says nothing once AOF or RDB is on", async () => {
    await redis.config("SET", "appendonly", "yes");
    expect(await checkRedisForQueues(redis, { allowEviction: false })).toMatchObject({ aof: true, fatal: null, warnings: [] });
    await redis.config("SET", "appendonly", "no");
    await redis.config("SET", "save", "3600 1");
    expect(await checkRedisForQueues(redis, { allowEviction: false })).toMatchObject({ aof: false, rdb: true, fatal: null, warnings: [] });
    await redis.config("SET", "save", "");
  });

  it("refuses an evicting policy, unless the override is set", async () => {
    await redis.config("SET", "maxmemory-policy", "allkeys-lru");
    const refused = await checkRedisForQueues(redis, { allowEviction: false });
    expect(refused.policy).toBe("allkeys-lru");
    expect(refused.fatal).toMatch(/maxmemory-policy is allkeys-lru.*REDIS_ALLOW_EVICTION=1/);
    const allowed = await checkRedisForQueues(redis, { allowEviction: true });
    expect(allowed.fatal).toBeNull();
    expect(allowed.warnings.some((w) => /allkeys-lru.*starting anyway/.test(w))).toBe(true);
  });

  describe("the worker process", () => {
    it("exits with the reason when Redis may evict its keys", async () => {
      await redis.config("SET", "maxmemory-policy", "volatile-lru");
      const dir = tempDir();
      const output: string[] = [];
      const worker = spawnProcess("workers/index.ts", {
        ...baseEnv(), NODE_ENV: "test", DATABASE_URL: `file:${path.join(dir, "never-opened.db")}`, DATA_DIR: dir, REDIS_URL: server.url, QUEUE_PREFIX: "redis-check", LOG_LEVEL: "warn",
      }, output);
      const code = await new Promise<number | null>((resolve) => worker.once("exit", resolve));
      expect(code).toBe(1);
      expect(output.join("")).toMatch(/maxmemory-policy is volatile-lru/);
      expect(output.join("")).not.toMatch(/worker started/);
      // Nothing was queued or scheduled in the refused Redis.
      expect(await redis.keys("redis-check:*")).toEqual([]);
      // Refused before the database was opened or migrated.
      expect(existsSync(path.join(dir, "never-opened.db"))).toBe(false);
      await redis.config("SET", "maxmemory-policy", "noeviction");
    }, 30_000);
  });
});
