/**
 * The first schema. Frozen in time: it imports nothing from the app and runs on
 * SQLite and PostgreSQL alike (identity columns are the only dialect difference).
 */
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, PostgresAdapter } from "kysely";

type AnyTable = CreateTableBuilder<string, never>;

function withId(db: Kysely<any>, table: AnyTable): AnyTable {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? table.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
}

const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("units")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", notNull)
    .addColumn("name_folded", "text", notNull)
    .addColumn("level", "text", notNull)
    .addColumn("parent_code", "text")
    .addColumn("province_code", "text", notNull)
    .addColumn("boundary", "text")
    .addColumn("min_lng", "double precision")
    .addColumn("min_lat", "double precision")
    .addColumn("max_lng", "double precision")
    .addColumn("max_lat", "double precision")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("units_province").on("units").columns(["province_code", "level"]).execute();

  await withId(db, db.schema.createTable("ward_mappings"))
    .addColumn("old_ward_code", "text")
    .addColumn("old_ward_name", "text", notNull)
    .addColumn("old_ward_folded", "text", notNull)
    .addColumn("old_district_name", "text")
    .addColumn("old_district_folded", "text", notNull)
    .addColumn("old_province_name", "text")
    .addColumn("old_province_folded", "text", notNull)
    .addColumn("new_ward_code", "text", (c) => c.notNull().references("units.code"))
    .execute();
  await db.schema
    .createIndex("ward_mappings_identity")
    .on("ward_mappings")
    .columns(["old_ward_folded", "old_district_folded", "old_province_folded", "new_ward_code"])
    .unique()
    .execute();
  await db.schema.createIndex("ward_mappings_new").on("ward_mappings").column("new_ward_code").execute();

  await db.schema
    .createTable("categories")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("label_vi", "text", notNull)
    .addColumn("label_en", "text", notNull)
    .addColumn("description_vi", "text", notNull)
    .addColumn("description_en", "text", notNull)
    .addColumn("sort_order", "integer", notNull)
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("source_orgs")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name_vi", "text", notNull)
    .addColumn("name_en", "text", notNull)
    .addColumn("kind", "text", notNull)
    .addColumn("province_code", "text")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", notNull)
    .execute();

  await withId(db, db.schema.createTable("clusters"))
    .addColumn("created_at", "text", notNull)
    .addColumn("size", "integer", notNull)
    .addColumn("merged_into", "integer")
    .execute();

  await withId(db, db.schema.createTable("api_keys"))
    .addColumn("name", "text", notNull)
    .addColumn("channel", "text", notNull)
    .addColumn("prefix", "text", notNull)
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("rate_limit_per_min", "integer", notNull)
    .addColumn("created_at", "text", notNull)
    .addColumn("revoked_at", "text")
    .execute();

  await withId(db, db.schema.createTable("users"))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", notNull)
    .addColumn("password_hash", "text", notNull)
    .addColumn("role", "text", notNull)
    .addColumn("province_code", "text")
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("failed_logins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "text")
    .addColumn("created_at", "text", notNull)
    .execute();

  await db.schema
    .createTable("user_units")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("unit_code", "text", (c) => c.notNull().references("units.code"))
    .addPrimaryKeyConstraint("user_units_pk", ["user_id", "unit_code"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", notNull)
    .addColumn("last_seen_at", "text", notNull)
    .addColumn("expires_at", "text", notNull)
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await withId(db, db.schema.createTable("tips"))
    .addColumn("receipt_hash", "text", (c) => c.notNull().unique())
    .addColumn("external_ref", "text")
    .addColumn("channel", "text", notNull)
    .addColumn("api_key_id", "integer", (c) => c.references("api_keys.id"))
    .addColumn("category", "text", (c) => c.notNull().references("categories.code"))
    .addColumn("description", "text", notNull)
    .addColumn("description_folded", "text", notNull)
    .addColumn("occurred_at", "text")
    .addColumn("occurred_precision", "text", notNull)
    .addColumn("location_kind", "text", notNull)
    .addColumn("location_ward_code", "text")
    .addColumn("location_address", "text")
    .addColumn("location_lat", "double precision")
    .addColumn("location_lng", "double precision")
    .addColumn("location_province_code", "text")
    .addColumn("reporter_enc", "text")
    .addColumn("source_org_code", "text", (c) => c.references("source_orgs.code"))
    .addColumn("status", "text", notNull)
    .addColumn("valuable", "integer")
    .addColumn("valuable_reason", "text")
    .addColumn("ward_code", "text")
    .addColumn("resolve_method", "text")
    .addColumn("resolve_confidence", "double precision")
    .addColumn("resolve_candidates", "text")
    .addColumn("unit_code", "text", (c) => c.references("units.code"))
    .addColumn("cluster_id", "integer", (c) => c.references("clusters.id"))
    .addColumn("claimed_by", "integer", (c) => c.references("users.id"))
    .addColumn("claimed_at", "text")
    .addColumn("deadline_at", "text", notNull)
    .addColumn("first_triaged_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("created_at", "text", notNull)
    .addColumn("updated_at", "text", notNull)
    .addColumn("enqueued_at", "text")
    .addColumn("processed_at", "text")
    .addColumn("purged_at", "text")
    .execute();
  // The outbox sweep looks for tips not yet through the pipeline.
  await db.schema.createIndex("tips_status_enqueued").on("tips").columns(["status", "enqueued_at"]).execute();
  // A unit's queue, newest first, keyset-paginated by id.
  await db.schema.createIndex("tips_unit_status").on("tips").columns(["unit_code", "status", "id"]).execute();
  await db.schema.createIndex("tips_cluster").on("tips").column("cluster_id").execute();
  await db.schema.createIndex("tips_created").on("tips").columns(["created_at", "id"]).execute();
  await db.schema.createIndex("tips_external_ref").on("tips").columns(["api_key_id", "external_ref"]).execute();

  await withId(db, db.schema.createTable("tip_messages"))
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("at", "text", notNull)
    .addColumn("author", "text", notNull)
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("body", "text", notNull)
    .execute();
  await db.schema.createIndex("tip_messages_tip").on("tip_messages").columns(["tip_id", "id"]).execute();

  await withId(db, db.schema.createTable("tip_photos"))
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("message_id", "integer", (c) => c.references("tip_messages.id"))
    .addColumn("file_name", "text", (c) => c.notNull().unique())
    .addColumn("mime", "text", notNull)
    .addColumn("width", "integer", notNull)
    .addColumn("height", "integer", notNull)
    .addColumn("bytes", "integer", notNull)
    .addColumn("created_at", "text", notNull)
    .execute();
  await db.schema.createIndex("tip_photos_tip").on("tip_photos").column("tip_id").execute();

  await withId(db, db.schema.createTable("tip_events"))
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("at", "text", notNull)
    .addColumn("actor_kind", "text", notNull)
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("type", "text", notNull)
    .addColumn("data", "text", notNull)
    .addColumn("prev_hash", "text")
    .addColumn("hash", "text", notNull)
    .execute();
  await db.schema.createIndex("tip_events_tip").on("tip_events").columns(["tip_id", "id"]).execute();

  await db.schema
    .createTable("tip_copies")
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("unit_code", "text", (c) => c.notNull().references("units.code"))
    .addColumn("reason", "text", notNull)
    .addColumn("created_at", "text", notNull)
    .addPrimaryKeyConstraint("tip_copies_pk", ["tip_id", "unit_code"])
    .execute();
  await db.schema.createIndex("tip_copies_unit").on("tip_copies").columns(["unit_code", "tip_id"]).execute();

  await withId(db, db.schema.createTable("routing_rules"))
    .addColumn("province_code", "text", notNull)
    .addColumn("category", "text", (c) => c.notNull().references("categories.code"))
    .addColumn("unit_code", "text", (c) => c.notNull().references("units.code"))
    .addColumn("mode", "text", notNull)
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", notNull)
    .execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("api_key_id", "integer", (c) => c.notNull().references("api_keys.id"))
    .addColumn("key", "text", notNull)
    .addColumn("status", "integer", notNull)
    .addColumn("body", "text", notNull)
    .addColumn("created_at", "text", notNull)
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["api_key_id", "key"])
    .execute();

  await withId(db, db.schema.createTable("cases"))
    .addColumn("unit_code", "text", (c) => c.notNull().references("units.code"))
    .addColumn("number", "text", notNull)
    .addColumn("title", "text", notNull)
    .addColumn("category", "text", (c) => c.notNull().references("categories.code"))
    .addColumn("decision", "text")
    .addColumn("decision_date", "text")
    .addColumn("arrests", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("arrested_at", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", notNull)
    .addColumn("updated_at", "text", notNull)
    .execute();
  await db.schema.createIndex("cases_unit_number").on("cases").columns(["unit_code", "number"]).unique().execute();

  await db.schema
    .createTable("case_tips")
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("created_at", "text", notNull)
    .addPrimaryKeyConstraint("case_tips_pk", ["case_id", "tip_id"])
    .execute();
  await db.schema.createIndex("case_tips_tip").on("case_tips").column("tip_id").execute();

  await withId(db, db.schema.createTable("case_seizures"))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("kind", "text", notNull)
    .addColumn("quantity", "double precision", notNull)
    .addColumn("note", "text")
    .execute();
  await db.schema.createIndex("case_seizures_case").on("case_seizures").column("case_id").execute();

  await withId(db, db.schema.createTable("audit_log"))
    .addColumn("at", "text", notNull)
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("type", "text", notNull)
    .addColumn("data", "text", notNull)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "audit_log", "case_seizures", "case_tips", "cases", "idempotency_keys", "routing_rules",
    "tip_copies", "tip_events", "tip_photos", "tip_messages", "tips", "sessions", "user_units",
    "users", "api_keys", "clusters", "source_orgs", "categories", "ward_mappings", "units",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
