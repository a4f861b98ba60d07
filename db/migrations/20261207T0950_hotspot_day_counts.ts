/**
 * Incidents per day, ward and type for hotspot detection (docs/decisions/0077-hotspots-at-scale.md):
 *
 * - `hotspot_day_counts`: the distinct incidents (a duplicate cluster once, on its first
 *   report's receipt day, ward and type) of each Vietnam day in each ward of a province;
 *   only cells above zero are stored. Kept by the oversight refresher (db/queries/summaries.ts)
 *   from the same change log and the same reads as `oversight_rollup`, so merges and splits
 *   move it like they move the oversight figures. Key order (province, day, ward, type): a
 *   province's history is one range of the key; on SQLite a WITHOUT ROWID table, stored in
 *   that order.
 * - The tips update trigger also logs a change of `ward_code` (a tip placed in another ward
 *   without changing unit moves a hotspot count, and no oversight figure).
 * - `oversight_state.rebuilt_at` is cleared, so the next refresh rebuilds the rollup and
 *   fills the new table from the tips already stored.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

const OLD_COLUMNS = "unit_code, category, channel, source_org_code, valuable, first_triaged_at, cluster_id, created_at, status, deadline_at";
const NEW_COLUMNS = `${OLD_COLUMNS}, ward_code`;

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

async function tipsUpdateTrigger(db: Kysely<any>, columns: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger oversight_tips_update on tips`.execute(db);
    await sql.raw(`create trigger oversight_tips_update after update of ${columns} on tips
      for each row execute function oversight_tip_changed()`).execute(db);
  } else {
    await sql`drop trigger oversight_tips_update`.execute(db);
    await sql.raw(`create trigger oversight_tips_update after update of ${columns} on tips
      begin insert into oversight_dirty (at, tip_id, cluster_id, case_id) values
        (old.created_at, old.id, old.cluster_id, null), (new.created_at, new.id, new.cluster_id, null); end`).execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const table = db.schema
    .createTable("hotspot_day_counts")
    .addColumn("province_code", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("ward_code", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("incidents", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("hotspot_day_counts_pk", ["province_code", "day", "ward_code", "category"]);
  await (isPostgres(db) ? table : table.modifyEnd(sql`without rowid`)).execute();
  await tipsUpdateTrigger(db, NEW_COLUMNS);
  await db.updateTable("oversight_state").set({ rebuilt_at: null }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await tipsUpdateTrigger(db, OLD_COLUMNS);
  await db.schema.dropTable("hotspot_day_counts").execute();
}
