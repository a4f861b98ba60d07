/**
 * A second factor for staff (issue 18, item 12; docs/decisions/0043-second-factor.md):
 *
 * - `users.totp_secret_enc`: the TOTP secret sealed with DATA_KEY (AES-256-GCM);
 *   `users.totp_enabled_at`: set once the user confirmed a code (null while enrolling);
 *   `users.totp_last_step`: the last 30-second step whose code was accepted, so the
 *   same code (or an older one) is refused;
 *   `users.totp_required`: an administrator turned the second factor on for this officer.
 * - `sessions.second_factor_at`: when this session passed the second factor (null: the
 *   password alone; the session is not full for a user who needs a second factor).
 * - `recovery_codes`: single-use codes, HMAC-SHA256 under a key derived from DATA_KEY.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable("users").addColumn("totp_secret_enc", "text").execute();
  await db.schema.alterTable("users").addColumn("totp_enabled_at", "text").execute();
  await db.schema.alterTable("users").addColumn("totp_last_step", "integer").execute();
  await db.schema.alterTable("users").addColumn("totp_required", "integer", (c) => c.notNull().defaultTo(sql`0`)).execute();
  await db.schema.alterTable("sessions").addColumn("second_factor_at", "text").execute();

  const codes = db.schema.createTable("recovery_codes");
  await (postgres
    ? codes.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : codes.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("recovery_codes_user").on("recovery_codes").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("recovery_codes").execute();
  await db.schema.alterTable("sessions").dropColumn("second_factor_at").execute();
  for (const column of ["totp_required", "totp_last_step", "totp_enabled_at", "totp_secret_enc"]) {
    await db.schema.alterTable("users").dropColumn(column).execute();
  }
}
