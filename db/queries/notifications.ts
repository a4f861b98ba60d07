/**
 * Staff notifications (issue 16): one row per recipient officer. Inserting is
 * "insert … select … on conflict do nothing" on the UNIQUE (user_id, kind, tip_id,
 * step) key, so an event is stored once per officer whoever tries it and however
 * often. Reads are scoped twice: the user's own rows, of units still theirs.
 */
import { runCompiled } from "../compiled";
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { NOTIFICATION_KINDS } from "../../domain/notifications";
import type { Database } from "../schema";
import { unitInScope, type UnitScope } from "./scope";

export interface NotificationRow {
  id: number;
  kind: string;
  /** What the notification is about: a tip, or a hotspot alert (exactly one). */
  tipId: number | null;
  alertId: number | null;
  unitCode: string;
  unitName: string;
  createdAt: string;
  readAt: string | null;
}

/**
 * Stores one notification for each enabled officer of `unitCode` — only `onlyUser`
 * if given and still such an officer (else, the one who took the tip having left, the
 * unit's officers). Returns how many were new.
 */
export async function insertUnitNotifications(
  db: Kysely<Database>,
  input: { unitCode: string; onlyUser: number | null; kind: string; tipId: number; step: string; at: string },
): Promise<number> {
  const only = input.onlyUser;
  if (only === null) {
    // The intake worker's notice of every new tip: compiled once (docs/decisions/0091).
    const result = await runCompiled(db, "unit-notifications", (slot) => insertNotificationsQuery(db, officersOf(db, {
      unitCode: slot<string>(0), kind: slot<string>(1), tipId: slot<number>(2), step: slot<string>(3), at: slot<string>(4),
    })), [input.unitCode, input.kind, input.tipId, input.step, input.at]);
    const created = Number(result.numAffectedRows ?? 0);
    if (created > 0) await queueNotificationEmails(db, input);
    return created;
  }
  const recipients = officersOf(db, input).where((eb) => eb.or([
    eb("users.id", "=", only),
    eb.not(eb.exists(eb.selectFrom("user_units as mine").innerJoin("users as me", "me.id", "mine.user_id")
      .select("mine.user_id")
      .where("mine.unit_code", "=", input.unitCode).where("mine.user_id", "=", only)
      .where("me.role", "=", "officer").where("me.disabled", "=", 0))),
  ]));
  return insertNotificationsFor(db, recipients, input);
}

/** A notification row for each enabled officer of the event's unit. */
function officersOf(db: Kysely<Database>, event: { unitCode: string; kind: string; tipId: number; step: string; at: string }) {
  return db
    .selectFrom("user_units")
    .innerJoin("users", "users.id", "user_units.user_id")
    .where("user_units.unit_code", "=", event.unitCode)
    .where("users.role", "=", "officer")
    .where("users.disabled", "=", 0)
    .select(notificationColumns(event));
}

/** The columns of one notification row for each person a recipients query finds (`users` in its scope). */
export function notificationColumns(event: { unitCode: string; kind: string; tipId: number; step: string; at: string }) {
  return (eb: ExpressionBuilder<Database, "users">) => [
    eb.ref("users.id").as("user_id"),
    eb.val(event.unitCode).as("unit_code"),
    eb.val(event.kind).as("kind"),
    // Typed: PostgreSQL reads an untyped parameter of a select list as text.
    sql<number>`cast(${event.tipId} as integer)`.as("tip_id"),
    eb.val(event.step).as("step"),
    eb.val(event.at).as("created_at"),
  ];
}

/** The notification rows a recipients query selects, one per person. */
export type NotificationRecipients = SelectQueryBuilder<Database, any, { user_id: number; unit_code: string; kind: string; tip_id: number; step: string; created_at: string }>;

/**
 * Stores the rows `recipients` selects, once per (user, kind, tip, step), and puts those
 * that are new in the email outbox. Returns how many were new.
 */
export async function insertNotificationsFor(
  db: Kysely<Database>,
  recipients: NotificationRecipients,
  event: { kind: string; tipId: number; step: string; at: string },
): Promise<number> {
  const result = await insertNotificationsQuery(db, recipients).executeTakeFirst();
  const created = Number(result.numInsertedOrUpdatedRows ?? 0);
  if (created > 0) await queueNotificationEmails(db, event);
  return created;
}

function insertNotificationsQuery(db: Kysely<Database>, recipients: NotificationRecipients) {
  return db
    .insertInto("notifications")
    .columns(["user_id", "unit_code", "kind", "tip_id", "step", "created_at"])
    .expression(recipients)
    .onConflict((oc) => oc.columns(["user_id", "kind", "tip_id", "step"]).doNothing());
}

/**
 * Stores one notification for each of `userIds` (people chosen by the caller, e.g. the
 * custodians of a unit), about a tip of `unitCode`. Once-only like the others; returns how many were new.
 */
export async function insertUserNotifications(
  db: Kysely<Database>,
  input: { userIds: number[]; unitCode: string; kind: string; tipId: number; step: string; at: string },
): Promise<number> {
  if (input.userIds.length === 0) return 0;
  const result = await db
    .insertInto("notifications")
    .values(input.userIds.map((userId) => ({ user_id: userId, unit_code: input.unitCode, kind: input.kind, tip_id: input.tipId, step: input.step, created_at: input.at })))
    .onConflict((oc) => oc.columns(["user_id", "kind", "tip_id", "step"]).doNothing())
    .executeTakeFirst();
  const created = Number(result.numInsertedOrUpdatedRows ?? 0);
  if (created > 0) await queueNotificationEmails(db, input);
  return created;
}

/**
 * The email outbox (docs/decisions/0073-notification-email.md): the event's new
 * notifications (created at `at`) whose recipient chose this kind by email get an
 * outbox row, in the caller's transaction, so the email is neither lost nor made twice.
 */
async function queueNotificationEmails(db: Kysely<Database>, event: { kind: string; tipId: number; step: string; at: string }): Promise<void> {
  await db
    .insertInto("notification_emails")
    .columns(["notification_id", "user_id", "created_at"])
    .expression(
      db.selectFrom("notifications")
        .innerJoin("email_preference_kinds", (join) => join
          .onRef("email_preference_kinds.user_id", "=", "notifications.user_id")
          .onRef("email_preference_kinds.kind", "=", "notifications.kind"))
        .select(["notifications.id", "notifications.user_id", "notifications.created_at"])
        .where("notifications.tip_id", "=", event.tipId)
        .where("notifications.kind", "=", event.kind)
        .where("notifications.step", "=", event.step)
        .where("notifications.created_at", "=", event.at),
    )
    .onConflict((oc) => oc.column("notification_id").doNothing())
    .execute();
}

/**
 * The identity custodians who can decide a request about a tip of `unitCode`
 * (docs/decisions/0044-identity-requests.md): enabled users with the custodian flag
 * whose scope holds the unit — officers attached to it, supervisors of its province
 * or attached to it — never `exceptUserId` (the requester).
 */
export async function findIdentityCustodians(db: Kysely<Database>, unitCode: string, exceptUserId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("users")
    .select("users.id")
    .where("users.identity_custodian", "=", 1)
    .where("users.disabled", "=", 0)
    .where("users.id", "!=", exceptUserId)
    .where("users.role", "in", ["officer", "supervisor"])
    .where((eb) => eb.or([
      eb.exists(eb.selectFrom("user_units").select("user_units.user_id").whereRef("user_units.user_id", "=", "users.id").where("user_units.unit_code", "=", unitCode)),
      eb.and([
        eb("users.role", "=", "supervisor"),
        eb.exists(eb.selectFrom("units").select("units.code").where("units.code", "=", unitCode).whereRef("units.province_code", "=", "users.province_code")),
      ]),
    ]))
    .orderBy("users.id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Stores a hotspot alert's notification once for each enabled officer of the alert's
 * ward unit(s) (an officer of both wards once, under the first) and each enabled
 * supervisor of its province (under its first ward, a unit of their province). Returns
 * how many were new and the units whose live queues to tell.
 */
export async function insertAlertNotifications(
  db: Kysely<Database>,
  input: { alertId: number; wardCodes: readonly string[]; provinceCode: string; kind: string; step: string; at: string },
): Promise<{ created: number; units: string[] }> {
  const values = (eb: ExpressionBuilder<any, any>) => [
    eb.val(input.kind).as("kind"),
    sql<number>`cast(${input.alertId} as integer)`.as("alert_id"),
    eb.val(input.step).as("step"),
    eb.val(input.at).as("created_at"),
  ];
  const officers = db
    .selectFrom("user_units")
    .innerJoin("users", "users.id", "user_units.user_id")
    .where("user_units.unit_code", "in", [...input.wardCodes])
    .where("users.role", "=", "officer")
    .where("users.disabled", "=", 0)
    .groupBy("users.id")
    .select((eb) => ["users.id as user_id", eb.fn.min("user_units.unit_code").as("unit_code"), ...values(eb)]);
  const supervisors = db
    .selectFrom("users")
    .where("users.role", "=", "supervisor")
    .where("users.province_code", "=", input.provinceCode)
    .where("users.disabled", "=", 0)
    .select((eb) => ["users.id as user_id", eb.val(input.wardCodes[0]!).as("unit_code"), ...values(eb)]);
  let created = 0;
  const units = new Set<string>();
  for (const recipients of [officers, supervisors]) {
    const rows = await db
      .insertInto("notifications")
      .columns(["user_id", "unit_code", "kind", "alert_id", "step", "created_at"])
      .expression(recipients)
      .onConflict((oc) => oc.columns(["user_id", "kind", "alert_id", "step"]).doNothing())
      .returning("unit_code")
      .execute();
    created += rows.length;
    for (const row of rows) units.add(row.unit_code);
  }
  return { created, units: [...units] };
}

/** Whose a tip is now: its unit and the officer who took it. */
export async function findTipRecipients(db: Kysely<Database>, tipId: number): Promise<{ unitCode: string | null; claimedBy: number | null } | null> {
  const tip = await db.selectFrom("tips").select(["unit_code", "claimed_by"]).where("id", "=", tipId).executeTakeFirst();
  return tip ? { unitCode: tip.unit_code, claimedBy: tip.claimed_by } : null;
}

/** Which of these units have an enabled officer: nobody else can be told. */
export async function unitsWithOfficers(db: Kysely<Database>, unitCodes: string[]): Promise<Set<string>> {
  if (unitCodes.length === 0) return new Set();
  const rows = await db
    .selectFrom("user_units")
    .innerJoin("users", "users.id", "user_units.user_id")
    .where("user_units.unit_code", "in", unitCodes)
    .where("users.role", "=", "officer")
    .where("users.disabled", "=", 0)
    .select("user_units.unit_code")
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.unit_code));
}

export interface DueReminder {
  tipId: number;
  unitCode: string;
  claimedBy: number | null;
  deadlineAt: string;
}

/**
 * Marks reminder steps dealt with, in one statement; returns the tips whose step was
 * not marked yet (another process, an earlier run). The caller creates notifications
 * only for those, in the same transaction.
 */
export async function claimReminderSteps(db: Kysely<Database>, kind: string, steps: Array<{ tipId: number; step: string }>, at: string): Promise<Set<number>> {
  if (steps.length === 0) return new Set();
  const rows = await db
    .insertInto("reminder_steps")
    .values(steps.map((s) => ({ tip_id: s.tipId, kind, step: s.step, created_at: at })))
    .onConflict((oc) => oc.columns(["tip_id", "kind", "step"]).doNothing())
    .returning("tip_id")
    .execute();
  return new Set(rows.map((r) => r.tip_id));
}

/**
 * Open tips whose deadline lies in [from, to) and whose step of `moot` kinds for
 * that deadline has not been dealt with yet. Reads the partial index tips_open_deadline
 * (its predicate, `status <> 'closed'`, is repeated here word for word).
 */
export async function findDueReminders(db: Kysely<Database>, window: ReminderWindow, page: ReminderPage): Promise<DueReminder[]> {
  const rows = await dueRemindersQuery(db, window, page).execute();
  return rows.map((r) => ({ tipId: r.id, unitCode: r.unit_code!, claimedBy: r.claimed_by, deadlineAt: r.deadline_at }));
}

type ReminderWindow = { from: string | null; to: string; moot: string[] };
type ReminderPage = { limit: number; after?: { deadlineAt: string; tipId: number } };

/** The query itself, for tests that EXPLAIN it. */
export function dueRemindersQuery(db: Kysely<Database>, window: ReminderWindow, page: ReminderPage) {
  let query = db
    .selectFrom("tips")
    .select(["id", "unit_code", "claimed_by", "deadline_at"])
    .where(sql<boolean>`status <> 'closed'`)
    .where("deadline_at", "<", window.to)
    .where("unit_code", "is not", null)
    .where((eb) => eb.not(eb.exists(
      eb.selectFrom("reminder_steps")
        .select("reminder_steps.tip_id")
        .whereRef("reminder_steps.tip_id", "=", "tips.id")
        .where("reminder_steps.kind", "in", window.moot)
        .whereRef("reminder_steps.step", "=", "tips.deadline_at"),
    )))
    .orderBy("deadline_at")
    .orderBy("id")
    .limit(page.limit);
  if (window.from !== null) query = query.where("deadline_at", ">=", window.from);
  const after = page.after;
  if (after) {
    query = query.where((eb) => eb.or([
      eb("deadline_at", ">", after.deadlineAt),
      eb.and([eb("deadline_at", "=", after.deadlineAt), eb("id", ">", after.tipId)]),
    ]));
  }
  return query;
}

/**
 * What a user's list shows, and so what the bell counts (one definition for both):
 * their own rows, of units that are theirs now, of a kind this version knows.
 */
const visibleNotifications = (db: Kysely<Database>, userId: number, scope: UnitScope) =>
  db.selectFrom("notifications")
    .innerJoin("units", "units.code", "notifications.unit_code")
    .where("notifications.user_id", "=", userId)
    .where(unitInScope(scope, "notifications.unit_code"))
    .where("notifications.kind", "in", NOTIFICATION_KINDS);

export async function countUnreadNotifications(db: Kysely<Database>, userId: number, scope: UnitScope): Promise<number> {
  const row = await visibleNotifications(db, userId, scope)
    .where("read_at", "is", null)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest first, `limit` of them, below `beforeId` when paging. */
export async function listNotifications(
  db: Kysely<Database>,
  userId: number,
  scope: UnitScope,
  page: { limit: number; beforeId?: number },
): Promise<NotificationRow[]> {
  let query = visibleNotifications(db, userId, scope)
    .select(["notifications.id", "kind", "tip_id", "alert_id", "unit_code", "units.name as unit_name", "created_at", "read_at"])
    .orderBy("notifications.id", "desc")
    .limit(page.limit);
  if (page.beforeId !== undefined) query = query.where("notifications.id", "<", page.beforeId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, tipId: r.tip_id, alertId: r.alert_id, unitCode: r.unit_code, unitName: r.unit_name, createdAt: r.created_at, readAt: r.read_at,
  }));
}

/** Marks the user's unread notifications read: the one `id`, those of one tip, or all. Returns how many changed. */
export async function markNotificationsRead(
  db: Kysely<Database>, userId: number, scope: UnitScope, at: string, which: { id?: number; tipId?: number; alertId?: number } = {},
): Promise<number> {
  let query = db
    .updateTable("notifications")
    .set({ read_at: at })
    .where("user_id", "=", userId)
    .where(unitInScope(scope, "unit_code"))
    .where("read_at", "is", null);
  if (which.id !== undefined) query = query.where("id", "=", which.id);
  if (which.tipId !== undefined) query = query.where("tip_id", "=", which.tipId);
  if (which.alertId !== undefined) query = query.where("alert_id", "=", which.alertId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Retention: a purged tip's notifications (and reminder marks) go with its content. */
export async function deleteNotificationsOfTips(db: Kysely<Database>, tipIds: number[]): Promise<void> {
  if (tipIds.length === 0) return;
  await db.deleteFrom("notification_emails")
    .where("notification_id", "in", (eb) => eb.selectFrom("notifications").select("notifications.id").where("notifications.tip_id", "in", tipIds))
    .execute();
  await db.deleteFrom("notifications").where("tip_id", "in", tipIds).execute();
  await db.deleteFrom("reminder_steps").where("tip_id", "in", tipIds).execute();
}
