/**
 * A national supervisor (issue 19 item 2; docs/decisions/0078-national-scope-and-operations.md):
 * `scope_national` = 1 gives a supervisor every province — the Ministry's view. Such a
 * supervisor has no province_code and no user_units; every other account keeps 0.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("scope_national", "integer", (c) => c.notNull().defaultTo(sql`0`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("scope_national").execute();
}
