/**
 * The valuable ratio counts over assessed tips (docs/decisions/0033-oversight-walkthrough.md):
 * the rollup keeps, per cell, the tips assessed (valuable = 0 or 1) and the
 * incidents assessed (a valuable tip, or every tip assessed). Existing rows
 * cannot be patched in SQL (an incident's state needs its whole cluster), so
 * the migration clears `rebuilt_at`: the next refresh rebuilds the rollup
 * (0031), which `oversight rebuild` can also do ahead of the first page view.
 * The triggers already log changes to `valuable`.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("oversight_rollup").addColumn("assessed", "integer", (c) => c.notNull().defaultTo(sql`0`)).execute();
  await db.schema.alterTable("oversight_rollup").addColumn("assessed_incidents", "integer", (c) => c.notNull().defaultTo(sql`0`)).execute();
  await db.updateTable("oversight_state").set({ rebuilt_at: null }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("oversight_rollup").dropColumn("assessed_incidents").execute();
  await db.schema.alterTable("oversight_rollup").dropColumn("assessed").execute();
  await db.updateTable("oversight_state").set({ rebuilt_at: null }).execute();
}
