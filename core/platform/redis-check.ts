/**
 * What the worker checks of its Redis before it takes jobs (docs/decisions/0078-national-scope-and-operations.md):
 *
 * - `maxmemory-policy` must be `noeviction`. BullMQ keeps jobs, locks and schedules as
 *   ordinary keys; a server allowed to evict them under memory pressure loses jobs
 *   silently. Any other policy makes the worker refuse to start, unless
 *   REDIS_ALLOW_EVICTION=1 says the operator accepts that (a test bed, a cache-only Redis).
 * - Persistence: with neither AOF (`appendonly yes`) nor RDB snapshots (`save …`) a Redis
 *   restart empties the queue. Not fatal — the outbox sweep re-queues every tip still
 *   `received` — but a warning, because scheduled jobs and retries are lost with it.
 *
 * A Redis whose CONFIG command is disabled (some managed services rename it) cannot be
 * checked: that is a warning, not a refusal.
 */
import type { Redis } from "ioredis";

export interface RedisCheck {
  /** The server's maxmemory-policy, or null when CONFIG could not be read. */
  policy: string | null;
  aof: boolean | null;
  rdb: boolean | null;
  /** Refuse to start: the policy may evict BullMQ's keys and no override is set. */
  fatal: string | null;
  warnings: string[];
}

async function configValue(redis: Redis, name: string): Promise<string | null> {
  const reply = (await redis.call("CONFIG", "GET", name)) as string[];
  return reply.length >= 2 ? String(reply[1]) : null;
}

/** Reads the server's settings and says what is wrong with them for a BullMQ worker. */
export async function checkRedisForQueues(redis: Redis, options: { allowEviction: boolean }): Promise<RedisCheck> {
  let policy: string | null;
  let appendonly: string | null;
  let save: string | null;
  try {
    [policy, appendonly, save] = [await configValue(redis, "maxmemory-policy"), await configValue(redis, "appendonly"), await configValue(redis, "save")];
  } catch (err) {
    return {
      policy: null, aof: null, rdb: null, fatal: null,
      warnings: [`could not read the Redis configuration (${(err as Error).message}): make sure maxmemory-policy is noeviction and persistence is on`],
    };
  }
  const aof = appendonly === null ? null : appendonly === "yes";
  const rdb = save === null ? null : save.trim() !== "";
  const warnings: string[] = [];
  let fatal: string | null = null;
  if (policy !== null && policy !== "noeviction") {
    const problem = `Redis maxmemory-policy is ${policy}: BullMQ needs noeviction, or queued jobs can be evicted and lost (CONFIG SET maxmemory-policy noeviction, and in redis.conf)`;
    if (options.allowEviction) warnings.push(`${problem}; starting anyway because REDIS_ALLOW_EVICTION=1`);
    else fatal = `${problem}; set REDIS_ALLOW_EVICTION=1 to start anyway`;
  }
  if (aof === false && rdb === false) {
    warnings.push("Redis persistence is off (appendonly no, no save points): a Redis restart loses scheduled jobs and retries; tips are re-queued by the outbox sweep (turn on appendonly yes)");
  }
  return { policy, aof, rdb, fatal, warnings };
}
