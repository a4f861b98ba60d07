/**
 * Staff notifications by email (issue 16 item 4; docs/decisions/0073-notification-email.md):
 *
 * - `email_preferences`: one row per user who turned email on — immediate or a daily
 *   digest at a Vietnam hour, quiet hours [from, to) for immediate emails, the language.
 * - `email_preference_kinds`: which kinds of notification the user receives by email.
 * - `notification_emails`: the outbox. A row is written in the same statement batch as
 *   the notification it mails (so both commit or neither) and is worked off by the
 *   worker: `lease_until` keeps two workers from sending it twice, `attempts` and
 *   `retry_at` space out retries, `sent_at` (with `digest_day` for a digest) says it
 *   went — or `outcome` 'dropped' that the user no longer wants it.
 *   `notification_emails_pending` keeps the worker's look-up to the unsent rows.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("email_preferences")
    .addColumn("user_id", "integer", (c) => c.primaryKey().references("users.id"))
    .addColumn("delivery", "text", (c) => c.notNull())
    .addColumn("digest_hour", "integer", (c) => c.notNull())
    .addColumn("quiet_from", "integer")
    .addColumn("quiet_to", "integer")
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("email_preference_kinds")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("email_preference_kinds_pk", ["user_id", "kind"])
    .execute();
  await db.schema
    .createTable("notification_emails")
    .addColumn("notification_id", "integer", (c) => c.primaryKey().references("notifications.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("retry_at", "text")
    .addColumn("lease_until", "text")
    .addColumn("sent_at", "text")
    .addColumn("outcome", "text")
    .addColumn("digest_day", "text")
    .execute();
  await sql`create index notification_emails_pending on notification_emails (user_id) where sent_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notification_emails").execute();
  await db.schema.dropTable("email_preference_kinds").execute();
  await db.schema.dropTable("email_preferences").execute();
}
