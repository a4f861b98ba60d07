/**
 * The outbox: a tip is committed without touching Redis; the worker's relay
 * hands it to the queue, and the sweep hands over every tip Redis missed once
 * Redis is back.
 */
import { Queue } from "bullmq";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashReceipt } from "../../core/platform/crypto";
import { acceptTipOrThrow, type IntakeDeps } from "../../core/tips";
import { findTipIdByReceiptHash } from "../../db/queries/tips";
import { processIntake } from "../../workers/intake";
import { enqueueTip, relayNewTips, runIntakeJob, sweepOutbox } from "../../workers/outbox";
import { createIntakeQueue, createRedis, intakeBatchJobId, intakeJobId, type IntakeJob } from "../../core/platform/queues";
import { createTestDatabase, type TestDatabase } from "../setup/db";
import { privateRedis, uniquePrefix, type PrivateRedis } from "../setup/redis";
import { ReceiptHasher } from "../../core/receipts";

const RECEIPT_SALT = "test-receipt-salt-0123456789";
const SECRETS = { dataKey: Buffer.alloc(32, 1).toString("base64"), receipts: new ReceiptHasher(RECEIPT_SALT) };

const anonymousTip = {
  channel: "web" as const,
  category: "drugs",
  description: "Có người bán ma túy ở quán cà phê đầu kiệt vào buổi tối.",
  occurredAt: null,
  occurredPrecision: "unknown" as const,
  location: { kind: "ward" as const, wardCode: "20275", provinceCode: "48" },
  reporter: null,
};

describe("outbox", () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let queue: Queue<IntakeJob>;
  let deps: IntakeDeps;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.insertInto("units").values([
      { code: "48", name: "Thành phố Đà Nẵng", name_folded: "thanh pho da nang", level: "province", parent_code: null, province_code: "48" },
      { code: "20275", name: "Phường An Hải", name_folded: "phuong an hai", level: "ward", parent_code: "48", province_code: "48" },
    ]).execute();
    redis = await privateRedis();
    await redis.start();
    queue = createIntakeQueue(createRedis(redis.url, "producer"), uniquePrefix("outbox"));
    deps = { db: database.db, ...SECRETS };
  });

  afterAll(async () => {
    await queue.close().catch(() => {});
    await redis.stop();
    await database.destroy();
  });

  it("commits the tip; the relay hands it to the queue under a deterministic job id, once", async () => {
    const { tipId, receipt } = await acceptTipOrThrow(deps, anonymousTip);
    expect(receipt).toMatch(/^\d{16}$/);
    expect(await findTipIdByReceiptHash(database.db, await hashReceipt(receipt, RECEIPT_SALT))).toBe(tipId);
    expect(await queue.getJob(intakeJobId(tipId))).toBeFalsy(); // taking the tip did not touch Redis
    const enqueuedAt = () => database.db.selectFrom("tips").select(["status", "enqueued_at"]).where("id", "=", tipId).executeTakeFirstOrThrow();
    expect(await enqueuedAt()).toEqual({ status: "received", enqueued_at: null });

    expect(await relayNewTips(database.db, queue)).toBeGreaterThanOrEqual(1);
    const job = await queue.getJob(intakeJobId(tipId));
    expect(job?.data).toEqual({ tipId }); // ids only: no tip content in Redis
    expect((await enqueuedAt()).enqueued_at).not.toBeNull();
    expect(await relayNewTips(database.db, queue)).toBe(0);
  });

  it("takes a tip while Redis is down, and the relay hands it over when Redis returns", async () => {
    await redis.stop();
    const started = Date.now();
    const { tipId, receipt } = await acceptTipOrThrow(deps, { ...anonymousTip, description: "Nhóm thanh niên tụ tập đua xe trên đường Võ Nguyên Giáp mỗi tối thứ bảy." });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(receipt).toMatch(/^\d{16}$/);

    // While Redis is down the relay and the sweep find the tip but cannot hand it over; nothing is marked.
    await expect(relayNewTips(database.db, queue)).rejects.toThrow();
    expect(await sweepOutbox(database.db, queue)).toMatchObject({ enqueued: 0 });
    const stored = await database.db.selectFrom("tips").select(["status", "enqueued_at"]).where("id", "=", tipId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: "received", enqueued_at: null });

    await redis.start();
    await waitFor(async () => (await relayNewTips(database.db, queue).catch(() => 0)) > 0);
    expect(await queue.getJob(intakeJobId(tipId))).toBeTruthy();
    expect(await sweepOutbox(database.db, queue)).toEqual({ found: 0, enqueued: 0 });

    expect(await processIntake({ db: database.db }, tipId)).toBe("routed");
    const routed = await database.db.selectFrom("tips").select(["status", "unit_code"]).where("id", "=", tipId).executeTakeFirstOrThrow();
    expect(routed).toEqual({ status: "routed", unit_code: "20275" });
  });

  it("re-enqueues a tip that was enqueued long ago but never processed", async () => {
    const { tipId } = await acceptTipOrThrow(deps, anonymousTip);
    await relayNewTips(database.db, queue);
    const job = await queue.getJob(intakeJobId(tipId));
    await job!.remove(); // lost from Redis (e.g. Redis restarted without persistence)
    const later = new Date(Date.now() + 10 * 60_000);
    const result = await sweepOutbox(database.db, queue, { now: later });
    expect(result.enqueued).toBeGreaterThanOrEqual(1);
    expect(await queue.getJob(intakeJobId(tipId))).toBeTruthy();
  });

  it("adding the same tip twice leaves one job", async () => {
    const { tipId } = await acceptTipOrThrow(deps, anonymousTip);
    await relayNewTips(database.db, queue);
    await database.db.updateTable("tips").set({ enqueued_at: null }).where("id", "=", tipId).execute(); // as if a second worker relayed it too
    await relayNewTips(database.db, queue);
    expect(await enqueueTip(database.db, queue, tipId)).toBe(true);
    const counts = await queue.getJobCounts("waiting");
    const jobs = await queue.getJobs(["waiting"], 0, counts.waiting);
    expect(jobs.filter((j) => j.id === intakeJobId(tipId))).toHaveLength(1);
  });

  it("processing is idempotent", async () => {
    const { tipId } = await acceptTipOrThrow(deps, anonymousTip);
    expect(await processIntake({ db: database.db }, tipId)).toBe("routed");
    expect(await processIntake({ db: database.db }, tipId)).toBe("skipped");
    const events = await database.db.selectFrom("tip_events").select("type").where("tip_id", "=", tipId).execute();
    expect(events.map((e) => e.type)).toEqual(["received", "located", "routed", "cluster_started"]);
  });

  it("the relay hands a batch of tips over as one job, and the worker places them all", async () => {
    await relayNewTips(database.db, queue); // what earlier tests left
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await acceptTipOrThrow(deps, { ...anonymousTip, description: `${anonymousTip.description} Lần ${i + 1}.` })).tipId);
    expect(await relayNewTips(database.db, queue)).toBe(3);
    const job = await queue.getJob(intakeBatchJobId(ids));
    expect(job?.data).toEqual({ tipIds: ids }); // ids only, in order
    for (const id of ids) expect(await queue.getJob(intakeJobId(id))).toBeFalsy();
    expect(await runIntakeJob({ db: database.db }, queue, job!.data)).toEqual({ failed: [] });
    const placed = await database.db.selectFrom("tips").select("status").where("id", "in", ids).execute();
    expect(placed.map((t) => t.status)).toEqual(["routed", "routed", "routed"]);
    // Run again (a stalled job taken over, a second worker's overlapping batch): nothing placed twice.
    await runIntakeJob({ db: database.db }, queue, job!.data);
    const routedEvents = await database.db.selectFrom("tip_events").select("tip_id").where("tip_id", "in", ids).where("type", "=", "routed").execute();
    expect(routedEvents).toHaveLength(3);
  });

  it("a tip that fails in a batch is handed to a job of its own; the others are placed", async () => {
    if (database.dialect !== "sqlite") return; // the failure is made with a SQLite trigger
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await acceptTipOrThrow(deps, { ...anonymousTip, description: `${anonymousTip.description} Lượt ${i + 1}.` })).tipId);
    const failing = ids[1]!;
    await sql.raw(`create trigger fail_one before update of status on tips when new.id = ${failing} begin select raise(abort, 'disk trouble'); end`).execute(database.db);
    try {
      const { failed } = await runIntakeJob({ db: database.db }, queue, { tipIds: ids });
      expect(failed.map((f) => f.tipId)).toEqual([failing]);
      expect(failed[0]!.error.message).toContain("disk trouble");
    } finally {
      await sql`drop trigger fail_one`.execute(database.db);
    }
    const status = async () => (await database.db.selectFrom("tips").select(["id", "status"]).where("id", "in", ids).orderBy("id").execute()).map((t) => t.status);
    expect(await status()).toEqual(["routed", "received", "routed"]);
    const retry = await queue.getJob(intakeJobId(failing));
    expect(retry?.data).toEqual({ tipId: failing });
    expect(await retry!.getState()).toBe("delayed"); // after the first back-off step, with its own attempts
    expect(await runIntakeJob({ db: database.db }, queue, retry!.data)).toEqual({ failed: [] });
    expect(await status()).toEqual(["routed", "routed", "routed"]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("condition not met in time");
}
