/**
 * The first scan over an old database (ADR 0084): the deadline reminders and the overdue
 * escalation catch up batch by batch, each batch its own transaction that also moves the
 * scan's mark to its last deadline — so a run stopped half-way (a crash: here a statement
 * that fails at the third batch) has kept what it committed, and the next run resumes from
 * there (the mark less a day) and ends with every tip dealt with exactly once.
 */
import type { Kysely, KyselyPlugin, RootOperationNode } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { scanEscalations } from "../../core/escalation";
import { scanDeadlineReminders } from "../../core/notifications";
import type { Database } from "../../db/schema";
import { deadlineFor } from "../../domain/deadline";
import { scanFloor } from "../../domain/notifications";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { seedUnits, seedUsers, UNIT_A, UNIT_B } from "../setup/staff-fixtures";

const NOW = new Date("2026-06-01T03:00:00.000Z");
const TIPS = 36;
const BATCH = 5;

/** A plugin that fails the `nth` insert into `table` and every later one: the process "dies" there. */
function crashAt(table: string, nth: number): KyselyPlugin {
  let seen = 0;
  return {
    transformQuery({ node }): RootOperationNode {
      if (node.kind === "InsertQueryNode" && node.into?.table.identifier.name === table && ++seen >= nth) throw new Error(`crash at insert ${seen} into ${table}`);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
}

/** Open tips in progress (no "unclaimed" escalation), received over the 200 days before NOW, every deadline passed. */
async function insertOverdueTips(db: Kysely<Database>): Promise<Array<{ id: number; deadline_at: string }>> {
  const rows = Array.from({ length: TIPS }, (_, i) => {
    const createdAt = new Date(NOW.getTime() - (200 - i * 5) * 86_400_000).toISOString();
    return {
      receipt_hash: `catch-up-${i}`, channel: "web" as const, category: "theft", description: "Tin thử", description_folded: "tin thu",
      occurred_precision: "unknown" as const, location_kind: "none" as const, status: "in_progress" as const,
      unit_code: i % 2 === 0 ? UNIT_A : UNIT_B, deadline_at: deadlineFor(createdAt), created_at: createdAt, updated_at: createdAt,
    };
  });
  await db.insertInto("tips").values(rows).execute();
  return db.selectFrom("tips").select(["id", "deadline_at"]).where("receipt_hash", "like", "catch-up-%").orderBy("deadline_at").orderBy("id").execute();
}

const markOf = async (db: Kysely<Database>, name: string) =>
  (await db.selectFrom("scan_marks").select("looked_to").where("name", "=", name as "deadline_passed").executeTakeFirst())?.looked_to ?? null;

describe.each(DIALECTS)("a scan's first catch-up on %s", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let tips: Array<{ id: number; deadline_at: string }>;

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    await seedUnits(db);
    await seedUsers(db);
    tips = await insertOverdueTips(db);
  }, 120_000);
  afterAll(async () => database?.destroy());
  beforeEach(async () => {
    await db.deleteFrom("scan_marks").execute();
  });

  it("the deadline reminders commit batch by batch with their mark, and resume after a crash", async () => {
    await expect(scanDeadlineReminders(db.withPlugin(crashAt("reminder_steps", 3)), NOW, { batch: BATCH })).rejects.toThrow(/crash/);
    // Two batches committed, each with the mark at its last deadline; the third rolled back.
    const stepped = await db.selectFrom("reminder_steps").select("tip_id").where("kind", "=", "deadline_passed").execute();
    expect(stepped.map((r) => r.tip_id).sort((a, b) => a - b)).toEqual(tips.slice(0, 2 * BATCH).map((t) => t.id).sort((a, b) => a - b));
    const mark = await markOf(db, "deadline_passed");
    expect(mark).toBe(tips[2 * BATCH - 1]!.deadline_at);
    // The next run reads from the mark less a day: the tips well before it are not read again.
    expect(tips.filter((t) => t.deadline_at < scanFloor(mark)!).length).toBeGreaterThanOrEqual(2 * BATCH - 1);

    await scanDeadlineReminders(db, NOW, { batch: BATCH });
    const all = await db.selectFrom("reminder_steps").select(["tip_id", "step"]).where("kind", "=", "deadline_passed").execute();
    expect(all.map((r) => r.tip_id).sort((a, b) => a - b)).toEqual(tips.map((t) => t.id).sort((a, b) => a - b));
    expect((await markOf(db, "deadline_passed"))! > tips.at(-1)!.deadline_at).toBe(true);
  });

  it("the overdue escalation commits batch by batch with its mark, and resumes after a crash", async () => {
    await expect(scanEscalations(db.withPlugin(crashAt("escalations", 3)), NOW, { batch: BATCH })).rejects.toThrow(/crash/);
    const escalated = await db.selectFrom("escalations").select("tip_id").where("cause", "not like", "unclaimed:%").execute();
    expect(escalated.map((r) => r.tip_id).sort((a, b) => a - b)).toEqual(tips.slice(0, 2 * BATCH).map((t) => t.id).sort((a, b) => a - b));
    expect(await markOf(db, "overdue_escalation")).toBe(tips[2 * BATCH - 1]!.deadline_at);
    const events = await db.selectFrom("tip_events").select("tip_id").where("type", "=", "escalated").execute();
    expect(events).toHaveLength(2 * BATCH);

    await scanEscalations(db, NOW, { batch: BATCH });
    const all = await db.selectFrom("escalations").select(["tip_id", "cause"]).where("cause", "not like", "unclaimed:%").execute();
    expect(all.map((r) => r.tip_id).sort((a, b) => a - b)).toEqual(tips.map((t) => t.id).sort((a, b) => a - b));
    expect(all.every((r) => tips.find((t) => t.id === r.tip_id)!.deadline_at === r.cause)).toBe(true);
    // Each tip's step 1 written once to its trail, the crashed batch's included.
    const trail = await db.selectFrom("tip_events").select("tip_id").where("type", "=", "escalated").execute();
    expect(trail.filter((e) => tips.some((t) => t.id === e.tip_id))).toHaveLength(TIPS);
  });
});
