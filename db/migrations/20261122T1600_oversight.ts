/**
 * Oversight summaries (docs/decisions/0031-oversight-rollup.md):
 *
 * - `oversight_rollup`: tips, incidents, valuable tips, time-to-triage bins,
 *   cases, arrests and seizures, per Vietnam calendar day ('d') and month ('m'),
 *   per unit, in five grains (unit alone; with category; with channel; with
 *   source organisation; with all three). "*" stands for a dimension the grain
 *   sums over. On SQLite a WITHOUT ROWID table, stored in key order.
 * - `oversight_dirty`: an append-only log written by triggers whenever a tip,
 *   a case, a case link or a seizure changes, whoever changes it. The
 *   refresher recomputes the days the log names and deletes the rows it read.
 * - `oversight_state`: one row; locking it serialises refreshers, and a null
 *   `rebuilt_at` asks for a full rebuild (existing databases, fresh ones).
 *
 * Open tips are counted per day too (`open`, and `open_deadlines`: how many
 * by the day their deadline ends), so backlog and deadline figures come from
 * the rollup as well. Indexes: a unit's tips by receipt time (drill-down),
 * cases by creation time (the refresher's per-day reads).
 *
 * Frozen in time: imports nothing from the app; SQLite and PostgreSQL differ
 * only in the identity column and trigger syntax.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

const SEIZED = ["guns", "primitive_weapons", "explosives", "drugs_g", "money_vnd", "vehicles", "other"];

/** Columns that change what a tip counts for. */
const TIP_COLUMNS = "unit_code, category, channel, source_org_code, valuable, first_triaged_at, cluster_id, created_at, status, deadline_at";

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  let rollup = db.schema
    .createTable("oversight_rollup")
    .addColumn("grain", "text", (c) => c.notNull())
    .addColumn("res", "text", (c) => c.notNull())
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("unit_code", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("source_org", "text", (c) => c.notNull())
    .addColumn("tips", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("incidents", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("valuable", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("valuable_incidents", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("triaged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("triage_histogram", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("open", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("open_deadlines", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("cases", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("arrests", "integer", (c) => c.notNull().defaultTo(0));
  for (const kind of SEIZED) rollup = rollup.addColumn(`seized_${kind}`, "double precision", (c) => c.notNull().defaultTo(0));
  // Key order: a period is a range of buckets; within it, units, then organisation and channel (the
  // filters that come together: "the Veterans' tips on the web"), then category.
  rollup = rollup.addPrimaryKeyConstraint("oversight_rollup_pk", ["grain", "res", "bucket", "unit_code", "source_org", "channel", "category"]);
  // SQLite: rows stored in key order, so a period is one walk of the table (PostgreSQL reads the key's index).
  await (postgres ? rollup : rollup.modifyEnd(sql`without rowid`)).execute();

  const dirty = db.schema.createTable("oversight_dirty");
  await (postgres
    ? dirty.addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : dirty.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()))
    .addColumn("at", "text")
    .addColumn("tip_id", "integer")
    .addColumn("cluster_id", "integer")
    .addColumn("case_id", "integer")
    .execute();

  await db.schema
    .createTable("oversight_state")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("rebuilt_at", "text")
    .addColumn("refreshed_at", "text")
    .execute();
  await db.insertInto("oversight_state").values({ id: 1, rebuilt_at: null, refreshed_at: null }).execute();

  if (postgres) {
    await sql`create function oversight_tip_changed() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          insert into oversight_dirty (at, tip_id, cluster_id) values (old.created_at, old.id, old.cluster_id);
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into oversight_dirty (at, tip_id, cluster_id) values (new.created_at, new.id, new.cluster_id);
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger oversight_tips_insert_delete after insert or delete on tips
      for each row execute function oversight_tip_changed()`.execute(db);
    await sql.raw(`create trigger oversight_tips_update after update of ${TIP_COLUMNS} on tips
      for each row execute function oversight_tip_changed()`).execute(db);

    await sql`create function oversight_case_changed() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then insert into oversight_dirty (at, case_id) values (old.created_at, old.id); end if;
        if tg_op in ('INSERT', 'UPDATE') then insert into oversight_dirty (at, case_id) values (new.created_at, new.id); end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger oversight_cases after insert or update or delete on cases
      for each row execute function oversight_case_changed()`.execute(db);

    await sql`create function oversight_case_link_changed() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then insert into oversight_dirty (tip_id, case_id) values (old.tip_id, old.case_id);
        else insert into oversight_dirty (tip_id, case_id) values (new.tip_id, new.case_id); end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger oversight_case_tips after insert or update or delete on case_tips
      for each row execute function oversight_case_link_changed()`.execute(db);

    await sql`create function oversight_seizure_changed() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then insert into oversight_dirty (case_id) values (old.case_id); end if;
        if tg_op in ('INSERT', 'UPDATE') then insert into oversight_dirty (case_id) values (new.case_id); end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger oversight_case_seizures after insert or update or delete on case_seizures
      for each row execute function oversight_seizure_changed()`.execute(db);
  } else {
    const log = "insert into oversight_dirty (at, tip_id, cluster_id, case_id) values";
    await sql.raw(`create trigger oversight_tips_insert after insert on tips
      begin ${log} (new.created_at, new.id, new.cluster_id, null); end`).execute(db);
    await sql.raw(`create trigger oversight_tips_update after update of ${TIP_COLUMNS} on tips
      begin ${log} (old.created_at, old.id, old.cluster_id, null), (new.created_at, new.id, new.cluster_id, null); end`).execute(db);
    await sql.raw(`create trigger oversight_tips_delete after delete on tips
      begin ${log} (old.created_at, old.id, old.cluster_id, null); end`).execute(db);
    await sql.raw(`create trigger oversight_cases_insert after insert on cases
      begin ${log} (new.created_at, null, null, new.id); end`).execute(db);
    await sql.raw(`create trigger oversight_cases_update after update on cases
      begin ${log} (old.created_at, null, null, old.id), (new.created_at, null, null, new.id); end`).execute(db);
    await sql.raw(`create trigger oversight_cases_delete after delete on cases
      begin ${log} (old.created_at, null, null, old.id); end`).execute(db);
    await sql.raw(`create trigger oversight_case_tips_insert after insert on case_tips
      begin ${log} (null, new.tip_id, null, new.case_id); end`).execute(db);
    await sql.raw(`create trigger oversight_case_tips_delete after delete on case_tips
      begin ${log} (null, old.tip_id, null, old.case_id); end`).execute(db);
    await sql.raw(`create trigger oversight_case_seizures_insert after insert on case_seizures
      begin ${log} (null, null, null, new.case_id); end`).execute(db);
    await sql.raw(`create trigger oversight_case_seizures_update after update on case_seizures
      begin ${log} (null, null, null, old.case_id), (null, null, null, new.case_id); end`).execute(db);
    await sql.raw(`create trigger oversight_case_seizures_delete after delete on case_seizures
      begin ${log} (null, null, null, old.case_id); end`).execute(db);
  }

  await db.schema.createIndex("tips_unit_created").on("tips").columns(["unit_code", "created_at", "id"]).execute();
  await db.schema.createIndex("cases_created").on("cases").columns(["created_at", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("cases_created").execute();
  await db.schema.dropIndex("tips_unit_created").execute();
  if (isPostgres(db)) {
    await sql`drop trigger oversight_case_seizures on case_seizures`.execute(db);
    await sql`drop trigger oversight_case_tips on case_tips`.execute(db);
    await sql`drop trigger oversight_cases on cases`.execute(db);
    await sql`drop trigger oversight_tips_update on tips`.execute(db);
    await sql`drop trigger oversight_tips_insert_delete on tips`.execute(db);
    for (const fn of ["oversight_seizure_changed", "oversight_case_link_changed", "oversight_case_changed", "oversight_tip_changed"]) {
      await sql.raw(`drop function ${fn}()`).execute(db);
    }
  } else {
    for (const trigger of [
      "oversight_case_seizures_delete", "oversight_case_seizures_update", "oversight_case_seizures_insert",
      "oversight_case_tips_delete", "oversight_case_tips_insert", "oversight_cases_delete", "oversight_cases_update",
      "oversight_cases_insert", "oversight_tips_delete", "oversight_tips_update", "oversight_tips_insert",
    ]) {
      await sql.raw(`drop trigger ${trigger}`).execute(db);
    }
  }
  await db.schema.dropTable("oversight_state").execute();
  await db.schema.dropTable("oversight_dirty").execute();
  await db.schema.dropTable("oversight_rollup").execute();
}
