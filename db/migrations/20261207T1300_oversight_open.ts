/**
 * Open tips now, per unit and breakdown (docs/decisions/0084-open-tips-now.md):
 *
 * - `oversight_open`: for every key of the rollup's month rows (grain, unit or province
 *   total, organisation, channel, category), the sum of those rows' `open` over the whole
 *   history and their deadlines by day ("day:count,…"), deadlines before
 *   `oversight_state.open_folded_before` added up under "0000-01-01". Kept by the oversight
 *   refresher with the same differences it applies to the months, in the same transaction,
 *   so the dashboards read the open tips older than the last weeks from one row per unit
 *   instead of one per unit and month of the history.
 * - `oversight_state.open_folded_before`: null until the refresher has filled the table
 *   (existing databases: from their month rows, once); the day below which deadlines are
 *   folded.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const table = db.schema
    .createTable("oversight_open")
    .addColumn("grain", "text", (c) => c.notNull())
    .addColumn("unit_code", "text", (c) => c.notNull())
    .addColumn("source_org", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("open", "integer", (c) => c.notNull())
    .addColumn("open_deadlines", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("oversight_open_pk", ["grain", "unit_code", "source_org", "channel", "category"]);
  await (isPostgres(db) ? table : table.modifyEnd(sql`without rowid`)).execute();
  await db.schema.alterTable("oversight_state").addColumn("open_folded_before", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("oversight_state").dropColumn("open_folded_before").execute();
  await db.schema.dropTable("oversight_open").execute();
}
