// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): Redis only, no database: the same test on both passes.
/**
 * Limits that say nothing about when anyone came (issue 18, item 9): fixed
 * windows aligned to the clock, expiring at the window's end whoever used
 * them; clients grouped by IPv4 address or IPv6 /64 (item 4); the day's salt
 * sealed in Redis. Real Redis, an injected clock.
 */
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { clientAddressGroup, createClientHasher, createLimiter } from "../../app/utils/rate-limit.server";
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from "../setup/redis";

const DATA_KEY = Buffer.alloc(32, 3).toString("base64");
const T0 = Date.parse("2026-12-31T23:50:00.000Z"); // a 10-minute window that ends at a year boundary

describe("rate limits", () => {
  const redis = new Redis(TEST_REDIS_URL);
  const prefix = uniquePrefix("rl");
  afterAll(async () => {
    await clearPrefix(prefix);
    redis.disconnect();
  });

  it("count in fixed windows that end at the same moment for every client", async () => {
    const limiter = createLimiter(redis, prefix, { name: "demo", points: 3, durationSeconds: 600 });
    for (let i = 0; i < 3; i++) expect(await limiter.consume("client-a", 1, T0 + 7_000 + i * 60_000)).toBeNull();
    expect(await limiter.consume("client-a", 1, T0 + 300_000)).toBe(300); // waits for 00:00:00
    expect(await limiter.consume("client-a", 0, T0 + 599_500)).toBe(1);
    expect(await limiter.consume("client-a", 1, T0 + 600_000)).toBeNull(); // a new window, in a new year
    await limiter.consume("client-b", 1, T0 + 123_456);
    const keys = await redis.keys(`${prefix}:rl:demo:*`);
    const expiries = new Set(await Promise.all(keys.filter((k) => k.includes(String(T0 / 1000))).map((k) => redis.pexpiretime(k))));
    expect([...expiries]).toEqual([T0 + 600_000]); // client a's first use at :07, b's at :02:03.456 — one expiry
  });

  it("forget a client's count when reset", async () => {
    const limiter = createLimiter(redis, prefix, { name: "reset", points: 1, durationSeconds: 60 });
    await limiter.consume("k", 2, T0);
    expect(await limiter.consume("k", 0, T0)).not.toBeNull();
    await limiter.reset("k", T0);
    expect(await limiter.consume("k", 0, T0)).toBeNull();
  });

  it("group IPv6 clients by /64 and IPv4-mapped addresses as IPv4", () => {
    expect(clientAddressGroup("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(clientAddressGroup("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(clientAddressGroup("2001:0db8:0001:0002:ffff::1")).toBe("2001:db8:1:2::/64");
    expect(clientAddressGroup("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(clientAddressGroup("::1")).toBe("0:0:0:0::/64");
    expect(clientAddressGroup("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddressGroup("203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddressGroup(undefined)).toBe("unknown");
  });

  it("hash a /64 to one key, under a salt Redis holds only sealed", async () => {
    const hash = createClientHasher(redis, prefix, DATA_KEY);
    const day = new Date(T0);
    expect(await hash("2001:db8:1:2::1", day)).toBe(await hash("2001:db8:1:2:aaaa::7", day));
    expect(await hash("2001:db8:1:2::1", day)).not.toBe(await hash("2001:db8:1:3::1", day));
    const stored = await redis.get(`${prefix}:client-salt:2026-12-31`);
    expect(stored).toMatch(/^s1\./);
    // Another process with the same DATA_KEY shares the salt; one without it cannot use it.
    expect(await createClientHasher(redis, prefix, DATA_KEY)("203.0.113.7", day)).toBe(await hash("203.0.113.7", day));
    expect(await createClientHasher(redis, prefix, Buffer.alloc(32, 9).toString("base64"))("203.0.113.7", day)).not.toBe(await hash("203.0.113.7", day));
  });
});
