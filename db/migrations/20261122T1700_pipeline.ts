/**
 * The pipeline's candidate index. Duplicates must share a ward (or have map
 * points within 1 km, which puts them in the same or a neighbouring ward), a
 * compatible category and a time window, so (ward, category, time) is the
 * index that bounds the candidates whatever the size of the history
 * (docs/decisions/0004-dedupe-candidates.md). `dedupe_at` is the incident time,
 * or the receipt time when the tipster gave none.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tips").addColumn("dedupe_at", "text").execute();
  await db.schema.createIndex("tips_dedupe").on("tips").columns(["ward_code", "category", "dedupe_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("tips_dedupe").execute();
  await db.schema.alterTable("tips").dropColumn("dedupe_at").execute();
}
