/**
 * Real Redis for tests: the shared server at REDIS_URL with a unique BullMQ
 * prefix per test file, or a private redis-server on a free port for tests
 * that stop and restart Redis.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";

export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** This process's environment without libfaketime: for the real services a test starts (Redis, Chromium). */
export function realClockEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name === "LD_PRELOAD" || name.startsWith("FAKETIME")) delete env[name];
  return env;
}

export function uniquePrefix(label = "t"): string {
  return `tinbao-test-${label}-${randomBytes(4).toString("hex")}`;
}

/** Deletes every key under a BullMQ prefix. */
export async function clearPrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface PrivateRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server of the test's own, which the test may stop and start again. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  // Its working directory: whatever a test makes it write (CONFIG SET appendonly yes) stays out of the checkout.
  let dir: string | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const answers = async () => {
    const probe = new Redis(url, { maxRetriesPerRequest: 0, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    probe.on("error", () => {});
    try {
      await probe.connect();
      return (await probe.ping()) === "PONG";
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  };
  return {
    url, port,
    async start() {
      // Servers keep the real clock under a moved-clock run (scripts/test-moved-clock.sh), as the shared one does.
      dir ??= mkdtempSync(path.join(tmpdir(), "tinbao-redis-"));
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore", env: realClockEnv() });
      for (let i = 0; i < 100 && !(await answers()); i++) await new Promise((r) => setTimeout(r, 50));
    },
    async stop() {
      if (!child) return;
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGKILL");
      await exited;
      child = null;
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
  };
}
