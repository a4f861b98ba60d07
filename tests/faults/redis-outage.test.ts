/**
 * Redis stopped while tips are submitted: every submission still gets its
 * receipt (201), and once Redis returns every tip is routed — none lost, none
 * processed twice in effect.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashReceipt } from "../../core/platform/crypto";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { readFileSync } from "node:fs";
import path from "node:path";
import { privateRedis, type PrivateRedis } from "../setup/redis";
import { faultTip, postTip, startAppWithKey, waitFor, type RunningApp } from "../setup/faults";

const TIPS = 20;

describe("Redis outage during submissions", () => {
  let redis: PrivateRedis;
  let app: RunningApp;
  let apiKey: string;
  let database: DatabaseHandle;

  beforeAll(async () => {
    redis = await privateRedis();
    await redis.start();
    ({ app, apiKey } = await startAppWithKey({ worker: true, env: { REDIS_URL: redis.url, OUTBOX_SWEEP_MS: "500", LOG_LEVEL: "warn" } }));
    database = openDatabase(app.databaseUrl);
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await app?.stop();
    await redis?.stop();
  });

  it("accepts every tip while Redis is down and routes all of them once it is back", async () => {
    await redis.stop();
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);

    const receipts: string[] = [];
    for (let i = 0; i < TIPS; i++) {
      const res = await postTip(app.url, apiKey, faultTip(i));
      expect(res.status).toBe(201);
      const body = (await res.json()) as { receipt: string; status: string };
      expect(body.status).toBe("received");
      receipts.push(body.receipt.replace(/\s/g, ""));
    }
    const stored = await database.db.selectFrom("tips").select(["id", "receipt_hash", "status"]).execute();
    expect(stored).toHaveLength(TIPS);
    expect(stored.every((t) => t.status === "received")).toBe(true);

    await redis.start();
    await waitFor(async () => {
      const rows = await database.db.selectFrom("tips").select("status").where("status", "=", "routed").execute();
      return rows.length === TIPS;
    }, 60_000, "every tip to be routed");

    // Every receipt a client got opens its own tip, and each was routed exactly once.
    const salt = (JSON.parse(readFileSync(path.join(app.dataDir, "secrets"), "utf8")) as { RECEIPT_SALT: string }).RECEIPT_SALT;
    const hashes = new Set(stored.map((t) => t.receipt_hash));
    for (const receipt of receipts) expect(hashes.has(await hashReceipt(receipt, salt))).toBe(true);
    const routedEvents = await database.db.selectFrom("tip_events").select("tip_id").where("type", "=", "routed").execute();
    expect(routedEvents).toHaveLength(TIPS);
    expect(new Set(routedEvents.map((e) => e.tip_id)).size).toBe(TIPS);
  }, 120_000);
});
