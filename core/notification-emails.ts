/**
 * Delivering notification emails, the operation (issue 16 item 4;
 * docs/decisions/0073-notification-email.md). The worker's email job calls
 * `deliverDueEmails` every half minute: it reads the outbox, drops what the user no
 * longer wants, and sends what is due — one email per user and run (normally one
 * event; those that waited out quiet hours together; or the day's digest). A row is
 * leased before its send and marked sent after, so two workers never send it twice;
 * a failed send frees it to be retried with growing delays, never lost.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { findPendingEmails, finishEmails, leaseEmails, putOffEmails, type PendingEmail } from "../db/queries/email-notifications";
import type { Database } from "../db/schema";
import { composeNotificationEmail, emailDueAt, emailRetryDelayMs } from "../domain/notification-email";
import { vietnamDay } from "../domain/vietnam-time";
import type { Mailer } from "./platform/mailer";

export interface EmailDeliveryContext {
  db: Kysely<Database>;
  mailer: Mailer;
  /** PUBLIC_URL: the links in the emails. */
  baseUrl: string;
}

export interface DeliveryResult {
  emails: number;
  sent: number;
  dropped: number;
  failed: number;
}

/** Rows read per page of the outbox. */
const PAGE = 500;
/** How long a worker holds rows while it sends them: far longer than a send's timeouts. */
const LEASE_MS = 5 * 60_000;

/** Sends every email due at `now`; returns how many emails went and how many notifications they carried. */
export async function deliverDueEmails(ctx: EmailDeliveryContext, now: Date): Promise<DeliveryResult> {
  const at = now.toISOString();
  const result: DeliveryResult = { emails: 0, sent: 0, dropped: 0, failed: 0 };
  const due = new Map<number, Array<PendingEmail & { dueAt: string }>>();
  for (let afterId = 0; ;) {
    const page = await findPendingEmails(ctx.db, at, { limit: PAGE, afterId });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.notificationId;
    const unwanted = page.filter((row) => row.recipient === null).map((row) => row.notificationId);
    await finishEmails(ctx.db, unwanted, at, "dropped");
    result.dropped += unwanted.length;
    for (const row of page) {
      if (!row.recipient) continue;
      const dueAt = emailDueAt(row.createdAt, row.recipient.prefs);
      if (dueAt <= at) (due.get(row.userId) ?? due.set(row.userId, []).get(row.userId)!).push({ ...row, dueAt });
    }
    if (page.length < PAGE) break;
  }
  for (const rows of due.values()) {
    const outcome = await sendOneEmail(ctx, rows, now);
    if (outcome === "sent") {
      result.emails += 1;
      result.sent += rows.length;
    } else if (outcome === "failed") result.failed += rows.length;
  }
  return result;
}

/** Leases one user's due rows, sends them as one email, and marks them sent or puts them off. */
async function sendOneEmail(ctx: EmailDeliveryContext, rows: Array<PendingEmail & { dueAt: string }>, now: Date): Promise<"sent" | "failed" | "taken"> {
  const at = now.toISOString();
  const leased = new Set(await leaseEmails(ctx.db, rows.map((r) => r.notificationId), at, new Date(now.getTime() + LEASE_MS).toISOString()));
  const mine = rows.filter((r) => leased.has(r.notificationId));
  if (mine.length === 0) return "taken";
  const { email, prefs } = mine[0]!.recipient!;
  const digestAt = prefs.delivery === "digest" ? mine.map((r) => r.dueAt).sort().at(-1)! : null;
  const ids = mine.map((r) => r.notificationId);
  const composed = composeNotificationEmail(mine.map((r) => ({ kind: r.kind, tipId: r.tipId, createdAt: r.createdAt })), prefs.language, ctx.baseUrl, digestAt);
  try {
    await ctx.mailer.send({ to: email, ...composed, messageId: messageIdFor(ids, ctx.baseUrl) });
  } catch {
    const attempts = Math.max(...mine.map((r) => r.attempts)) + 1;
    await putOffEmails(ctx.db, ids, new Date(now.getTime() + emailRetryDelayMs(attempts)).toISOString());
    return "failed";
  }
  await finishEmails(ctx.db, ids, at, "sent", digestAt ? vietnamDay(digestAt) : null);
  return "sent";
}

/** The same notifications give the same Message-ID: a resend after a crash is recognisably the same email. */
function messageIdFor(notificationIds: number[], baseUrl: string): string {
  const digest = createHash("sha256").update(notificationIds.join(",")).digest("hex").slice(0, 24);
  return `<notification.${digest}@${new URL(baseUrl).hostname}>`;
}
