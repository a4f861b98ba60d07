/**
 * Staff notifications (issue 16; docs/decisions/0065-notifications.md):
 *
 * - `notifications`: one row per recipient officer — what happened (`kind`) to
 *   which tip, in which unit, when, and when the officer read it. UNIQUE
 *   (user_id, kind, tip_id, step) makes every event happen once, however many
 *   processes try (insert … on conflict do nothing). No text of the tip.
 * - `reminder_steps`: each (tip, reminder kind, deadline) the scan has dealt with, told
 *   anyone or not (a unit without officers): the scan's own once-only key, and what
 *   keeps it from looking at the same overdue tips every minute.
 * - `tips_open_deadline`: the reminder scan reads open tips by deadline from this
 *   partial index instead of scanning every tip ever received.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const table = db.schema.createTable("notifications");
  await (postgres
    ? table.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("unit_code", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("step", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .addUniqueConstraint("notifications_once", ["user_id", "kind", "tip_id", "step"])
    .execute();
  await db.schema.createIndex("notifications_user").on("notifications").columns(["user_id", "id"]).execute();
  await db.schema.createIndex("notifications_unread").on("notifications").columns(["user_id", "read_at"]).execute();
  await db.schema.createIndex("notifications_tip").on("notifications").columns(["tip_id"]).execute();
  await db.schema
    .createTable("reminder_steps")
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("step", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("reminder_steps_pk", ["tip_id", "kind", "step"])
    .execute();
  // The predicate is repeated word for word by the scan (SQLite matches partial indexes by the terms' text).
  await sql`create index tips_open_deadline on tips (deadline_at) where status <> 'closed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("tips_open_deadline").execute();
  await db.schema.dropTable("reminder_steps").execute();
  await db.schema.dropTable("notifications").execute();
}
