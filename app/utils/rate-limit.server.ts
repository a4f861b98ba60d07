/**
 * Rate limits without tracking. A client is known only by a keyed hash of its
 * address under a salt that rotates every day: the salt lives in Redis with a
 * TTL (never in the database or logs), so yesterday's keys cannot be linked to
 * an address, and limiter keys themselves expire. If Redis is down the limits
 * fall back to process memory rather than failing open or closed.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

const SALT_TTL_SECONDS = 48 * 3600;

/** The day's salt, cached in memory; created in Redis (SET NX) by whichever process asks first. */
export function createClientHasher(redis: Redis, prefix: string) {
  let cached: { day: string; salt: string } | null = null;
  return async function clientKey(address: string | undefined, now = new Date()): Promise<string> {
    const day = now.toISOString().slice(0, 10);
    if (cached?.day !== day) {
      const key = `${prefix}:client-salt:${day}`;
      let salt: string | null = null;
      try {
        await redis.set(key, randomBytes(32).toString("base64"), "EX", SALT_TTL_SECONDS, "NX");
        salt = await redis.get(key);
      } catch {
        // Redis down: a process-local salt keeps limits working until it returns.
      }
      cached = { day, salt: salt ?? randomBytes(32).toString("base64") };
    }
    return createHmac("sha256", cached.salt).update(address ?? "unknown").digest("base64url").slice(0, 22);
  };
}

export interface LimitSpec {
  /** Name of the limit, part of the Redis key. */
  name: string;
  points: number;
  durationSeconds: number;
  /** Once exhausted, block for this long (growing delays are built from several specs). */
  blockSeconds?: number;
}

export type Limiter = {
  /** Consumes one point; resolves to null when allowed, or the seconds to wait. */
  consume(key: string, points?: number): Promise<number | null>;
  reset(key: string): Promise<void>;
};

export function createLimiter(redis: Redis, prefix: string, spec: LimitSpec): Limiter {
  const options = {
    keyPrefix: `${prefix}:rl:${spec.name}`,
    points: spec.points,
    duration: spec.durationSeconds,
    blockDuration: spec.blockSeconds ?? 0,
  };
  const limiter = new RateLimiterRedis({
    ...options,
    storeClient: redis,
    insuranceLimiter: new RateLimiterMemory(options),
  });
  return {
    async consume(key, points = 1) {
      try {
        await limiter.consume(key, points);
        return null;
      } catch (result) {
        if (result instanceof RateLimiterRes) return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
        throw result;
      }
    },
    async reset(key) {
      await limiter.delete(key).catch(() => {});
    },
  };
}
