/**
 * Hotspot alerts (issue 17 items 2–4; docs/decisions/0070-hotspot-alerts.md):
 *
 * - `hotspot_alerts`: one row per alert — a province, a type of crime, one ward or two
 *   adjacent ones (`wards`: "20275" or "20275,20278", the identity; `ward_code` and
 *   `other_ward_code` for scoping), the day it was raised — with its latest figures, the
 *   last day it was current, and its state (open / handled, by whom, when, a note).
 *   UNIQUE (province_code, category, wards, raised_on): an alert that continues from
 *   one day to the next is the same row, whichever worker writes it.
 * - `hotspot_alert_days`: its evolution, one row per day it was current.
 * - `hotspot_progress`: the last day detection was recorded for each province — a
 *   compare-and-set on it decides which worker records a day (exactly one).
 * - `notifications` may be about an alert instead of a tip: `tip_id` becomes nullable,
 *   `alert_id` is added, and a CHECK demands exactly one subject; UNIQUE (user_id, kind,
 *   alert_id, step) makes an alert's notification happen once, like a tip's.
 *   PostgreSQL alters the table in place; SQLite cannot relax NOT NULL or add a CHECK,
 *   so the table is rebuilt (sqlite.org/lang_altertable.html): foreign keys off, one
 *   transaction, the new table from the current definition changed, rows copied, the old
 *   table dropped, the new one renamed, its indexes re-created from their stored SQL,
 *   `foreign_key_check` clean, foreign keys on.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

const SUBJECT = "notifications_one_subject";
const SUBJECT_CHECK = "check ((tip_id is null and alert_id is not null) or (tip_id is not null and alert_id is null))";

const TIP_ID = '"tip_id" integer references "tips" ("id")';
const ALERT_ID = '"alert_id" integer references "hotspot_alerts" ("id")';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  const alerts = db.schema.createTable("hotspot_alerts");
  await (postgres
    ? alerts.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : alerts.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()))
    .addColumn("province_code", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("wards", "text", (c) => c.notNull())
    .addColumn("ward_code", "text", (c) => c.notNull())
    .addColumn("other_ward_code", "text")
    .addColumn("raised_on", "text", (c) => c.notNull())
    .addColumn("since", "text", (c) => c.notNull())
    .addColumn("last_day", "text", (c) => c.notNull())
    .addColumn("incidents", "integer", (c) => c.notNull())
    .addColumn("expected", "double precision", (c) => c.notNull())
    .addColumn("rise", "double precision", (c) => c.notNull())
    .addColumn("score", "double precision", (c) => c.notNull())
    .addColumn("confidence", "double precision", (c) => c.notNull())
    .addColumn("notified_rise", "double precision")
    .addColumn("state", "text", (c) => c.notNull().defaultTo("open").check(sql`state in ('open', 'handled')`))
    .addColumn("handled_by", "integer", (c) => c.references("users.id"))
    .addColumn("handled_at", "text")
    .addColumn("handled_note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("hotspot_alerts_once", ["province_code", "category", "wards", "raised_on"])
    .execute();
  await db.schema.createIndex("hotspot_alerts_current").on("hotspot_alerts").columns(["province_code", "last_day"]).execute();
  await db.schema.createIndex("hotspot_alerts_ward").on("hotspot_alerts").columns(["ward_code", "last_day"]).execute();
  await db.schema.createIndex("hotspot_alerts_other_ward").on("hotspot_alerts").columns(["other_ward_code", "last_day"]).execute();
  await db.schema
    .createTable("hotspot_alert_days")
    .addColumn("alert_id", "integer", (c) => c.notNull().references("hotspot_alerts.id"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("day_incidents", "integer", (c) => c.notNull())
    .addColumn("incidents", "integer", (c) => c.notNull())
    .addColumn("expected", "double precision", (c) => c.notNull())
    .addColumn("rise", "double precision", (c) => c.notNull())
    .addColumn("score", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("hotspot_alert_days_pk", ["alert_id", "day"])
    .execute();
  await db.schema
    .createTable("hotspot_progress")
    .addColumn("province_code", "text", (c) => c.primaryKey())
    .addColumn("last_day", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  if (postgres) {
    await sql`alter table notifications alter column tip_id drop not null`.execute(db);
    await sql`alter table notifications add column alert_id integer references hotspot_alerts (id)`.execute(db);
    await sql.raw(`alter table notifications add constraint ${SUBJECT} ${SUBJECT_CHECK}`).execute(db);
  } else {
    await rebuildSqliteNotifications(db, (definition) => {
      // The new column goes beside tip_id: column definitions come before the table's constraints.
      const relaxed = definition.replace(/"tip_id" integer not null references "tips" \("id"\)/i, `${TIP_ID}, ${ALERT_ID}`);
      if (relaxed === definition) throw new Error("unexpected notifications definition (tip_id)");
      const end = relaxed.lastIndexOf(")");
      return `${relaxed.slice(0, end)}, constraint ${SUBJECT} ${SUBJECT_CHECK})`;
    });
  }
  await db.schema.createIndex("notifications_alert_once").on("notifications").columns(["user_id", "kind", "alert_id", "step"]).unique().execute();
  await db.schema.createIndex("notifications_alert").on("notifications").columns(["alert_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("notifications_alert").execute();
  await db.schema.dropIndex("notifications_alert_once").execute();
  await db.deleteFrom("notifications").where("tip_id", "is", null).execute();
  if (isPostgres(db)) {
    await sql.raw(`alter table notifications drop constraint ${SUBJECT}`).execute(db);
    await sql`alter table notifications drop column alert_id`.execute(db);
    await sql`alter table notifications alter column tip_id set not null`.execute(db);
  } else {
    await rebuildSqliteNotifications(db, (definition) =>
      definition
        .replace(/,\s*constraint notifications_one_subject check \(.*\)\)\s*$/is, ")")
        .replace(`${TIP_ID}, ${ALERT_ID}`, '"tip_id" integer not null references "tips" ("id")'));
  }
  await db.schema.dropTable("hotspot_progress").execute();
  await db.schema.dropTable("hotspot_alert_days").execute();
  await db.schema.dropTable("hotspot_alerts").execute();
}

/** Rebuilds SQLite's `notifications` with a changed definition, keeping its rows, ids and indexes. */
async function rebuildSqliteNotifications(db: Kysely<any>, change: (definition: string) => string): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      const table = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'notifications'`.execute(trx)).rows[0];
      if (!table) throw new Error("no notifications table");
      const companions = (await sql<{ name: string; sql: string }>`
        select name, sql from sqlite_master where tbl_name = 'notifications' and type in ('index', 'trigger') and sql is not null order by type, name`.execute(trx)).rows
        // Indexes this migration makes itself (down) are dropped before the rebuild.
        .filter((c) => !c.name.startsWith("notifications_alert"));
      const columns = (await sql<{ name: string }>`select name from pragma_table_info('notifications')`.execute(trx)).rows
        .map((c) => `"${c.name}"`)
        .filter((c) => c !== '"alert_id"')
        .join(", ");
      const sequence = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'notifications'`.execute(trx)).rows[0]?.seq ?? null;
      const definition = change(table.sql).replace(/^create table\s+("notifications"|notifications)/i, 'create table "notifications_rebuilt"');
      if (!/^create table "notifications_rebuilt"/i.test(definition)) throw new Error("unexpected notifications definition");
      await sql.raw(definition).execute(trx);
      await sql.raw(`insert into "notifications_rebuilt" (${columns}) select ${columns} from "notifications"`).execute(trx);
      await sql`drop table notifications`.execute(trx);
      await sql`pragma legacy_alter_table = on`.execute(trx);
      await sql`alter table notifications_rebuilt rename to notifications`.execute(trx);
      await sql`pragma legacy_alter_table = off`.execute(trx);
      for (const companion of companions) await sql.raw(companion.sql).execute(trx);
      if (sequence !== null) await sql`update sqlite_sequence set seq = max(seq, ${sequence}) where name = 'notifications'`.execute(trx);
      const broken = (await sql`pragma foreign_key_check`.execute(trx)).rows;
      if (broken.length > 0) throw new Error(`rebuilding notifications would break ${broken.length} foreign keys`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
