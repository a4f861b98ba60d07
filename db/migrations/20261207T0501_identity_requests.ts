/**
 * Identity disclosure with a second person (issue 18, item 13;
 * docs/decisions/0044-identity-requests.md):
 *
 * - `users.identity_custodian`: an administrator granted this user the right to
 *   approve or refuse identity requests (for the units of their province).
 * - `identity_requests`: an officer's request to see a tipster's details, with its
 *   reason; a custodian's decision (approved/refused) and note; while approved, the
 *   details show to the requester until `expires_at`.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable("users").addColumn("identity_custodian", "integer", (c) => c.notNull().defaultTo(sql`0`)).execute();

  const requests = db.schema.createTable("identity_requests");
  await (postgres
    ? requests.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : requests.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()))
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("requester_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("note", "text")
    .addColumn("expires_at", "text")
    .execute();
  await db.schema.createIndex("identity_requests_tip").on("identity_requests").columns(["tip_id", "requester_id"]).execute();
  await db.schema.createIndex("identity_requests_status").on("identity_requests").columns(["status", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("identity_requests").execute();
  await db.schema.alterTable("users").dropColumn("identity_custodian").execute();
}
