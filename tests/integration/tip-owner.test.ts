/**
 * Every tip past `received` has an owning unit (issue 12, item 1): the migration that gives
 * tips already lost their province's unit (with an audit event, the chain intact) and adds
 * the CHECK, which then refuses a direct UPDATE or INSERT that would break it — on SQLite
 * (a rebuilt table that keeps its indexes, triggers, foreign keys and rows) and PostgreSQL.
 */
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUnits } from "../../cli/commands/units";
import { createMigrator, migrateToLatest } from "../../db/migrate";
import { findFirstChainBreak, listTipEvents } from "../../db/queries/tip-events";
import type { Database } from "../../db/schema";
import { DIALECTS, TEST_DIALECT, type TestDatabase } from "../setup/db";

const MIGRATION = "20261207T0110_tips_have_an_owner";
const AT = "2026-10-03T14:30:00.000Z";

/** A tip row as an older release could leave it: routed, to no unit. */
async function insertTip(db: Kysely<any>, values: Record<string, unknown>): Promise<number> {
  const [row] = await db
    .insertInto("tips")
    .values({
      receipt_hash: `hash-${Math.random()}`, channel: "web", category: "drugs", description: "Có người bán ma túy ở đầu kiệt.",
      description_folded: "co nguoi ban ma tuy o dau kiet.", occurred_precision: "unknown", location_kind: "address",
      location_address: "đầu kiệt 12 Lê Duẩn", status: "routed", deadline_at: AT, created_at: AT, updated_at: AT, ...values,
    })
    .returning("id")
    .execute();
  return (row as { id: number }).id;
}

async function addEvent(db: Kysely<any>, tipId: number, prevHash: string | null, hash: string) {
  await db.insertInto("tip_events").values({ tip_id: tipId, at: AT, actor_kind: "system", type: "received", data: "{}", prev_hash: prevHash, hash }).execute();
}

/** The schema objects of `tips` other than the table itself (SQLite). */
async function companions(db: Kysely<any>): Promise<string[]> {
  const rows = (await sql<{ sql: string }>`select sql from sqlite_master where tbl_name = 'tips' and type in ('index', 'trigger') and sql is not null order by name`.execute(db)).rows;
  return rows.map((r) => r.sql);
}

describe.each(DIALECTS)("tips always have an owner on %s", (_dialect, create) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  const lost: Record<string, number> = {};
  let before: string[] = [];

  beforeAll(async () => {
    database = await create({ migrate: false });
    db = database.db;
    const migrator = createMigrator(db);
    const all = (await migrator.getMigrations()).map((m) => m.name);
    const previous = all[all.indexOf(MIGRATION) - 1]!;
    const result = await migrator.migrateTo(previous);
    expect(result.error).toBeUndefined();
    await importUnits(db, "48");
    await importUnits(db, "01");
    const legacy = db as Kysely<any>;
    // A Hà Nội tip routed nowhere, one naming no province, one naming a province not imported; a sane one and a received one.
    lost.hanoi = await insertTip(legacy, { location_province_code: "01", status: "in_progress" });
    lost.none = await insertTip(legacy, { location_province_code: null });
    lost.elsewhere = await insertTip(legacy, { location_province_code: "79" });
    lost.fine = await insertTip(legacy, { unit_code: "20275", ward_code: "20275" });
    lost.waiting = await insertTip(legacy, { status: "received" });
    // The lost Hà Nội tip has a trail already: the new event must chain to it.
    await addEvent(legacy, lost.hanoi, null, "a".repeat(64));
    await sql`update tip_events set hash = ${"a".repeat(64)}`.execute(legacy);
    if (TEST_DIALECT === "sqlite") before = await companions(db);
    await migrateToLatest(db);
  }, 120_000);
  afterAll(async () => database.destroy());

  const row = (id: number) => db.selectFrom("tips").select(["status", "unit_code", "ward_code"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("gives each lost tip its province's unit, else the lowest-coded province's, and says why in its trail", async () => {
    expect(await row(lost.hanoi)).toMatchObject({ status: "in_progress", unit_code: "01" });
    expect(await row(lost.none)).toMatchObject({ unit_code: "01" }); // two provinces imported: the lowest code
    expect(await row(lost.elsewhere)).toMatchObject({ unit_code: "01" });
    expect(await row(lost.fine)).toMatchObject({ unit_code: "20275" });
    expect(await row(lost.waiting)).toMatchObject({ status: "received", unit_code: null });
    const trail = await listTipEvents(db, lost.hanoi);
    expect(trail.map((e) => e.type)).toEqual(["received", "owner_assigned"]);
    expect(trail[1]!.data).toMatchObject({ unitCode: "01", because: { code: "lost-named-province", params: { province: "01" } } });
    expect((await listTipEvents(db, lost.none))[0]!.data).toMatchObject({ because: { code: "lost-lowest-province" } });
    expect(await listTipEvents(db, lost.fine)).toEqual([]);
  });

  it("keeps the audit chain of every moved tip intact", async () => {
    const events = await db.selectFrom("tip_events").select(["tip_id", "prev_hash"]).where("type", "=", "owner_assigned").orderBy("tip_id").execute();
    expect(events).toEqual([
      { tip_id: lost.hanoi, prev_hash: "a".repeat(64) },
      { tip_id: lost.none, prev_hash: null },
      { tip_id: lost.elsewhere, prev_hash: null },
    ]);
    // The seeded "received" event's hash is made up; from the moved event on, the chain verifies.
    const check = await findFirstChainBreak(db);
    expect(check.break).toMatchObject({ tipId: lost.hanoi, eventId: expect.any(Number), reason: "hash mismatch" });
    const [first] = await listTipEvents(db, lost.hanoi);
    expect(check.break!.eventId).toBe(first!.id);
  });

  it("refuses a direct UPDATE that leaves a routed tip without a unit", async () => {
    await expect(db.updateTable("tips").set({ unit_code: null }).where("id", "=", lost.fine).execute()).rejects.toThrow(/constraint|tips_have_an_owner/i);
    await expect(db.updateTable("tips").set({ status: "routed" }).where("id", "=", lost.waiting).execute()).rejects.toThrow(/constraint|tips_have_an_owner/i);
    expect(await row(lost.fine)).toMatchObject({ unit_code: "20275" });
  });

  it("refuses a direct INSERT of a tip past received without a unit, and takes one with a unit", async () => {
    await expect(insertTip(db, { status: "closed" })).rejects.toThrow(/constraint|tips_have_an_owner/i);
    await expect(insertTip(db, { status: "routed", unit_code: "48" })).resolves.toBeGreaterThan(0);
    await expect(insertTip(db, { status: "received" })).resolves.toBeGreaterThan(0);
  });

  it("keeps the table's indexes, triggers, foreign keys and the generated queue rank (SQLite rebuild)", async () => {
    if (TEST_DIALECT !== "sqlite") return;
    // Every index and trigger from before the rebuild is still there, by name: later migrations may add their own
    // or redefine one (20261207T0950 has the oversight trigger log ward changes too).
    const nameOf = (definition: string) => definition.match(/^CREATE (?:UNIQUE )?(?:INDEX|TRIGGER) "?(\w+)"?/)?.[1] ?? definition;
    expect((await companions(db)).map(nameOf)).toEqual(expect.arrayContaining(before.map(nameOf)));
    expect(before.map(nameOf)).toContain("oversight_tips_update");
    expect(before.length).toBeGreaterThan(0);
    const fks = (await sql<{ table: string }>`select "table" from pragma_foreign_key_list('tips')`.execute(db)).rows.map((r) => r.table).sort();
    expect(fks).toEqual(["api_keys", "categories", "clusters", "source_orgs", "units", "users"]);
    // Children still point at the rebuilt table, and foreign keys are on again.
    await expect(db.insertInto("tip_events").values({ tip_id: 999_999, at: AT, actor_kind: "system", type: "received", data: "{}", prev_hash: null, hash: "x" }).execute())
      .rejects.toThrow(/FOREIGN KEY/);
    const ranked = await db.selectFrom("tips").select("queue_rank").where("id", "=", lost.fine).executeTakeFirstOrThrow();
    expect(ranked.queue_rank).toBeGreaterThan(0);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
  });

  it("rolls back and forward again", async () => {
    const migrator = createMigrator(db);
    // Down to the migration before this one (later migrations come down first).
    const names = (await migrator.getMigrations()).map((m) => m.name);
    const before = names[names.indexOf(MIGRATION) - 1]!;
    const down = await migrator.migrateTo(before);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain(MIGRATION);
    await db.updateTable("tips").set({ unit_code: null }).where("id", "=", lost.fine).execute(); // allowed again without the CHECK
    await db.updateTable("tips").set({ unit_code: "20275" }).where("id", "=", lost.fine).execute();
    await migrateToLatest(db);
    await expect(db.updateTable("tips").set({ unit_code: null }).where("id", "=", lost.fine).execute()).rejects.toThrow(/constraint|tips_have_an_owner/i);
  });
});
