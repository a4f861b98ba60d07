/**
 * A gazetteer of places (issue 12, item 4): landmarks and streets per province —
 * markets, schools, hospitals, stations, industrial parks, beaches, bridges,
 * pagodas, churches, tourist sites, streets — each with the current ward(s) it
 * lies in. A street that crosses several wards lists them all; the resolver then
 * keeps them as candidates rather than guessing.
 *
 * `place_suggestions` holds what the duty desk learned (item 5): when an officer
 * routes an unplaced tip to a ward, the place phrase of its address is offered
 * here, and an administrator accepts (creating or extending a place) or rejects it.
 * One pending suggestion per (province, folded phrase, ward): a partial unique
 * index, which SQLite and PostgreSQL both support.
 *
 * JSON arrays are stored as text (docs/decisions/0002-portable-schema.md).
 */
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, PostgresAdapter, sql } from "kysely";

type AnyTable = CreateTableBuilder<string, never>;

function withId(db: Kysely<any>, table: AnyTable): AnyTable {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? table.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
}

const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

export const PLACE_KINDS_AT_MIGRATION = [
  "market", "school", "hospital", "station", "industrial-park", "beach", "bridge", "pagoda", "church", "tourist",
  "street", "other",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const kinds = PLACE_KINDS_AT_MIGRATION.map((k) => `'${k}'`).join(", ");
  await withId(db, db.schema.createTable("places"))
    .addColumn("province_code", "text", notNull)
    .addColumn("name", "text", notNull)
    .addColumn("name_folded", "text", notNull)
    .addColumn("kind", "text", (c) => c.notNull().check(sql.raw(`kind in (${kinds})`)))
    .addColumn("ward_codes", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("aliases", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("source", "text", notNull)
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", notNull)
    .addColumn("updated_at", "text", notNull)
    .execute();
  await db.schema.createIndex("places_province_name").on("places").columns(["province_code", "name_folded"]).execute();

  await withId(db, db.schema.createTable("place_suggestions"))
    .addColumn("province_code", "text", notNull)
    .addColumn("phrase", "text", notNull)
    .addColumn("phrase_folded", "text", notNull)
    .addColumn("ward_code", "text", (c) => c.notNull().references("units.code"))
    .addColumn("tip_id", "integer", (c) => c.references("tips.id").onDelete("set null"))
    .addColumn("suggested_by", "integer", (c) => c.references("users.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'accepted', 'rejected')`))
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("place_id", "integer", (c) => c.references("places.id"))
    .addColumn("created_at", "text", notNull)
    .addColumn("decided_at", "text")
    .execute();
  await db.schema
    .createIndex("place_suggestions_pending")
    .on("place_suggestions")
    .columns(["province_code", "phrase_folded", "ward_code"])
    .unique()
    .where(sql.ref("status"), "=", "pending")
    .execute();
  await db.schema.createIndex("place_suggestions_status").on("place_suggestions").columns(["status", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("place_suggestions").execute();
  await db.schema.dropTable("places").execute();
}
