/**
 * Escalation and extensions with approval, the operations (issue 16 items 2 and 3;
 * docs/decisions/0072-escalation.md): the unclaimed and escalation scans the reminder
 * job runs after the deadline reminders, and filing and deciding extension requests
 * with their notifications in the same transaction. The rules are domain/escalation.ts.
 *
 * The scans are idempotent like the deadline reminders: each (tip, unit) is reported
 * unclaimed once (reminder_steps), each (tip, cause) escalated once per step (the
 * escalations table, whose step-2 move is a guarded update), whoever scans and however often.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { claimReminderSteps, insertUnitNotifications } from "../db/queries/notifications";
import {
  claimEscalations, findDueForStep2, findLongUnclaimedUnescalated, findOverdueUnescalated, findUnclaimedTips, insertAudienceNotifications,
  listUnclaimedHourValues, promoteEscalation, resolveGoneEscalations, type EscalationCandidate, type UnclaimedRead, type UnclaimedTip,
} from "../db/queries/escalation";
import { decideExtensionRequest, fileExtensionRequest, type DecideExtensionOutcome, type FileExtensionOutcome } from "../db/queries/extension-requests";
import { totalExtensionDays } from "../db/queries/staff-tips";
import { advanceScanMark, moveScanMark, readScanMark, readScanMarkRow, type ScanName } from "../db/queries/scan-marks";
import { findTipState } from "../db/queries/tips";
import { inBatches } from "./batches";
import { appendTipEvents, type TipEventInput } from "../db/queries/tip-events";
import type { UnitScope } from "../db/queries/scope";
import { escalationMoments, unclaimedCutoff } from "../domain/escalation";
import { extensionDaysTo, extensionRefusal } from "../domain/deadline";
import { notificationStep, scanFloor } from "../domain/notifications";
import { fromVietnamWallClock } from "../domain/vietnam-time";

/** Tips handled per transaction; also the size of one escalation digest at most. */
export const SCAN_BATCH = 500;

type ScanResult = { created: number; units: string[] };

/**
 * One run of an unclaimed scan for units whose setting is `hours` (docs/decisions/0095-bounded-unclaimed-scan-and-parallel-hotspots.md).
 * The mark `name` holds the time of the last complete run, T; the tips due then (received before
 * `cutoff(T)`) and routed into their unit before T were all dealt with. So a run reads, batch by batch,
 * the untaken tips received before `cutoff(at)` that are either received since `cutoff(T)`, or routed into
 * their unit since T (a reroute, a late placement, the duty desk) — both less the margin of ADR 0081 —
 * and, without a mark, every untaken tip. Each read moves a cursor (what a batch handled drops out of
 * the next read: ties on the cursor are read again, never lost), so a catch-up reads each tip once.
 */
async function scanUntaken<R extends UnclaimedTip>(
  db: Kysely<Database>, scan: { name: ScanName; at: string; hours: number; cutoff: (at: string) => string; batch: number },
  read: (input: UnclaimedRead) => Promise<R[]>, handle: (rows: R[]) => Promise<void>,
): Promise<void> {
  const { hours, batch } = scan;
  const mark = await readScanMarkRow(db, scan.name);
  const before = scan.cutoff(scan.at);
  const last = (rows: readonly R[]) => rows[rows.length - 1]!;
  const floor = mark.lookedTo === null ? null : scanFloor(scan.cutoff(mark.lookedTo))!;
  if (mark.lookedTo !== null && floor !== null) {
    const routedFloor = scanFloor(mark.lookedTo)!;
    await inBatches(batch, (previous) => read({
      hours, before: floor < before ? floor : before, routedSince: previous ? last(previous).updatedAt : routedFloor, limit: batch,
    }), handle);
  }
  await inBatches(batch, (previous) => read({ hours, before, from: previous ? last(previous).createdAt : floor, limit: batch }), handle);
  await moveScanMark(db, scan.name, mark, scan.at, scan.at);
}

/** Reports tips nobody took for their unit's N hours to the unit's officers, once per (tip, unit). */
export async function scanUnclaimedTips(db: Kysely<Database>, now: Date): Promise<ScanResult> {
  const at = now.toISOString();
  let created = 0;
  const units = new Set<string>();
  for (const hours of await listUnclaimedHourValues(db)) {
    const scan = { name: `unclaimed:${hours}` as const, at, hours, cutoff: (t: string) => unclaimedCutoff(t, hours), batch: SCAN_BATCH };
    await scanUntaken(db, scan, (input) => findUnclaimedTips(db, input), async (due) => {
      created += await db.transaction().execute(async (trx) => {
        const fresh = await claimReminderSteps(trx, "tip_unclaimed", due.map((t) => ({ tipId: t.tipId, step: t.unitCode })), at);
        let n = 0;
        for (const tip of due) {
          if (!fresh.has(tip.tipId)) continue;
          const step = notificationStep({ kind: "tip_unclaimed", unitCode: tip.unitCode });
          const inserted = await insertUnitNotifications(trx, { unitCode: tip.unitCode, onlyUser: null, kind: "tip_unclaimed", tipId: tip.tipId, step, at });
          if (inserted > 0) units.add(tip.unitCode);
          n += inserted;
        }
        return n;
      });
    });
  }
  return { created, units: [...units] };
}

const causeKind = (cause: string) => (cause.startsWith("unclaimed:") ? "unclaimed" : "overdue");

/**
 * Writes the step to each tip's trail and ONE notification per recipient and unit for the
 * batch (the digest: it names the batch's first tip and links to the escalation list).
 */
async function announceEscalations(trx: Kysely<Database>, rows: EscalationCandidate[], step: 1 | 2, at: string, units: Set<string>): Promise<number> {
  const byUnit = new Map<string, EscalationCandidate[]>();
  // A tip's events of the batch (overdue and untaken at once: two causes) in one append: the previous hash read once.
  const byTip = new Map<number, TipEventInput[]>();
  for (const row of rows) {
    const events = byTip.get(row.tipId) ?? [];
    events.push({ tipId: row.tipId, at, actorKind: "system", type: "escalated", data: { step, cause: causeKind(row.cause) } });
    byTip.set(row.tipId, events);
    byUnit.set(row.unitCode, [...(byUnit.get(row.unitCode) ?? []), row]);
  }
  for (const events of byTip.values()) await appendTipEvents(trx, events);
  let n = 0;
  const kind = step === 1 ? "escalation_head" : "escalation_province";
  for (const [unitCode, unitRows] of byUnit) {
    const audience = step === 1 ? { heads: unitCode } : { supervisorsOf: unitCode };
    const inserted = await insertAudienceNotifications(trx, audience, { unitCode, kind, tipId: unitRows[0]!.tipId, step: notificationStep({ kind, at }), at });
    if (inserted > 0) units.add(unitCode);
    n += inserted;
  }
  return n;
}

/** Step 1 for a batch of candidates, in one transaction; `committing` runs in it (the overdue scan moves its mark there). */
async function escalateBatch(
  db: Kysely<Database>, due: EscalationCandidate[], at: string, units: Set<string>,
  committing?: (trx: Kysely<Database>, due: EscalationCandidate[]) => Promise<void>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const fresh = await claimEscalations(trx, due, at);
    const n = await announceEscalations(trx, due.filter((r) => fresh.has(`${r.tipId} ${r.cause}`)), 1, at, units);
    await committing?.(trx, due);
    return n;
  });
}

/**
 * The escalation steps due at `now`: step 1 (the unit's heads) for tips overdue or untaken
 * for twice their unit's N hours, step 2 (the province's supervisors) for step-1
 * escalations a day old whose cause still stands. Counted on the hour (domain/escalation.ts).
 */
export async function scanEscalations(db: Kysely<Database>, now: Date, options: { batch?: number } = {}): Promise<ScanResult> {
  const batch = options.batch ?? SCAN_BATCH;
  const at = now.toISOString();
  const moments = escalationMoments(at);
  const units = new Set<string>();
  // Overdue tips: only deadlines that passed since the last complete scan (less a margin), not every overdue tip of the history.
  // Read oldest deadline first, so each batch moves the mark to its last deadline as it commits: a catch-up stopped
  // half-way resumes where it stopped (ADR 0084).
  const from = scanFloor(await readScanMark(db, "overdue_escalation"));
  let created = 0;
  await inBatches(batch, () => findOverdueUnescalated(db, { before: moments.hour, from, limit: batch }), async (due) => {
    created += await escalateBatch(db, due, at, units, (trx, rows) => advanceScanMark(trx, "overdue_escalation", rows[rows.length - 1]!.cause, at));
  });
  for (const hours of await listUnclaimedHourValues(db)) {
    const scan = { name: `unclaimed_escalation:${hours}` as const, at, hours, cutoff: (t: string) => escalationMoments(t).unclaimedBefore(hours), batch };
    await scanUntaken(db, scan, (input) => findLongUnclaimedUnescalated(db, input), async (due) => {
      created += await escalateBatch(db, due, at, units);
    });
  }
  await resolveGoneEscalations(db, moments.step2Before, at);
  await inBatches(batch, () => findDueForStep2(db, { before: moments.step2Before, limit: batch }), async (due) => {
    created += await db.transaction().execute(async (trx) => {
      const promoted: EscalationCandidate[] = [];
      for (const row of due) if (await promoteEscalation(trx, row, at)) promoted.push(row);
      return announceEscalations(trx, promoted, 2, at, units);
    });
  });
  await advanceScanMark(db, "overdue_escalation", moments.hour, at);
  return { created, units: [...units] };
}

// --- extensions with approval -------------------------------------------------

interface Actor {
  userId: number;
  scope: UnitScope;
  at: string;
}

export type RequestExtensionOutcome = FileExtensionOutcome | { ok: false; field: "newDate"; error: "notADate" | "notLater" | "extensionTooLong" };

/**
 * Files a request to move the tip's deadline to `newDay` (a Vietnam calendar day),
 * validated against art. 147's limits as extending always was, and notifies the
 * approvers (the unit's heads and the province's supervisors, never the requester).
 */
export async function requestExtension(
  db: Kysely<Database>, tipId: number, input: { newDay: string; reason: string }, actor: Actor,
): Promise<RequestExtensionOutcome> {
  const tip = await findTipState(db, tipId);
  if (!tip) return { ok: false, problem: "stale" };
  const days = extensionDaysTo(tip.deadlineAt, input.newDay);
  if (days === null) return { ok: false, field: "newDate", error: "notADate" };
  if (days < 1) return { ok: false, field: "newDate", error: "notLater" };
  if (extensionRefusal(await totalExtensionDays(db, tipId), days)) return { ok: false, field: "newDate", error: "extensionTooLong" };
  const newDeadline = fromVietnamWallClock(`${input.newDay}T23:59:59`);
  return fileExtensionRequest(db, tipId, { days, reason: input.reason, previousDeadline: tip.deadlineAt, newDeadline }, actor, async (trx, filed) => {
    const step = notificationStep({ kind: "extension_requested", requestId: filed.requestId });
    const notice = { unitCode: filed.unitCode, kind: "extension_requested", tipId, step, at: actor.at, except: actor.userId };
    await insertAudienceNotifications(trx, { heads: filed.unitCode }, notice);
    await insertAudienceNotifications(trx, { supervisorsOf: filed.unitCode }, notice);
  });
}

/** An approver's decision (`approver.scope`: getApprovalScope); the requester hears of it. */
export async function decideExtension(
  db: Kysely<Database>, requestId: number, decision: { approve: boolean; note: string }, approver: Actor,
): Promise<DecideExtensionOutcome> {
  return decideExtensionRequest(db, requestId, decision, approver, async (trx, decided) => {
    const step = notificationStep({ kind: "extension_decided", requestId });
    await insertAudienceNotifications(trx, { user: decided.requesterId }, { unitCode: decided.unitCode, kind: "extension_decided", tipId: decided.tipId, step, at: approver.at });
  });
}
