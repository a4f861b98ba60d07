/**
 * Rate limits without tracking (docs/decisions/0041-limits-unlinkable-to-time.md).
 *
 * A client is known only by a keyed hash of its address group (an IPv4
 * address, or an IPv6 /64: one home network, one subscriber) under a salt that
 * rotates every day. The salt is kept in Redis so every web process shares it,
 * but sealed under a key derived from DATA_KEY: someone who can read Redis and
 * the database cannot hash candidate addresses and find their limiter keys.
 * It expires after two days, so yesterday's keys cannot be linked to an
 * address by anyone.
 *
 * Limits count in fixed windows aligned to the clock (10:00–10:10, a UTC day),
 * never in windows that start with a request: a key's expiry is the end of its
 * window, the same for every client, so it does not tell when anyone came. A
 * client over a limit waits for the end of the window. If Redis is down the
 * limits fall back to process memory rather than failing open or closed.
 */
import { createHmac, randomBytes } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { Redis } from "ioredis";
import { seal, tryUnseal } from "../../core/platform/crypto";

const SALT_TTL_SECONDS = 48 * 3600;

/**
 * The part of an address that names one client: an IPv4 address, or the first
 * 64 bits of an IPv6 address (a subscriber is handed a whole /64, so per-address
 * limits would give one person 2^64 tries). IPv4-mapped IPv6 counts as IPv4.
 */
export function clientAddressGroup(address: string | undefined): string {
  if (!address) return "unknown";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups]
    : headGroups;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** The day's salt, cached in memory; created in Redis (SET NX, sealed) by whichever process asks first. */
export function createClientHasher(redis: Redis, prefix: string, dataKey: string) {
  let cached: { day: string; salt: string } | null = null;
  return async function clientKey(address: string | undefined, now = new Date()): Promise<string> {
    const day = now.toISOString().slice(0, 10);
    if (cached?.day !== day) {
      const key = `${prefix}:client-salt:${day}`;
      let salt: string | null = null;
      try {
        await redis.set(key, seal(randomBytes(32).toString("base64"), dataKey, "client-salt"), "EX", SALT_TTL_SECONDS, "NX");
        const sealed = await redis.get(key);
        salt = sealed === null ? null : tryUnseal(sealed, dataKey, "client-salt");
      } catch {
        // Redis down: a process-local salt keeps limits working until it returns.
      }
      cached = { day, salt: salt ?? randomBytes(32).toString("base64") };
    }
    return createHmac("sha256", cached.salt).update(clientAddressGroup(address)).digest("base64url").slice(0, 22);
  };
}

export interface LimitSpec {
  /** Name of the limit, part of the Redis key. */
  name: string;
  /** Allowed per window; one more is refused. */
  points: number;
  /** The window's length; windows start at multiples of it since the epoch (UTC). */
  durationSeconds: number;
}

export type Limiter = {
  /** Consumes `points` (0: only asks); resolves to null when allowed, or the seconds until the window ends. */
  consume(key: string, points?: number, now?: number): Promise<number | null>;
  /** Forgets the key's count in the current window. */
  reset(key: string, now?: number): Promise<void>;
};

export function createLimiter(redis: Redis, prefix: string, spec: LimitSpec): Limiter {
  const windowMs = spec.durationSeconds * 1000;
  const fallback = new Map<string, { count: number; endsAt: number }>();
  const windowOf = (key: string, now: number) => {
    const start = Math.floor(now / windowMs) * windowMs;
    return { redisKey: `${prefix}:rl:${spec.name}:${start / 1000}:${key}`, endsAt: start + windowMs };
  };
  const countInMemory = (redisKey: string, endsAt: number, points: number, now: number) => {
    if (fallback.size > 10_000) for (const [k, v] of fallback) if (v.endsAt <= now) fallback.delete(k);
    const entry = fallback.get(redisKey) ?? { count: 0, endsAt };
    entry.count += points;
    fallback.set(redisKey, entry);
    return entry.count;
  };
  return {
    async consume(key, points = 1, now = Date.now()) {
      const { redisKey, endsAt } = windowOf(key, now);
      let used: number;
      try {
        if (points === 0) {
          used = Number((await redis.get(redisKey)) ?? 0);
        } else {
          const answers = await redis.multi().incrby(redisKey, points).pexpireat(redisKey, endsAt).exec();
          const total = answers?.[0]?.[1];
          if (typeof total !== "number") throw new Error("no answer from Redis");
          used = total;
        }
      } catch {
        used = countInMemory(redisKey, endsAt, points, now);
      }
      return used > spec.points ? Math.max(1, Math.ceil((endsAt - now) / 1000)) : null;
    },
    async reset(key, now = Date.now()) {
      const { redisKey } = windowOf(key, now);
      fallback.delete(redisKey);
      await redis.del(redisKey).catch(() => {});
    },
  };
}

/** An expiry on a fixed grid (the end of the grid step after `seconds`), so a key's expiry does not tell when it was written. */
export function gridExpiry(seconds: number, now = Date.now(), gridSeconds = 600): number {
  const grid = gridSeconds * 1000;
  return Math.ceil((now + seconds * 1000) / grid) * grid;
}
