/**
 * The art. 147 reminder scan as a BullMQ job scheduler (issue 16, item 5): one
 * repeatable job, whichever worker process takes it; the scan itself is idempotent
 * (core/notifications.ts), so two workers, a retried job after a crash, or a clock
 * that jumped create each reminder once. The job carries no data at all.
 */
import type { Kysely } from "kysely";
import type { Redis } from "ioredis";
import { scanDeadlineReminders } from "../core/notifications";
import { scanEscalations, scanUnclaimedTips } from "../core/escalation";
import type { Database } from "../db/schema";
import { publishUnitEvent } from "../core/platform/notify";
import { startScheduledJob, type ScheduledJob } from "./scheduled-job";

export const REMINDER_QUEUE = "reminders";
const SCHEDULER_ID = "deadline-reminders";
/** Reminders are about days; a minute late is nothing, and the scan is cheap (bench:reminders). */
export const REMINDER_EVERY_MS = 60_000;

export interface ReminderContext {
  db: Kysely<Database>;
  notify?: { redis: Redis; prefix: string };
  /** Injected in tests; the wall clock otherwise. */
  now?: () => Date;
}

/**
 * One scan: the deadline reminders, unclaimed tips, then escalation (docs/decisions/0072);
 * creates what is due and tells the units' live queues (ids and a type only).
 */
export async function runReminderScan(ctx: ReminderContext): Promise<{ created: number; units: string[] }> {
  const now = (ctx.now ?? (() => new Date()))();
  const parts = [await scanDeadlineReminders(ctx.db, now), await scanUnclaimedTips(ctx.db, now), await scanEscalations(ctx.db, now)];
  const result = { created: parts.reduce((n, p) => n + p.created, 0), units: [...new Set(parts.flatMap((p) => p.units))] };
  if (ctx.notify) {
    for (const unitCode of result.units) {
      await publishUnitEvent(ctx.notify.redis, ctx.notify.prefix, unitCode, { tipId: 0, type: "notification" });
    }
  }
  return result;
}

/**
 * Starts this process's consumer of the reminder queue and registers the schedule
 * (an upsert: every worker may do it, one schedule results). Both use the worker's
 * connection, which waits for Redis: `scheduled` settles once Redis has answered.
 */
export function startReminders(ctx: ReminderContext, redis: { worker: Redis; prefix: string }, everyMs = REMINDER_EVERY_MS): ScheduledJob {
  return startScheduledJob(
    { queue: REMINDER_QUEUE, schedulerId: SCHEDULER_ID, name: "scan", everyMs, retryDelayMs: 5_000 },
    redis,
    () => runReminderScan(ctx),
  );
}
