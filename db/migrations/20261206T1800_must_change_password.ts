/**
 * A password an administrator handed out (a new account's, or a reset's) must be
 * changed at the first sign-in: `must_change_password` is 1 until it is
 * (issue 18, item 7). Existing accounts keep theirs.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("must_change_password", "integer", (c) => c.notNull().defaultTo(sql`0`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("must_change_password").execute();
}
