/**
 * Escalation and extensions with approval (issue 16 items 2 and 3; docs/decisions/0072-escalation.md):
 *
 * - `unit_heads`: the officers an administrator named head of a unit (one or more per unit).
 * - `units.unclaimed_hours`: per unit, after how many hours an untaken tip is reported to
 *   the unit's officers (twice that: escalated to its heads). Default 24.
 * - `escalations`: one row per (tip, cause) brought to the unit's heads (step 1), later to the
 *   province's supervisors (step 2). The cause is the overdue deadline ("2026-03-21T16:59:59.000Z")
 *   or "unclaimed:<unit>". The primary key makes each step happen once; `resolved_at` is set
 *   when a step-1 row's cause went away (closed, taken, extended), so the partial index the
 *   step-2 scan reads holds only live rows.
 * - `extension_requests`: an officer's request to extend a tip's art. 147 deadline, decided by
 *   a supervisor of the province or a head of the unit (never the requester).
 * - `tips_unclaimed`: the unclaimed scan reads tips in a queue, untaken, by receipt time.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("unit_heads")
    .addColumn("unit_code", "text", (c) => c.notNull().references("units.code"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("unit_heads_pk", ["unit_code", "user_id"])
    .execute();
  await db.schema.createIndex("unit_heads_user").on("unit_heads").columns(["user_id"]).execute();
  await db.schema.alterTable("units").addColumn("unclaimed_hours", "integer", (c) => c.notNull().defaultTo(24)).execute();

  await db.schema
    .createTable("escalations")
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("cause", "text", (c) => c.notNull())
    .addColumn("unit_code", "text", (c) => c.notNull())
    .addColumn("step", "integer", (c) => c.notNull())
    .addColumn("step1_at", "text", (c) => c.notNull())
    .addColumn("step2_at", "text")
    .addColumn("resolved_at", "text")
    .addPrimaryKeyConstraint("escalations_pk", ["tip_id", "cause"])
    .execute();
  await sql`create index escalations_waiting on escalations (step1_at) where step = 1 and resolved_at is null`.execute(db);
  await db.schema.createIndex("escalations_unit").on("escalations").columns(["unit_code", "step"]).execute();

  const requests = db.schema.createTable("extension_requests");
  await (postgres
    ? requests.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : requests.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()))
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("requester_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("days", "integer", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("previous_deadline_at", "text", (c) => c.notNull())
    .addColumn("deadline_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("note", "text")
    .execute();
  await db.schema.createIndex("extension_requests_tip").on("extension_requests").columns(["tip_id", "status"]).execute();
  // One pending request per tip at a time, whoever files it.
  await sql`create unique index extension_requests_one_pending on extension_requests (tip_id) where status = 'pending'`.execute(db);
  // The predicate is repeated word for word by the scan (SQLite matches partial indexes by the terms' text).
  await sql`create index tips_unclaimed on tips (created_at) where status = 'routed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("tips_unclaimed").execute();
  await db.schema.dropTable("extension_requests").execute();
  await db.schema.dropTable("escalations").execute();
  await db.schema.alterTable("units").dropColumn("unclaimed_hours").execute();
  await db.schema.dropTable("unit_heads").execute();
}
