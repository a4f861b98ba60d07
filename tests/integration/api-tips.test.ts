/**
 * The partner API (CONTRACT.md) against the real web process: tips in, status
 * out, keys, per-key limits, idempotency, body limits — and no receipt in clear
 * anywhere the system writes.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { insertMessage } from "../../db/queries/messages";
import { TEST_DIALECT } from "../setup/db";
import { postTip, startIntakeApp, VALID_API_TIP, type IntakeApp } from "../setup/intake-fixtures";

const RECEIPT = /^\d{4} \d{4} \d{4} \d{4}$/;

describe("partner API", () => {
  let intake: IntakeApp;
  let database: DatabaseHandle;
  const receipts: string[] = [];

  beforeAll(async () => {
    intake = await startIntakeApp();
    database = openDatabase(intake.app.databaseUrl);
  });
  afterAll(async () => {
    await database?.close();
    await intake?.app.stop();
  });

  const status = (receipt: string | null, headers: Record<string, string> = {}) =>
    fetch(`${intake.app.url}/api/v1/tips/status`, { headers: { ...(receipt === null ? {} : { "X-Receipt": receipt }), ...headers } });

  it("takes a tip: 201 with a receipt, the key's channel, JSON only, no cookie, not cached", async () => {
    const res = await postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, sourceOrg: "HCCB", externalRef: "HL-2026-0042" });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { receipt: string; status: string };
    expect(Object.keys(body).sort()).toEqual(["receipt", "status"]);
    expect(body.receipt).toMatch(RECEIPT);
    expect(body.status).toBe("received");
    receipts.push(body.receipt);

    const tip = await database.db.selectFrom("tips").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(tip).toMatchObject({
      channel: "hotline", category: "drugs", location_kind: "ward", location_ward_code: "20275", location_province_code: "48",
      occurred_at: "2026-10-03T14:30:00.000Z", occurred_precision: "exact", source_org_code: "HCCB", external_ref: "HL-2026-0042",
      reporter_enc: null, status: "received",
    });
    expect(tip.api_key_id).not.toBeNull();
    const event = await database.db.selectFrom("tip_events").selectAll().where("tip_id", "=", tip.id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ type: "received", actor_kind: "partner" });
  });

  it("stores address and map-point locations for the pipeline to resolve", async () => {
    for (const location of [{ address: "kiệt 78 Hồ Nghinh, phường Phước Mỹ, quận Sơn Trà" }, { lat: 16.0714, lng: 108.2411 }]) {
      const res = await postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, location });
      expect(res.status).toBe(201);
      receipts.push(((await res.json()) as { receipt: string }).receipt);
    }
    const rows = await database.db.selectFrom("tips").select(["location_kind", "location_address", "location_lat", "location_lng", "location_ward_code"]).orderBy("id", "desc").limit(2).execute();
    expect(rows).toEqual([
      { location_kind: "point", location_address: null, location_lat: 16.0714, location_lng: 108.2411, location_ward_code: null },
      { location_kind: "address", location_address: "kiệt 78 Hồ Nghinh, phường Phước Mỹ, quận Sơn Trà", location_lat: null, location_lng: null, location_ward_code: null },
    ]);
  });

  it("encrypts a reporter's identity: the database holds ciphertext only", async () => {
    const reporter = { name: "Trần Thị Mai Hương", phone: "0905 123 456", email: "mai.huong@example.vn" };
    const res = await postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, reporter });
    expect(res.status).toBe(201);
    receipts.push(((await res.json()) as { receipt: string }).receipt);
    const tip = await database.db.selectFrom("tips").select("reporter_enc").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(tip.reporter_enc).toMatch(/^s1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    for (const value of [reporter.name, "0905123456", reporter.email]) expect(tip.reporter_enc).not.toContain(value);
  });

  it("answers the status of a tip by its receipt, with the thread and no officer identity", async () => {
    const receipt = receipts[0];
    const tip = await database.db.selectFrom("tips").select("id").orderBy("id").executeTakeFirstOrThrow();
    const officer = await database.db.insertInto("users").values({
      email: "canbo.api@example.test", name: "Lê Văn Điều Tra", password_hash: "x", role: "officer", created_at: new Date().toISOString(),
    }).returning("id").executeTakeFirstOrThrow();
    // A tip past "received" always has an owner (the database refuses otherwise): the province's duty desk here.
    await database.db.updateTable("tips").set({ status: "waiting_tipster", unit_code: "48" }).where("id", "=", tip.id).execute();
    await insertMessage(database.db, { tipId: tip.id, author: "officer", userId: officer.id, body: "Quán tên là gì?", at: "2026-10-05T02:00:00.000Z" });

    const res = await status(receipt.replace(/ /g, ""));
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const body = await res.json();
    expect(body).toEqual({
      status: "verifying",
      statusText: { vi: "Đang xác minh", en: "Being verified" },
      waitingForReply: true,
      messages: [{ from: "officer", at: "2026-10-05T02:00:00.000Z", body: "Quán tên là gì?" }],
    });
    expect(JSON.stringify(body)).not.toContain("Điều Tra");
    expect(JSON.stringify(body)).not.toContain(String(officer.id) + ",");
  });

  it("answers 404 with the same body for a wrong, a never-issued and a malformed receipt, after the same hashing work", async () => {
    const real = receipts[0].replace(/ /g, "");
    const wrong = real.slice(0, 15) + ((Number(real[15]) + 1) % 10);
    const timings: Record<string, number[]> = { wrong: [], unknown: [] };
    const bodies = new Set<string>();
    // 4 × 2 tries + 1 malformed + the previous test's 1 = this client's 10 allowed in 10 minutes.
    for (let i = 0; i < 4; i++) {
      for (const [kind, receipt] of [["wrong", wrong], ["unknown", String(1e15 + i * 7919)]] as const) {
        const started = performance.now();
        const res = await status(receipt);
        timings[kind].push(performance.now() - started);
        expect(res.status).toBe(404);
        bodies.add(await res.text());
      }
    }
    const malformed = await status("12345");
    expect(malformed.status).toBe(404);
    bodies.add(await malformed.text());
    expect([...bodies]).toEqual(['{"error":"no tip with this receipt"}']);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Both paths pay for an argon2id hash (milliseconds, where skipping it would take
    // microseconds) and cost about the same; the band is wide for a shared, busy machine.
    expect(median(timings.wrong)).toBeGreaterThan(5);
    expect(median(timings.unknown)).toBeGreaterThan(5);
    expect(median(timings.wrong) / median(timings.unknown)).toBeGreaterThan(0.25);
    expect(median(timings.wrong) / median(timings.unknown)).toBeLessThan(4);
    expect((await status(null)).status).toBe(400);
  });

  it("replays the first answer for a repeated Idempotency-Key and creates nothing more, even under concurrency", async () => {
    const before = await countTips(database);
    const key = `retry-${Date.now()}`;
    const first = await postTip(intake.app, intake.apiKey, VALID_API_TIP, { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const retries = await Promise.all(
      Array.from({ length: 4 }, () => postTip(intake.app, intake.apiKey, VALID_API_TIP, { "Idempotency-Key": key })),
    );
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(await retry.text()).toBe(firstBody);
    }
    expect(await countTips(database)).toBe(before + 1);

    const racing = `race-${Date.now()}`;
    const raced = await Promise.all(
      Array.from({ length: 5 }, () => postTip(intake.app, intake.apiKey, VALID_API_TIP, { "Idempotency-Key": racing })),
    );
    const racedBodies = new Set(await Promise.all(raced.map((r) => r.text())));
    expect(raced.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(racedBodies.size).toBe(1);
    expect(await countTips(database)).toBe(before + 2);
    receipts.push(JSON.parse(firstBody).receipt, JSON.parse([...racedBodies][0]).receipt);

    const reused = await postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, category: "theft" }, { "Idempotency-Key": key });
    expect(reused.status).toBe(422);
    expect(await countTips(database)).toBe(before + 2);
    // The stored answer is sealed: no receipt in clear in the table.
    const stored = await database.db.selectFrom("idempotency_keys").select("body").execute();
    for (const row of stored) expect(row.body).not.toMatch(/\d{4} \d{4}/);
  });

  it("limits each key to its own rate, answering 429 with Retry-After", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await postTip(intake.app, intake.slowKey, { ...VALID_API_TIP, description: `Lần gửi thứ ${i}: có người bán ma túy.` }));
    expect(results.slice(0, 3).map((r) => r.status)).toEqual([201, 201, 201]);
    for (const r of results.slice(0, 3)) receipts.push(((await r.json()) as { receipt: string }).receipt);
    expect(results[3].status).toBe(429);
    expect(Number(results[3].headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await results[3].json()).toEqual({ error: "rate limit exceeded" });
    // The other key is not affected.
    expect((await postTip(intake.app, intake.apiKey, "{")).status).toBe(400);
  });

  it("refuses a revoked key", async () => {
    await database.db.updateTable("api_keys").set({ revoked_at: new Date().toISOString() }).where("channel", "=", "partner").execute();
    const res = await postTip(intake.app, intake.slowKey, VALID_API_TIP);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "missing, unknown or revoked API key" });
  });

  it("refuses an oversized body whether or not it declares its length", async () => {
    const big = JSON.stringify({ ...VALID_API_TIP, description: "a".repeat(1_100_000) });
    const declared = await postTip(intake.app, intake.apiKey, big);
    expect(declared.status).toBe(413);
    const chunks = [Buffer.from(big.slice(0, 600_000)), Buffer.from(big.slice(600_000))];
    const streamed = await fetch(`${intake.app.url}/api/v1/tips`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${intake.apiKey}` },
      body: new ReadableStream({ pull(controller) { const next = chunks.shift(); if (next) controller.enqueue(next); else controller.close(); } }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("never keeps a receipt in clear: not in the database file (WAL included), not in the logs", async () => {
    expect(receipts.length).toBeGreaterThanOrEqual(8);
    const log = intake.app.output();
    const files = TEST_DIALECT === "sqlite"
      ? readdirSync(intake.app.dataDir).filter((f) => f.startsWith("tinbao.db")).map((f) => readFileSync(path.join(intake.app.dataDir, f)))
      : [];
    if (TEST_DIALECT === "sqlite") expect(files.length).toBeGreaterThanOrEqual(2); // the database and its WAL
    for (const receipt of receipts) {
      for (const form of [receipt, receipt.replace(/ /g, "")]) {
        expect(log).not.toContain(form);
        for (const bytes of files) expect(bytes.includes(form)).toBe(false);
      }
    }
    expect(log).not.toContain("Trần Thị Mai Hương");
    expect(log).not.toContain("mai.huong@example.vn");
  });
});

async function countTips(database: DatabaseHandle): Promise<number> {
  const row = await database.db.selectFrom("tips").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}
