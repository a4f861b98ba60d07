/**
 * Notifications by email (docs/decisions/0073-notification-email.md): a user's
 * choices, and the outbox the worker works off. Outbox rows are written with their
 * notification (notifications.ts queueNotificationEmails); here they are found,
 * leased (one worker sends a row at a time), marked sent or dropped, or put off after
 * a failed send. Times are passed in, never read from the clock here.
 */
import type { Kysely } from "kysely";
import type { EmailPreferences } from "../../domain/notification-email";
import { isNotificationKind, type NotificationKind } from "../../domain/notifications";
import type { Database } from "../schema";

/** The user's choices, or null if they never turned email on. */
export async function findEmailPreferences(db: Kysely<Database>, userId: number): Promise<EmailPreferences | null> {
  const row = await db.selectFrom("email_preferences").selectAll().where("user_id", "=", userId).executeTakeFirst();
  if (!row) return null;
  const kinds = await db.selectFrom("email_preference_kinds").select("kind").where("user_id", "=", userId).orderBy("kind").execute();
  return {
    kinds: kinds.map((k) => k.kind).filter(isNotificationKind),
    delivery: row.delivery,
    digestHour: row.digest_hour,
    quiet: row.quiet_from !== null && row.quiet_to !== null ? { from: row.quiet_from, to: row.quiet_to } : null,
    language: row.language,
  };
}

/** Replaces the user's choices (no kinds = in-app only). */
export async function saveEmailPreferences(db: Kysely<Database>, userId: number, prefs: EmailPreferences, at: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = {
      delivery: prefs.delivery, digest_hour: prefs.digestHour, quiet_from: prefs.quiet?.from ?? null, quiet_to: prefs.quiet?.to ?? null,
      language: prefs.language, updated_at: at,
    };
    await trx.insertInto("email_preferences").values({ user_id: userId, ...row })
      .onConflict((oc) => oc.column("user_id").doUpdateSet(row))
      .execute();
    await trx.deleteFrom("email_preference_kinds").where("user_id", "=", userId).execute();
    if (prefs.kinds.length > 0) {
      await trx.insertInto("email_preference_kinds").values([...new Set(prefs.kinds)].map((kind) => ({ user_id: userId, kind }))).execute();
    }
  });
}

export interface PendingEmail {
  notificationId: number;
  userId: number;
  kind: NotificationKind;
  tipId: number;
  createdAt: string;
  attempts: number;
  /** Where and how to send; null when the user is disabled, has no address, or no longer wants this kind. */
  recipient: { email: string; prefs: EmailPreferences } | null;
}

/**
 * Unsent outbox rows free to work on at `now` (not leased, not waiting for a retry),
 * with their recipients' current choices, by notification id after `afterId` (keyset
 * pages: rows waiting for a digest must not hide those due). Reads notification_emails_pending.
 */
export async function findPendingEmails(db: Kysely<Database>, now: string, page: { limit: number; afterId: number }): Promise<PendingEmail[]> {
  const rows = await db
    .selectFrom("notification_emails")
    .innerJoin("notifications", "notifications.id", "notification_emails.notification_id")
    .innerJoin("users", "users.id", "notification_emails.user_id")
    .leftJoin("email_preferences", "email_preferences.user_id", "notification_emails.user_id")
    .leftJoin("email_preference_kinds", (join) => join
      .onRef("email_preference_kinds.user_id", "=", "notification_emails.user_id")
      .onRef("email_preference_kinds.kind", "=", "notifications.kind"))
    .select([
      "notification_emails.notification_id", "notification_emails.user_id", "notifications.kind", "notifications.tip_id",
      "notification_emails.created_at", "notification_emails.attempts", "users.email", "users.disabled",
      "email_preferences.delivery", "email_preferences.digest_hour", "email_preferences.quiet_from", "email_preferences.quiet_to",
      "email_preferences.language", "email_preference_kinds.kind as chosen",
    ])
    .where("notification_emails.sent_at", "is", null)
    .where((eb) => eb.or([eb("notification_emails.retry_at", "is", null), eb("notification_emails.retry_at", "<=", now)]))
    .where((eb) => eb.or([eb("notification_emails.lease_until", "is", null), eb("notification_emails.lease_until", "<=", now)]))
    .where("notification_emails.notification_id", ">", page.afterId)
    .orderBy("notification_emails.notification_id")
    .limit(page.limit)
    .execute();
  return rows.flatMap((r) => {
    // Only notifications about a tip are emailed (EMAILED_KINDS); an alert never enters the outbox.
    if (!isNotificationKind(r.kind) || r.tip_id === null) return [];
    const wanted = r.chosen !== null && r.delivery !== null && r.disabled === 0 && r.email.includes("@");
    return [{
      notificationId: r.notification_id, userId: r.user_id, kind: r.kind, tipId: r.tip_id, createdAt: r.created_at, attempts: r.attempts,
      recipient: wanted ? {
        email: r.email,
        prefs: {
          kinds: [r.kind], delivery: r.delivery!, digestHour: r.digest_hour!, language: r.language!,
          quiet: r.quiet_from !== null && r.quiet_to !== null ? { from: r.quiet_from, to: r.quiet_to } : null,
        },
      } : null,
    }];
  });
}

/**
 * Takes the rows for one send until `until`; returns those this caller got (another
 * worker may hold some). A row whose worker died is free again once its lease ends.
 */
export async function leaseEmails(db: Kysely<Database>, notificationIds: number[], now: string, until: string): Promise<number[]> {
  if (notificationIds.length === 0) return [];
  const rows = await db
    .updateTable("notification_emails")
    .set((eb) => ({ lease_until: until, attempts: eb("attempts", "+", 1) }))
    .where("notification_id", "in", notificationIds)
    .where("sent_at", "is", null)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", now)]))
    .returning("notification_id")
    .execute();
  return rows.map((r) => r.notification_id);
}

/** The send succeeded (`digestDay`: the Vietnam day of the digest it went in), or the user no longer wants it. */
export async function finishEmails(db: Kysely<Database>, notificationIds: number[], at: string, outcome: "sent" | "dropped", digestDay: string | null = null): Promise<void> {
  if (notificationIds.length === 0) return;
  await db.updateTable("notification_emails")
    .set({ sent_at: at, outcome, digest_day: digestDay, lease_until: null, retry_at: null })
    .where("notification_id", "in", notificationIds)
    .where("sent_at", "is", null)
    .execute();
}

/** The send failed: free the rows and try again at `retryAt`. */
export async function putOffEmails(db: Kysely<Database>, notificationIds: number[], retryAt: string): Promise<void> {
  if (notificationIds.length === 0) return;
  await db.updateTable("notification_emails")
    .set({ lease_until: null, retry_at: retryAt })
    .where("notification_id", "in", notificationIds)
    .where("sent_at", "is", null)
    .execute();
}
