/**
 * Notification emails as a BullMQ job scheduler (docs/decisions/0073-notification-email.md):
 * one repeatable job every half minute, whichever worker process takes it, that works
 * off the email outbox (core/notification-emails.ts). The job carries no data; the
 * outbox rows, not BullMQ, remember what is due, what failed and when to try again.
 * Started only when SMTP_URL is set.
 */
import type { Redis } from "ioredis";
import { startScheduledJob, type ScheduledJob } from "./scheduled-job";
import { deliverDueEmails, type DeliveryResult, type EmailDeliveryContext } from "../core/notification-emails";

export const EMAIL_QUEUE = "notification-emails";
const SCHEDULER_ID = "notification-emails";
/** "Right away" means within this; a digest at 07:00 goes out by 07:00:30. */
export const EMAIL_EVERY_MS = 30_000;

export interface EmailJobContext extends EmailDeliveryContext {
  /** Injected in tests; the wall clock otherwise. */
  now?: () => Date;
}

export function runEmailDelivery(ctx: EmailJobContext): Promise<DeliveryResult> {
  return deliverDueEmails(ctx, (ctx.now ?? (() => new Date()))());
}

/** Starts this process's consumer of the email queue and registers the schedule (an upsert: one schedule however many workers). */
export function startEmailDelivery(ctx: EmailJobContext, redis: { worker: Redis; prefix: string }, everyMs = EMAIL_EVERY_MS): ScheduledJob {
  const job = startScheduledJob(
    { queue: EMAIL_QUEUE, schedulerId: SCHEDULER_ID, name: "deliver", everyMs, retryDelayMs: 5_000 },
    redis,
    () => runEmailDelivery(ctx),
  );
  return {
    ...job,
    async close() {
      await job.close();
      ctx.mailer.close();
    },
  };
}
