/**
 * `scan_marks`: how far a periodic scan has looked (docs/decisions/0081-scan-marks.md).
 * One row per scan: `looked_to` is the bound below which the scan has dealt with every
 * row — for the deadline scans, every deadline before it. The next run reads only what
 * crossed the bound since (less a margin), so a minute's scan costs what a minute
 * brings, not what the history holds.
 *
 * Frozen in time: imports nothing from the app.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("scan_marks")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("looked_to", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("scan_marks").execute();
}
