/**
 * Escalation (issue 16 item 2; docs/decisions/0072-escalation.md): unit heads and the
 * per-unit "unclaimed after" setting, the scans' reads (each from a partial index:
 * tips_unclaimed, tips_open_deadline, escalations_waiting), the once-only marks
 * (reminder_steps for `tip_unclaimed`, the escalations table for the two steps), the
 * notifications to heads, supervisors or one user, and the escalation list.
 * No rules here: they are domain/escalation.ts.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema";
import { appendAudit } from "./audit";
import { isEmptyScope, unitInScope, type UnitScope } from "./scope";
import { insertNotificationsFor, notificationColumns } from "./notifications";
import { resetScanMarks, unclaimedMarkNames } from "./scan-marks";

type Db = Kysely<Database>;

// --- unit heads and settings -------------------------------------------------

export interface UnitHead {
  userId: number;
  name: string;
  email: string;
}

export async function listUnitHeads(db: Db, unitCode: string): Promise<UnitHead[]> {
  const rows = await db
    .selectFrom("unit_heads")
    .innerJoin("users", "users.id", "unit_heads.user_id")
    .select(["users.id", "users.name", "users.email"])
    .where("unit_heads.unit_code", "=", unitCode)
    .orderBy("users.name")
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email }));
}

/** The unit's enabled officers who are not its heads yet: whom an administrator may name. */
export async function listHeadCandidates(db: Db, unitCode: string): Promise<UnitHead[]> {
  const rows = await db
    .selectFrom("user_units")
    .innerJoin("users", "users.id", "user_units.user_id")
    .select(["users.id", "users.name", "users.email"])
    .where("user_units.unit_code", "=", unitCode)
    .where("users.role", "=", "officer")
    .where("users.disabled", "=", 0)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("unit_heads").select("unit_heads.user_id")
      .whereRef("unit_heads.user_id", "=", "users.id").where("unit_heads.unit_code", "=", unitCode))))
    .orderBy("users.name")
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email }));
}

type AdminActor = { userId: number; at: string };

/** Names an enabled officer of the unit its head (audited); false when they are none, or head already. */
export async function addUnitHead(db: Db, unitCode: string, userId: number, actor: AdminActor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const candidate = await trx
      .selectFrom("user_units")
      .innerJoin("users", "users.id", "user_units.user_id")
      .select("users.id")
      .where("user_units.unit_code", "=", unitCode)
      .where("user_units.user_id", "=", userId)
      .where("users.role", "=", "officer")
      .where("users.disabled", "=", 0)
      .executeTakeFirst();
    if (!candidate) return false;
    const result = await trx
      .insertInto("unit_heads")
      .values({ unit_code: unitCode, user_id: userId, created_at: actor.at })
      .onConflict((oc) => oc.columns(["unit_code", "user_id"]).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await appendAudit(trx, { at: actor.at, actorUserId: actor.userId, type: "unit_head_added", data: { unitCode, userId } });
    return true;
  });
}

export async function removeUnitHead(db: Db, unitCode: string, userId: number, actor: AdminActor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom("unit_heads").where("unit_code", "=", unitCode).where("user_id", "=", userId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await appendAudit(trx, { at: actor.at, actorUserId: actor.userId, type: "unit_head_removed", data: { unitCode, userId } });
    return true;
  });
}

export async function findUnclaimedHours(db: Db, unitCode: string): Promise<number | null> {
  const row = await db.selectFrom("units").select("unclaimed_hours").where("code", "=", unitCode).executeTakeFirst();
  return row ? row.unclaimed_hours : null;
}

/** Sets the unit's "unclaimed after" hours (audited with the old value); false for an unknown unit or no change. */
export async function setUnclaimedHours(db: Db, unitCode: string, hours: number, actor: AdminActor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await findUnclaimedHours(trx, unitCode);
    if (before === null || before === hours) return false;
    await trx.updateTable("units").set({ unclaimed_hours: hours }).where("code", "=", unitCode).execute();
    // The unit's untaken tips join the new value's scans, received before their marks: those scans read everything once more.
    await resetScanMarks(trx, unclaimedMarkNames(hours), actor.at);
    await appendAudit(trx, { at: actor.at, actorUserId: actor.userId, type: "unit_unclaimed_hours_set", data: { unitCode, from: before, to: hours } });
    return true;
  });
}

/** The units whose head the user is, among those still theirs (an officer moved out stops being head there). */
export async function listHeadUnitsOf(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("unit_heads")
    .innerJoin("user_units", (j) => j.onRef("user_units.unit_code", "=", "unit_heads.unit_code").onRef("user_units.user_id", "=", "unit_heads.user_id"))
    .select("unit_heads.unit_code")
    .where("unit_heads.user_id", "=", userId)
    .execute();
  return rows.map((r) => r.unit_code);
}

// --- the scans' reads and marks ----------------------------------------------

export interface ScanTip {
  tipId: number;
  unitCode: string;
}

/** The "unclaimed after" values units use (a handful): the scan reads once per value. */
export async function listUnclaimedHourValues(db: Db): Promise<number[]> {
  const rows = await db.selectFrom("units").select("unclaimed_hours").distinct().execute();
  return rows.map((r) => r.unclaimed_hours).sort((a, b) => a - b);
}

/**
 * The tip's unit uses `hours`. Correlated on purpose: as `unit_code in (…)` it lets the
 * planner walk tips_unit_created through every tip a unit ever had instead of tips_unclaimed.
 */
const unitUsesHours = (hours: number) => sql<boolean>`exists (select 1 from units where units.code = tips.unit_code and units.unclaimed_hours = ${hours})`;

/**
 * One read of the unclaimed scans (docs/decisions/0095-bounded-unclaimed-scan-and-parallel-hotspots.md): untaken tips
 * (status `routed`) received before `before`, of units whose setting is `hours`, either
 * - by receipt time, from `from` on (the mark's floor, or the run's cursor): reads tips_unclaimed
 *   (its predicate, `status = 'routed'`, repeated word for word), oldest first; or
 * - routed into their unit from `routedSince` on (a reroute, a late placement, the duty desk:
 *   each sets `updated_at`): reads tips_routed_updated, by that time.
 */
export interface UnclaimedRead {
  hours: number;
  before: string;
  limit: number;
  from?: string | null;
  routedSince?: string | null;
}

function untakenTips(db: Db, input: UnclaimedRead) {
  let query = db
    .selectFrom("tips")
    .select(["id", "unit_code", "created_at", "updated_at"])
    .where(sql<boolean>`status = 'routed'`)
    .where("created_at", "<", input.before)
    .where(unitUsesHours(input.hours))
    .limit(input.limit);
  if (input.routedSince) return query.where("updated_at", ">=", input.routedSince).orderBy("updated_at").orderBy("id");
  if (input.from) query = query.where("created_at", ">=", input.from);
  return query.orderBy("created_at").orderBy("id");
}

export interface UnclaimedTip extends ScanTip {
  createdAt: string;
  updatedAt: string;
}

/** Untaken tips of the read not yet reported unclaimed in the unit they are in. */
export function unclaimedTipsQuery(db: Db, input: UnclaimedRead) {
  return untakenTips(db, input)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("reminder_steps").select("reminder_steps.tip_id")
      .whereRef("reminder_steps.tip_id", "=", "tips.id")
      .where("reminder_steps.kind", "=", "tip_unclaimed")
      .whereRef("reminder_steps.step", "=", "tips.unit_code"))));
}

export async function findUnclaimedTips(db: Db, input: UnclaimedRead): Promise<UnclaimedTip[]> {
  const rows = await unclaimedTipsQuery(db, input).execute();
  return rows.map((r) => ({ tipId: r.id, unitCode: r.unit_code!, createdAt: r.created_at, updatedAt: r.updated_at }));
}

export interface EscalationCandidate extends ScanTip {
  cause: string;
}

/**
 * Open tips whose deadline passed before `before` (and not before `from`, the scan's floor:
 * docs/decisions/0081-scan-marks.md), not escalated for that deadline. Reads tips_open_deadline.
 */
export function overdueUnescalatedQuery(db: Db, input: { before: string; from?: string | null; limit: number }) {
  let query = db
    .selectFrom("tips")
    .select(["id", "unit_code", "deadline_at"])
    .where(sql<boolean>`status <> 'closed'`)
    .where("deadline_at", "<", input.before)
    .where("unit_code", "is not", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("escalations").select("escalations.tip_id")
      .whereRef("escalations.tip_id", "=", "tips.id").whereRef("escalations.cause", "=", "tips.deadline_at"))))
    .orderBy("deadline_at")
    .orderBy("id")
    .limit(input.limit);
  if (input.from) query = query.where("deadline_at", ">=", input.from);
  return query;
}

export async function findOverdueUnescalated(db: Db, input: { before: string; from?: string | null; limit: number }): Promise<EscalationCandidate[]> {
  const rows = await overdueUnescalatedQuery(db, input).execute();
  return rows.map((r) => ({ tipId: r.id, unitCode: r.unit_code!, cause: r.deadline_at }));
}

const UNCLAIMED_CAUSE = sql<string>`'unclaimed:' || tips.unit_code`;

/** Untaken tips of the read (as for the unclaimed report) not escalated as unclaimed in their unit. */
export async function findLongUnclaimedUnescalated(db: Db, input: UnclaimedRead): Promise<Array<EscalationCandidate & UnclaimedTip>> {
  const rows = await untakenTips(db, input)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("escalations").select("escalations.tip_id")
      .whereRef("escalations.tip_id", "=", "tips.id").where("escalations.cause", "=", UNCLAIMED_CAUSE))))
    .execute();
  return rows.map((r) => ({ tipId: r.id, unitCode: r.unit_code!, cause: `unclaimed:${r.unit_code}`, createdAt: r.created_at, updatedAt: r.updated_at }));
}

/** Records step 1 for these (tip, cause) pairs; returns those that were new ("tipId cause"). */
export async function claimEscalations(db: Db, rows: EscalationCandidate[], at: string): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insertInto("escalations")
    .values(rows.map((r) => ({ tip_id: r.tipId, cause: r.cause, unit_code: r.unitCode, step: 1, step1_at: at, step2_at: null, resolved_at: null })))
    .onConflict((oc) => oc.columns(["tip_id", "cause"]).doNothing())
    .returning(["tip_id", "cause"])
    .execute();
  return new Set(inserted.map((r) => `${r.tip_id} ${r.cause}`));
}

/** Whether an escalation's tip still has its cause: open and the same deadline, or untaken in the same unit. */
const CAUSE_STANDS = sql<boolean>`(tips.status <> 'closed' and (escalations.cause = tips.deadline_at or (tips.status = 'routed' and escalations.cause = 'unclaimed:' || tips.unit_code)))`;

/** Marks resolved the step-1 escalations made before `before` whose cause has gone. */
export async function resolveGoneEscalations(db: Db, before: string, at: string): Promise<number> {
  const result = await db
    .updateTable("escalations")
    .set({ resolved_at: at })
    .where(sql<boolean>`step = 1 and resolved_at is null`)
    .where("step1_at", "<", before)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("tips").select("tips.id").whereRef("tips.id", "=", "escalations.tip_id").where(CAUSE_STANDS))))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Step-1 escalations made before `before`, cause still standing, oldest first. Reads escalations_waiting. */
export function dueForStep2Query(db: Db, input: { before: string; limit: number }) {
  return db
    .selectFrom("escalations")
    .innerJoin("tips", "tips.id", "escalations.tip_id")
    .select(["escalations.tip_id", "escalations.cause", "tips.unit_code"])
    .where(sql<boolean>`step = 1 and resolved_at is null`)
    .where("step1_at", "<", input.before)
    .where(CAUSE_STANDS)
    .orderBy("step1_at")
    .orderBy("escalations.tip_id")
    .limit(input.limit);
}

export async function findDueForStep2(db: Db, input: { before: string; limit: number }): Promise<EscalationCandidate[]> {
  const rows = await dueForStep2Query(db, input).execute();
  return rows.map((r) => ({ tipId: r.tip_id, cause: r.cause, unitCode: r.unit_code! }));
}

/** Moves one escalation to step 2 if it is still at step 1: true for the process that did it. */
export async function promoteEscalation(db: Db, row: EscalationCandidate, at: string): Promise<boolean> {
  const result = await db
    .updateTable("escalations")
    .set({ step: 2, step2_at: at, unit_code: row.unitCode })
    .where("tip_id", "=", row.tipId)
    .where("cause", "=", row.cause)
    .where("step", "=", 1)
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// --- notifications to heads, supervisors, one user ------------------------------

/** Who hears: a unit's heads, its province's supervisors, both (the approvers of an extension), or one user. */
export type Audience =
  | { heads: string }
  | { supervisorsOf: string }
  | { user: number };

function audienceQuery(db: Db, audience: Audience) {
  const users = db.selectFrom("users").where("users.disabled", "=", 0);
  if ("user" in audience) return users.where("users.id", "=", audience.user);
  if ("heads" in audience) {
    const unit = audience.heads;
    return users.where("users.role", "=", "officer").where("users.id", "in", (eb) => eb
      .selectFrom("unit_heads")
      .innerJoin("user_units", (j) => j.onRef("user_units.unit_code", "=", "unit_heads.unit_code").onRef("user_units.user_id", "=", "unit_heads.user_id"))
      .select("unit_heads.user_id")
      .where("unit_heads.unit_code", "=", unit));
  }
  const unit = audience.supervisorsOf;
  return users.where("users.role", "=", "supervisor")
    .where("users.province_code", "=", (eb) => eb.selectFrom("units").select("units.province_code").where("units.code", "=", unit));
}

/**
 * Stores one notification of `kind` about `tipId` (in `unitCode`) for each member of the
 * audience but `except`; once per (user, kind, tip, step). Returns how many were new.
 */
export async function insertAudienceNotifications(
  db: Db,
  audience: Audience,
  input: { unitCode: string; kind: string; tipId: number; step: string; at: string; except?: number },
): Promise<number> {
  let recipients = audienceQuery(db, audience).select(notificationColumns(input));
  if (input.except !== undefined) recipients = recipients.where("users.id", "!=", input.except);
  return insertNotificationsFor(db, recipients, input);
}

// --- the escalation list --------------------------------------------------------

export interface EscalationItem {
  tipId: number;
  unitCode: string;
  unitName: string;
  cause: string;
  step: number;
  step1At: string;
  step2At: string | null;
  receivedAt: string;
  deadlineAt: string;
  status: string;
}

/** Escalations whose cause still stands, of tips owned by units of the scope; step 2 first, then the oldest. */
export async function listEscalations(db: Db, scope: UnitScope, options: { unitCode?: string; limit: number }): Promise<EscalationItem[]> {
  if (isEmptyScope(scope)) return [];
  let query = db
    .selectFrom("escalations")
    .innerJoin("tips", "tips.id", "escalations.tip_id")
    .innerJoin("units", "units.code", "tips.unit_code")
    .select([
      "escalations.tip_id", "tips.unit_code", "units.name", "escalations.cause", "escalations.step", "escalations.step1_at",
      "escalations.step2_at", "tips.created_at", "tips.deadline_at", "tips.status",
    ])
    .where(unitInScope(scope, "tips.unit_code"))
    .where("escalations.resolved_at", "is", null)
    .where(CAUSE_STANDS)
    .orderBy("escalations.step", "desc")
    .orderBy("tips.created_at")
    .orderBy("escalations.tip_id")
    .limit(options.limit);
  if (options.unitCode) query = query.where("tips.unit_code", "=", options.unitCode);
  const rows = await query.execute();
  return rows.map((r) => ({
    tipId: r.tip_id, unitCode: r.unit_code!, unitName: r.name, cause: r.cause, step: r.step, step1At: r.step1_at, step2At: r.step2_at,
    receivedAt: r.created_at, deadlineAt: r.deadline_at, status: r.status,
  }));
}

/** Retention: a purged tip's escalations and extension requests go with its content. */
export async function deleteEscalationsOfTips(db: Db, tipIds: number[]): Promise<void> {
  if (tipIds.length === 0) return;
  await db.deleteFrom("escalations").where("tip_id", "in", tipIds).execute();
  await db.deleteFrom("extension_requests").where("tip_id", "in", tipIds).execute();
}
