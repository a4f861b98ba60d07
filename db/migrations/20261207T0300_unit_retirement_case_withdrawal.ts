/**
 * Issue 14 (administrator findings):
 * - units.retired_at / successor_code: a retired unit keeps its code, name and history; its open tips moved to the
 *   successor, and new tips routed to it follow the successor (docs/decisions/0027-unit-rename-and-retirement.md).
 * - cases.withdrawn_at / withdrawn_reason / withdrawn_by: a case entered by mistake is withdrawn, not deleted
 *   (docs/decisions/0029-case-withdrawal-and-group-merge.md).
 * - api_keys.create_token: the one-time token of the form that created the key, so a second submission of the
 *   same form creates nothing (post/redirect/get, docs/decisions/0028-admin-pages.md).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("units").addColumn("retired_at", "text").execute();
  await db.schema.alterTable("units").addColumn("successor_code", "text").execute();
  await db.schema.alterTable("cases").addColumn("withdrawn_at", "text").execute();
  await db.schema.alterTable("cases").addColumn("withdrawn_reason", "text").execute();
  await db.schema.alterTable("cases").addColumn("withdrawn_by", "integer").execute();
  await db.schema.alterTable("api_keys").addColumn("create_token", "text").execute();
  await db.schema.createIndex("api_keys_create_token").unique().on("api_keys").column("create_token").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("api_keys_create_token").execute();
  await db.schema.alterTable("api_keys").dropColumn("create_token").execute();
  await db.schema.alterTable("cases").dropColumn("withdrawn_by").execute();
  await db.schema.alterTable("cases").dropColumn("withdrawn_reason").execute();
  await db.schema.alterTable("cases").dropColumn("withdrawn_at").execute();
  await db.schema.alterTable("units").dropColumn("successor_code").execute();
  await db.schema.alterTable("units").dropColumn("retired_at").execute();
}
