/**
 * Hotspot alerts (issue 17; docs/decisions/0070-hotspot-alerts.md): what detection reads
 * (a province's wards, the first report of each incident), what it records (alerts, their
 * days, the progress mark that makes one worker record a day), and what the pages read
 * and change (current alerts in a scope, one alert, marking it handled).
 */
import { sql, type Kysely } from "kysely";
import type { WardIncidentCount } from "../../domain/hotspots";
import type { Day } from "../../domain/stats";
import type { Database, HotspotAlertState } from "../schema";
import { unitInScope, type UnitScope } from "./scope";

/** Provinces with at least one tip placed in one of their wards (reads the tips_dedupe index by ward). */
export async function listProvincesWithIncidents(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom("units")
    .select("units.province_code")
    .distinct()
    .where("units.level", "=", "ward")
    .where((eb) => eb.exists(eb.selectFrom("tips").select("tips.id").whereRef("tips.ward_code", "=", "units.code")))
    .orderBy("units.province_code")
    .execute();
  return rows.map((r) => r.province_code);
}

/** A province's wards (retired ones too: their history counts), with their boundaries, in code order. */
export async function listProvinceWardBoundaries(db: Kysely<Database>, provinceCode: string): Promise<Array<{ code: string; name: string; boundary: string | null }>> {
  return db.selectFrom("units").select(["code", "name", "boundary"]).where("province_code", "=", provinceCode).where("level", "=", "ward").orderBy("code").execute();
}

/** A ward's incidents of one type on one day, in its province (the table hotspot_day_counts). */
export interface WardIncidents extends WardIncidentCount {
  provinceCode: string;
}

/**
 * Replaces one day's stored incident counts (every province's) with `cells`; called by the
 * oversight refresher (db/queries/summaries.ts) for each day it recomputes, in its transaction.
 */
export async function replaceHotspotDay(trx: Kysely<Database>, day: Day, cells: readonly WardIncidents[]): Promise<void> {
  await trx.deleteFrom("hotspot_day_counts").where("day", "=", day).execute();
  for (let i = 0; i < cells.length; i += 500) {
    await trx
      .insertInto("hotspot_day_counts")
      .values(cells.slice(i, i + 500).map((c) => ({ province_code: c.provinceCode, day, ward_code: c.wardCode, category: c.category, incidents: c.incidents })))
      .execute();
  }
}

/** The first day with an incident in one of the province's wards, or null. */
export async function firstIncidentDay(db: Kysely<Database>, provinceCode: string): Promise<Day | null> {
  const row = await db.selectFrom("hotspot_day_counts").select((eb) => eb.fn.min("day").as("first")).where("province_code", "=", provinceCode).executeTakeFirst();
  return row?.first ?? null;
}

/** The province's stored incident counts from `from` through `to` (days): one range of the table's key. */
export async function listWardIncidents(db: Kysely<Database>, provinceCode: string, from: Day, to: Day): Promise<Array<WardIncidentCount & { day: Day }>> {
  const rows = await db
    .selectFrom("hotspot_day_counts")
    .select(["day", "ward_code as wardCode", "category", "incidents"])
    .where("province_code", "=", provinceCode)
    .where("day", ">=", from)
    .where("day", "<=", to)
    .execute();
  return rows.map((r) => ({ ...r, incidents: Number(r.incidents) }));
}

/** The last day whose detection is recorded for the province, or null. */
export async function findHotspotProgress(db: Kysely<Database>, provinceCode: string): Promise<string | null> {
  const row = await db.selectFrom("hotspot_progress").select("last_day").where("province_code", "=", provinceCode).executeTakeFirst();
  return row?.last_day ?? null;
}

/**
 * Takes the right to record `day` for the province: true for exactly one caller, and only
 * if no later or equal day is recorded (a compare-and-set on hotspot_progress; under
 * PostgreSQL a second transaction waits for the first and then finds the day taken).
 * Call it first in the transaction that records the day.
 */
export async function claimHotspotDay(trx: Kysely<Database>, provinceCode: string, day: string, at: string): Promise<boolean> {
  const moved = await trx
    .updateTable("hotspot_progress")
    .set({ last_day: day, updated_at: at })
    .where("province_code", "=", provinceCode)
    .where("last_day", "<", day)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) > 0) return true;
  const inserted = await trx
    .insertInto("hotspot_progress")
    .values({ province_code: provinceCode, last_day: day, updated_at: at })
    .onConflict((oc) => oc.column("province_code").doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface AlertFigures {
  provinceCode: string;
  category: string;
  wardCodes: readonly string[];
  raisedOn: string;
  since: string;
  day: string;
  incidents: number;
  expected: number;
  rise: number;
  score: number;
  confidence: number;
}

/**
 * Records an alert current on `figures.day`: the same row as the days before while it
 * continues (same province, type, wards and day raised), its latest figures updated.
 */
export async function upsertHotspotAlert(
  trx: Kysely<Database>, figures: AlertFigures, at: string,
): Promise<{ id: number; state: HotspotAlertState; notifiedRise: number | null }> {
  const wards = [...figures.wardCodes].sort();
  const latest = {
    since: figures.since, last_day: figures.day, incidents: figures.incidents, expected: figures.expected, rise: figures.rise,
    score: figures.score, confidence: figures.confidence, updated_at: at,
  };
  return trx
    .insertInto("hotspot_alerts")
    .values({
      ...latest, province_code: figures.provinceCode, category: figures.category, wards: wards.join(","), ward_code: wards[0]!,
      other_ward_code: wards[1] ?? null, raised_on: figures.raisedOn, created_at: at,
    })
    .onConflict((oc) => oc.columns(["province_code", "category", "wards", "raised_on"]).doUpdateSet(latest))
    .returning(["id", "state", "notified_rise as notifiedRise"])
    .executeTakeFirstOrThrow();
}

/**
 * The alert of the type in the province that was current on `previousDay`, shares a ward
 * with `wardCodes` and is not in `taken`, strongest first: the hotspot an alert of a new
 * shape (a ward, then the ward and its neighbour) continues. Null when there is none.
 */
export async function findContinuedAlert(
  trx: Kysely<Database>, alert: { provinceCode: string; category: string; wardCodes: readonly string[]; previousDay: string; taken: readonly number[] },
): Promise<{ id: number; raisedOn: string; wards: string } | null> {
  let query = trx
    .selectFrom("hotspot_alerts")
    .select(["id", "raised_on as raisedOn", "wards"])
    .where("province_code", "=", alert.provinceCode)
    .where("category", "=", alert.category)
    .where("last_day", "=", alert.previousDay)
    .where((eb) => eb.or([eb("ward_code", "in", [...alert.wardCodes]), eb("other_ward_code", "in", [...alert.wardCodes])]));
  if (alert.taken.length > 0) query = query.where("id", "not in", [...alert.taken]);
  return (await query.orderBy("score", "desc").orderBy("id").executeTakeFirst()) ?? null;
}

/**
 * Gives an alert its new ward(s), keeping its row (and so its evolution, state and
 * notifications); false, changing nothing, when another alert already has that identity.
 */
export async function reshapeHotspotAlert(trx: Kysely<Database>, alert: { id: number; provinceCode: string; category: string; raisedOn: string }, wardCodes: readonly string[]): Promise<boolean> {
  const wards = [...wardCodes].sort();
  const clash = await trx
    .selectFrom("hotspot_alerts")
    .select("id")
    .where("province_code", "=", alert.provinceCode)
    .where("category", "=", alert.category)
    .where("wards", "=", wards.join(","))
    .where("raised_on", "=", alert.raisedOn)
    .where("id", "<>", alert.id)
    .executeTakeFirst();
  if (clash) return false;
  await trx
    .updateTable("hotspot_alerts")
    .set({ wards: wards.join(","), ward_code: wards[0]!, other_ward_code: wards[1] ?? null })
    .where("id", "=", alert.id)
    .execute();
  return true;
}

export async function insertHotspotAlertDay(
  trx: Kysely<Database>, day: { alertId: number; day: string; dayIncidents: number; incidents: number; expected: number; rise: number; score: number },
): Promise<void> {
  await trx
    .insertInto("hotspot_alert_days")
    .values({ alert_id: day.alertId, day: day.day, day_incidents: day.dayIncidents, incidents: day.incidents, expected: day.expected, rise: day.rise, score: day.score })
    .onConflict((oc) => oc.columns(["alert_id", "day"]).doNothing())
    .execute();
}

/**
 * The largest rise already announced for another alert of the type in the province that
 * shares a ward with `wardCodes` and was current on or after `sinceDay`, or null: a hotspot
 * whose shape changes (a ward, then the ward and its neighbour) is not announced twice.
 */
export async function findAnnouncedOverlap(
  trx: Kysely<Database>, alert: { id: number; provinceCode: string; category: string; wardCodes: readonly string[]; sinceDay: string },
): Promise<number | null> {
  const row = await trx
    .selectFrom("hotspot_alerts")
    .select((eb) => eb.fn.max("notified_rise").as("rise"))
    .where("province_code", "=", alert.provinceCode)
    .where("category", "=", alert.category)
    .where("id", "<>", alert.id)
    .where("last_day", ">=", alert.sinceDay)
    .where("notified_rise", "is not", null)
    .where((eb) => eb.or([eb("ward_code", "in", [...alert.wardCodes]), eb("other_ward_code", "in", [...alert.wardCodes])]))
    .executeTakeFirst();
  return row?.rise === null || row?.rise === undefined ? null : Number(row.rise);
}

export async function setNotifiedRise(trx: Kysely<Database>, alertId: number, rise: number): Promise<void> {
  await trx.updateTable("hotspot_alerts").set({ notified_rise: rise }).where("id", "=", alertId).execute();
}

export interface HotspotAlertRow {
  id: number;
  provinceCode: string;
  category: string;
  wardCodes: string[];
  raisedOn: string;
  since: string;
  lastDay: string;
  incidents: number;
  expected: number;
  rise: number;
  score: number;
  confidence: number;
  state: HotspotAlertState;
  handledBy: string | null;
  handledAt: string | null;
  handledNote: string | null;
  /** Whether the alert was current on the last day recorded for its province. */
  current: boolean;
}

/** An alert's ward(s) is a unit of the scope: what an officer of the ward, or a supervisor of its province, sees. */
function alertVisibleInScope(scope: UnitScope) {
  return sql<boolean>`(${unitInScope(scope, "hotspot_alerts.ward_code")} or ${unitInScope(scope, "hotspot_alerts.other_ward_code")})`;
}

function alertRows(db: Kysely<Database>) {
  return db
    .selectFrom("hotspot_alerts")
    .leftJoin("users", "users.id", "hotspot_alerts.handled_by")
    .leftJoin("hotspot_progress", "hotspot_progress.province_code", "hotspot_alerts.province_code")
    .select([
      "hotspot_alerts.id", "hotspot_alerts.province_code", "hotspot_alerts.category", "hotspot_alerts.wards", "hotspot_alerts.raised_on",
      "hotspot_alerts.since", "hotspot_alerts.last_day", "hotspot_alerts.incidents", "hotspot_alerts.expected", "hotspot_alerts.rise",
      "hotspot_alerts.score", "hotspot_alerts.confidence", "hotspot_alerts.state", "users.name as handled_by_name", "hotspot_alerts.handled_at",
      "hotspot_alerts.handled_note", "hotspot_progress.last_day as province_day",
    ]);
}

type AlertSelection = Awaited<ReturnType<ReturnType<typeof alertRows>["execute"]>>[number];

function toAlertRow(r: AlertSelection): HotspotAlertRow {
  return {
    id: r.id, provinceCode: r.province_code, category: r.category, wardCodes: r.wards.split(","), raisedOn: r.raised_on, since: r.since,
    lastDay: r.last_day, incidents: Number(r.incidents), expected: Number(r.expected), rise: Number(r.rise), score: Number(r.score),
    confidence: Number(r.confidence), state: r.state, handledBy: r.handled_by_name, handledAt: r.handled_at, handledNote: r.handled_note,
    current: r.province_day === r.last_day,
  };
}

/** The alerts current now (on their province's last recorded day) whose ward(s) the scope covers; open ones first, strongest first. */
export async function listCurrentHotspotAlerts(db: Kysely<Database>, scope: UnitScope, limit = 50): Promise<HotspotAlertRow[]> {
  const rows = await alertRows(db)
    .whereRef("hotspot_alerts.last_day", "=", "hotspot_progress.last_day")
    .where(alertVisibleInScope(scope))
    .orderBy("hotspot_alerts.state", "desc")
    .orderBy("hotspot_alerts.score", "desc")
    .orderBy("hotspot_alerts.id")
    .limit(limit)
    .execute();
  return rows.map(toAlertRow);
}

/**
 * The alerts current on at least one day from `period.from` through `period.to` (days) whose
 * ward(s) the scope covers, of one type when `category` is set: the period report's
 * (app/routes/giam-sat.bao-cao.tsx). Oldest rise first; at most `limit`.
 */
export async function listPeriodHotspotAlerts(
  db: Kysely<Database>, scope: UnitScope, period: { from: string; to: string; category: string | null }, limit = 100,
): Promise<HotspotAlertRow[]> {
  let query = alertRows(db)
    .where(alertVisibleInScope(scope))
    .where("hotspot_alerts.raised_on", "<=", period.to)
    .where("hotspot_alerts.last_day", ">=", period.from)
    .where((eb) => eb.exists(eb.selectFrom("hotspot_alert_days").select("hotspot_alert_days.alert_id")
      .whereRef("hotspot_alert_days.alert_id", "=", "hotspot_alerts.id")
      .where("hotspot_alert_days.day", ">=", period.from)
      .where("hotspot_alert_days.day", "<=", period.to)));
  if (period.category !== null) query = query.where("hotspot_alerts.category", "=", period.category);
  const rows = await query.orderBy("hotspot_alerts.raised_on").orderBy("hotspot_alerts.id").limit(limit).execute();
  return rows.map(toAlertRow);
}

/** One alert, if the scope covers its ward(s). */
export async function findHotspotAlert(db: Kysely<Database>, id: number, scope: UnitScope): Promise<HotspotAlertRow | null> {
  const row = await alertRows(db).where("hotspot_alerts.id", "=", id).where(alertVisibleInScope(scope)).executeTakeFirst();
  return row ? toAlertRow(row) : null;
}

export interface HotspotAlertDayRow {
  alertId: number;
  day: string;
  dayIncidents: number;
  incidents: number;
  expected: number;
  score: number;
}

/** The days of these alerts (those from `period.from` through `period.to` when given), oldest first. */
export async function listHotspotAlertDays(db: Kysely<Database>, alertIds: readonly number[], period?: { from: string; to: string }): Promise<HotspotAlertDayRow[]> {
  if (alertIds.length === 0) return [];
  let query = db
    .selectFrom("hotspot_alert_days")
    .select(["alert_id", "day", "day_incidents", "incidents", "expected", "score"])
    .where("alert_id", "in", [...alertIds]);
  if (period) query = query.where("day", ">=", period.from).where("day", "<=", period.to);
  const rows = await query
    .orderBy("alert_id")
    .orderBy("day")
    .execute();
  return rows.map((r) => ({
    alertId: r.alert_id, day: r.day, dayIncidents: Number(r.day_incidents), incidents: Number(r.incidents), expected: Number(r.expected), score: Number(r.score),
  }));
}

/**
 * Marks an open alert of the scope handled, with a note; false when it is not visible
 * or already handled (a second press changes nothing).
 */
export async function markHotspotAlertHandled(
  db: Kysely<Database>, id: number, scope: UnitScope, by: { userId: number; note: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable("hotspot_alerts")
    .set({ state: "handled", handled_by: by.userId, handled_at: by.at, handled_note: by.note, updated_at: by.at })
    .where("id", "=", id)
    .where("state", "=", "open")
    .where(alertVisibleInScope(scope))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
