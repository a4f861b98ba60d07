/**
 * Identifiers found in tips' text (domain/entities.ts): one row per tip and
 * entity, indexed by (kind, value) so "which tips name this account" is one
 * index range (docs/decisions/0035). Written by the pipeline in the same
 * transaction as the tip's placement; deleted with the tip's content by
 * retention. `tips.own_contact` holds salted hashes of the values that are the
 * reporter's own contact (compared at intake, before the identity is sealed),
 * so the pipeline can leave them out without a clear phone ever being stored.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tip_entities")
    .addColumn("tip_id", "integer", (col) => col.notNull().references("tips.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("value", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("tip_entities_pk", ["tip_id", "kind", "value"])
    .execute();
  await db.schema.createIndex("tip_entities_value").on("tip_entities").columns(["kind", "value", "tip_id"]).execute();
  await db.schema.alterTable("tips").addColumn("own_contact", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tips").dropColumn("own_contact").execute();
  await db.schema.dropIndex("tip_entities_value").execute();
  await db.schema.dropTable("tip_entities").execute();
}
