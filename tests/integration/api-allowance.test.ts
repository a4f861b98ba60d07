// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): Redis only, no database: the same test on both passes.
/**
 * The partner API's per-key allowance (app/utils/api.server.ts) on a real Redis:
 * slices of the minute's allowance are taken from Redis and spent locally, two
 * "processes" sharing one key never let more through than the limit, small
 * limits are counted request by request, and without Redis each process keeps
 * to the limit alone.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiAllowance, type ApiCaller } from "../../app/utils/api.server";
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from "../setup/redis";

describe("partner API allowance", () => {
  const prefix = uniquePrefix("allowance");
  let redis: Redis;
  const caller = (id: number, rateLimitPerMin: number): ApiCaller => ({ id, channel: "partner", rateLimitPerMin });
  const stored = async (id: number) => Number(await redis.get(`${prefix}:api-allowance:${id}`));

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis.disconnect();
    await clearPrefix(prefix);
  });

  it("takes a sixtieth of the minute's allowance from Redis at a time and spends it locally", async () => {
    const consume = createApiAllowance();
    const key = caller(1, 600); // slices of 10
    for (let i = 0; i < 10; i++) expect(await consume(redis, prefix, key)).toBeNull();
    expect(await stored(1)).toBe(10); // one round trip for ten requests
    expect(await consume(redis, prefix, key)).toBeNull();
    expect(await stored(1)).toBe(20);
  });

  it("never lets two processes together exceed the limit, and says when to come back", async () => {
    const [a, b] = [createApiAllowance(), createApiAllowance()];
    const key = caller(2, 150); // slices of 2
    let allowed = 0;
    let refusal: number | null = null;
    for (let i = 0; i < 200; i++) {
      const wait = await (i % 3 === 0 ? a : b)(redis, prefix, key);
      if (wait === null) allowed++;
      else refusal = wait;
    }
    expect(allowed).toBeLessThanOrEqual(150);
    expect(allowed).toBeGreaterThanOrEqual(150 - 2 * 2); // at most one unspent slice per process
    expect(refusal).toBeGreaterThan(0);
    expect(refusal).toBeLessThanOrEqual(60);
  });

  it("counts a small limit request by request", async () => {
    const consume = createApiAllowance();
    const key = caller(3, 3);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await consume(redis, prefix, key));
    expect(answers.slice(0, 3)).toEqual([null, null, null]);
    expect(answers[3]).toBeGreaterThan(0);
    expect(await stored(3)).toBe(4);
  });

  it("keeps to the limit alone while Redis is unreachable", async () => {
    const consume = createApiAllowance();
    const down = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    const key = caller(4, 5);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await consume(down, prefix, key));
    expect(answers.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(answers[5]).toBeGreaterThan(0);
    down.disconnect();
  });
});
