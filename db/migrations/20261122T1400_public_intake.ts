/**
 * Public intake (docs/decisions/0011-follow-up-sessions.md, 0012-partner-api.md):
 *
 * - `receipt_sessions`: a follow-up session opened with a receipt. The cookie holds
 *   a random token; this table holds only its SHA-256 and the tip it opens, and the
 *   row expires after 20 minutes without use.
 * - an index on `idempotency_keys.created_at`, so expired keys (and the sealed
 *   responses they hold) are purged with an index range read.
 *
 * Frozen in time: imports nothing from the app; runs on SQLite and PostgreSQL alike.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("receipt_sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("receipt_sessions_expires").on("receipt_sessions").column("expires_at").execute();
  await db.schema.createIndex("idempotency_keys_created").on("idempotency_keys").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("idempotency_keys_created").execute();
  await db.schema.dropTable("receipt_sessions").execute();
}
