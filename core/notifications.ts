/**
 * Staff notifications, the operation (issue 16; docs/decisions/0065-notifications.md):
 * creating an event's notifications once, inside the caller's transaction with the
 * state change it reports; the art. 147 reminder scan; reading and marking read.
 * Entry points (the intake worker, the tip page's actions, the follow-up page, the
 * reminder job, the notification pages) call these; the rules are domain/notifications.ts.
 */
import type { Kysely } from "kysely";
import {
  claimReminderSteps, countUnreadNotifications, findDueReminders, findTipRecipients, insertUnitNotifications, listNotifications as listRows,
  markNotificationsRead, unitsWithOfficers, type DueReminder, type NotificationRow,
} from "../db/queries/notifications";
import type { Database } from "../db/schema";
import type { UnitScope } from "../db/queries/scope";
import { isNotificationKind, notificationStep, recipientsOf, reminderWindows, scanFloor, type NotificationKind } from "../domain/notifications";
import { advanceScanMark, readScanMark } from "../db/queries/scan-marks";
import { inBatches } from "./batches";

export type TipEventNotice =
  | { kind: "tip_new" }
  | { kind: "tip_rerouted"; at: string }
  | { kind: "tipster_answered"; messageId: number };

/**
 * Notifies whoever should hear of `event` on the tip (its unit and taker as they are
 * now). Call it with the transaction that makes the change, so both commit or neither.
 * Returns how many notifications were new (0 when they already existed) and the
 * tip's unit, whose live queue the caller tells once the transaction has committed.
 */
export async function notifyTipEvent(
  trx: Kysely<Database>, tipId: number, event: TipEventNotice, at: string,
  /** The tip's unit and taker, when the caller has just written them in this transaction (the intake worker). */
  known?: { unitCode: string; claimedBy: number | null },
): Promise<{ created: number; unitCode: string | null }> {
  const tip = known ?? (await findTipRecipients(trx, tipId));
  if (!tip?.unitCode) return { created: 0, unitCode: null };
  const to = recipientsOf(event.kind, { unitCode: tip.unitCode, claimedBy: tip.claimedBy });
  return { created: await insertUnitNotifications(trx, { ...to, kind: event.kind, tipId, step: notificationStep(event), at }), unitCode: tip.unitCode };
}

/** Tips looked at per window and round: bounded work per transaction. */
const SCAN_BATCH = 500;

/**
 * Creates the art. 147 reminders due at `now`: for every open tip, the most urgent
 * step it has reached and not yet been told of. Safe to run in several processes at
 * once, again after a crash, or after the clock jumped: each (tip, step, deadline)
 * is dealt with once (reminder_steps), each (officer, step, deadline) stored once. Returns how many were new and the units to tell live.
 */
export async function scanDeadlineReminders(db: Kysely<Database>, now: Date, options: { batch?: number } = {}): Promise<{ created: number; units: string[] }> {
  const batch = options.batch ?? SCAN_BATCH;
  const at = now.toISOString();
  let created = 0;
  const units = new Set<string>();
  // The passed window has no lower bound but what the last complete scan looked at: without
  // it every minute would read every overdue tip of the history (bench:reminders at 1 M).
  const floor = scanFloor(await readScanMark(db, "deadline_passed"));
  const windows = reminderWindows(at).map((w) => (w.kind === "deadline_passed" ? { ...w, from: floor } : w));
  for (const window of windows) {
    // Keyset pages: a step another process has just marked must not be met again in this run.
    const read = (previous: readonly DueReminder[] | null) => findDueReminders(db, window, { limit: batch, after: previous?.[previous.length - 1] });
    await inBatches(batch, read, async (due) => {
      const after = due[due.length - 1]!;
      created += await db.transaction().execute(async (trx) => {
        // Whoever marks a step first tells the officers; a second process, or a retried job, finds it marked.
        const steps = due.map((tip) => ({ tipId: tip.tipId, step: notificationStep({ kind: window.kind, deadlineAt: tip.deadlineAt }) }));
        const fresh = await claimReminderSteps(trx, window.kind, steps, at);
        const staffed = await unitsWithOfficers(trx, [...new Set(due.filter((tip) => fresh.has(tip.tipId)).map((tip) => tip.unitCode))]);
        let n = 0;
        for (const [i, tip] of due.entries()) {
          if (!fresh.has(tip.tipId) || !staffed.has(tip.unitCode)) continue;
          const inserted = await insertUnitNotifications(trx, { ...recipientsOf(window.kind, tip), kind: window.kind, tipId: tip.tipId, step: steps[i]!.step, at });
          if (inserted > 0) units.add(tip.unitCode);
          n += inserted;
        }
        // The catch-up of an old database moves its mark with each batch it commits (ADR 0084): every
        // deadline before this batch's last has been dealt with, so a run stopped half-way resumes here.
        if (window.kind === "deadline_passed") await advanceScanMark(trx, "deadline_passed", after.deadlineAt, at);
        return n;
      });
    });
  }
  await advanceScanMark(db, "deadline_passed", windows.find((w) => w.kind === "deadline_passed")!.to, at);
  return { created, units: [...units] };
}

export interface NotificationItem extends Omit<NotificationRow, "kind"> {
  kind: NotificationKind;
}

/**
 * The user's notifications in the units that are theirs now (`scope`: getUnitScope),
 * newest first; `beforeId` pages to older ones.
 */
export async function listNotifications(
  db: Kysely<Database>, user: { id: number }, scope: UnitScope, page: { limit: number; beforeId?: number },
): Promise<NotificationItem[]> {
  const rows = await listRows(db, user.id, scope, page);
  return rows.filter((r): r is NotificationItem => isNotificationKind(r.kind));
}

export function countUnread(db: Kysely<Database>, user: { id: number }, scope: UnitScope): Promise<number> {
  return countUnreadNotifications(db, user.id, scope);
}

/** Marks the user's notifications read: one (`id`), those of a tip or hotspot alert they opened (`tipId`, `alertId`), or all. */
export function markRead(db: Kysely<Database>, user: { id: number }, scope: UnitScope, at: Date, which: { id?: number; tipId?: number; alertId?: number } = {}): Promise<number> {
  return markNotificationsRead(db, user.id, scope, at.toISOString(), which);
}
