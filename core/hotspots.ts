/**
 * Hotspot alerts, the operation (issue 17; docs/decisions/0070-hotspot-alerts.md):
 * detection over a province's incidents (the statistic is domain/hotspots.ts, 0060),
 * from scratch (the command line, a worker's first run) or one day at a time from a
 * detector kept in the worker's memory; recording each day's alerts once, whichever
 * worker gets there first; telling the wards' officers and the province's supervisors
 * once per alert (and again when it grows a step); the pages' reads and "handled".
 *
 * Days are complete Vietnam days: an alert is about the incidents first reported up to
 * the end of a day, so the worker looks at a day once it is over (and a grace period
 * for the pipeline to place its last tips).
 */
import type { Kysely } from "kysely";
import { appendAudit } from "../db/queries/audit";
import { listCategoryCodes } from "../db/queries/categories";
import {
  claimHotspotDay, findAnnouncedOverlap, findContinuedAlert, findHotspotAlert, findHotspotProgress, firstIncidentDay, insertHotspotAlertDay, listCurrentHotspotAlerts, listHotspotAlertDays,
  listPeriodHotspotAlerts, listProvincesWithIncidents, listProvinceWardBoundaries, listWardIncidents, markHotspotAlertHandled, reshapeHotspotAlert, setNotifiedRise, upsertHotspotAlert,
  type HotspotAlertDayRow, type HotspotAlertRow,
} from "../db/queries/hotspots";
import { insertAlertNotifications } from "../db/queries/notifications";
import type { UnitScope } from "../db/queries/scope";
import type { Database } from "../db/schema";
import { wardAdjacency, type WardFeature } from "../domain/geo";
import { refreshSummaries } from "../db/queries/summaries";
import { createHotspotDetector, layDailyCounts, type HotspotAlert, type HotspotArea, type HotspotDetector } from "../domain/hotspots";
import { hotspotAlertStep } from "../domain/notifications";
import { addDays, daysBetween, type Day } from "../domain/stats";
import { vietnamDay } from "../domain/vietnam-time";

/** How long after a day ends the worker waits before looking at it: the pipeline places a tip within seconds, Redis outages aside. */
export const HOTSPOT_GRACE_MS = 15 * 60_000;
/**
 * A detector kept in memory is rebuilt from scratch after this many days: an officer's
 * merge or split changes past counts, which a day-by-day update never sees (0060: a
 * rebuild is cheap).
 */
export const HOTSPOT_REBUILD_DAYS = 7;

/** An alert sharing a type and a ward with one announced within this many days is its continuation, not news. */
export const HOTSPOT_OVERLAP_DAYS = 7;

/** The last complete Vietnam day at `now`, `graceMs` after it ended. */
export function lastCompleteDay(now: Date, graceMs = 0): Day {
  return addDays(vietnamDay(new Date(now.getTime() - graceMs).toISOString()), -1);
}

export interface ProvinceArea {
  provinceCode: string;
  area: HotspotArea;
  /** Changes when a ward or a type of crime is added: the detector must then be rebuilt. */
  signature: string;
}

/** A province's wards, which of them touch (from the stored boundaries) and the types of crime. */
export async function loadProvinceArea(db: Kysely<Database>, provinceCode: string): Promise<ProvinceArea> {
  const wards = await listProvinceWardBoundaries(db, provinceCode);
  const categories = await listCategoryCodes(db);
  const features: WardFeature[] = wards
    .filter((w) => w.boundary !== null)
    .map((w) => ({ code: w.code, geometry: JSON.parse(w.boundary!) as WardFeature["geometry"] }));
  const area: HotspotArea = { wardCodes: wards.map((w) => w.code), adjacency: wardAdjacency(features), categories };
  return { provinceCode, area, signature: `${area.wardCodes.join(",")}|${categories.join(",")}|${features.length}` };
}

/**
 * Distinct incidents per day, ward and type from `from` through `to` (days), from the stored
 * daily counts (hotspot_day_counts, kept by the oversight refresher: call
 * `refreshSummaries` first so the last changes are in).
 */
export async function countProvinceIncidents(db: Kysely<Database>, provinceCode: string, area: HotspotArea, from: Day, to: Day): Promise<Int32Array[]> {
  return layDailyCounts(await listWardIncidents(db, provinceCode, from, to), area, from, to);
}

/** The alerts current at the end of `through`, from scratch (the command line's `--at`). */
export async function detectProvinceHotspots(db: Kysely<Database>, provinceCode: string, through: Day, now = new Date()): Promise<HotspotAlert[]> {
  await refreshSummaries(db, now);
  const { area } = await loadProvinceArea(db, provinceCode);
  const first = await firstIncidentDay(db, provinceCode);
  if (!first || first > through) return [];
  const detector = createHotspotDetector(area, first);
  for (const counts of await countProvinceIncidents(db, provinceCode, area, first, through)) detector.addDay(counts);
  return detector.alerts();
}

/** Provinces that have incidents in their wards: the ones detection runs for. */
export const provincesToWatch = listProvincesWithIncidents;

/** A province's detector in a worker's memory, and through which day it has counted. */
interface Watch {
  province: ProvinceArea;
  detector: HotspotDetector;
  /** The day it was built from scratch through. */
  builtThrough: Day;
}

/** What a worker process keeps between runs: one detector per province. */
export type HotspotMemory = Map<string, Watch>;

export function createHotspotMemory(): HotspotMemory {
  return new Map();
}

export interface DetectionRun {
  provinces: number;
  /** Days this run recorded (days another worker recorded first are not counted). */
  daysRecorded: number;
  /** Alerts current on the last day recorded. */
  alerts: number;
  notifications: number;
  /** Units whose live queues to tell of new notifications. */
  units: string[];
}

/**
 * Brings every province's detection up to the last complete day: each day not yet
 * recorded is counted, detected and recorded — by exactly one worker (claimHotspotDay) —
 * and the alerts current on the last complete day are announced (once per step).
 * The detector stays in `memory`, so the next day costs one day's counts.
 */
export async function runHotspotDetection(db: Kysely<Database>, memory: HotspotMemory, now: Date, graceMs = HOTSPOT_GRACE_MS): Promise<DetectionRun> {
  const through = lastCompleteDay(now, graceMs);
  const run: DetectionRun = { provinces: 0, daysRecorded: 0, alerts: 0, notifications: 0, units: [] };
  const units = new Set<string>();
  // The daily counts come with the oversight figures: bring both up to the last change.
  await refreshSummaries(db, now);
  for (const provinceCode of await provincesToWatch(db)) {
    run.provinces += 1;
    let watch = memory.get(provinceCode);
    // Most runs of a day find their day done: nothing read but the list of provinces.
    if (watch && watch.detector.lastDay === through && daysBetween(watch.builtThrough, through) < HOTSPOT_REBUILD_DAYS) continue;
    const province = await loadProvinceArea(db, provinceCode);
    const stale = !watch || watch.province.signature !== province.signature || daysBetween(watch.builtThrough, through) >= HOTSPOT_REBUILD_DAYS
      || (watch.detector.lastDay !== null && watch.detector.lastDay > through);
    let from: Day;
    if (stale) {
      const first = await firstIncidentDay(db, provinceCode);
      if (!first || first > through) continue;
      from = first;
      watch = { province, detector: createHotspotDetector(province.area, from), builtThrough: through };
      memory.set(provinceCode, watch);
    } else {
      from = addDays(watch!.detector.lastDay!, 1);
    }
    if (from > through) continue;
    const recorded = await findHotspotProgress(db, provinceCode);
    const counts = await countProvinceIncidents(db, provinceCode, province.area, from, through);
    for (const [i, dayCounts] of counts.entries()) {
      const day = addDays(from, i);
      watch!.detector.addDay(dayCounts);
      if (recorded !== null && day <= recorded) continue;
      const result = await recordHotspotDay(db, province, day, watch!.detector.alerts(), dayCounts, { announce: day === through, at: now.toISOString() });
      if (!result) continue;
      run.daysRecorded += 1;
      if (day === through) run.alerts += result.alerts;
      run.notifications += result.notifications;
      for (const unit of result.units) units.add(unit);
    }
  }
  run.units = [...units];
  return run;
}

/**
 * One day's alerts of a province, in one transaction that first takes the day
 * (null: another worker has it). Each alert is upserted (the same row while it
 * continues), its day added to its evolution, and — on the day being announced — its
 * people told if hotspotAlertStep says so.
 */
export async function recordHotspotDay(
  db: Kysely<Database>, province: ProvinceArea, day: Day, alerts: HotspotAlert[], counts: Int32Array, options: { announce: boolean; at: string },
): Promise<{ alerts: number; notifications: number; units: string[] } | null> {
  const { area } = province;
  const wardIndex = new Map(area.wardCodes.map((code, i) => [code, i]));
  const categoryIndex = new Map(area.categories.map((code, i) => [code, i]));
  return db.transaction().execute(async (trx) => {
    if (!(await claimHotspotDay(trx, province.provinceCode, day, options.at))) return null;
    let notifications = 0;
    const units = new Set<string>();
    const continued: number[] = [];
    for (const alert of alerts) {
      const c = categoryIndex.get(alert.category)!;
      const dayIncidents = alert.wardCodes.reduce((sum, ward) => sum + counts[c * area.wardCodes.length + wardIndex.get(ward)!]!, 0);
      // One hotspot, one alert: a new shape of yesterday's alert (a ward, then it and its neighbour, or back) continues its row.
      let raisedOn = alert.raisedOn;
      const previous = await findContinuedAlert(trx, {
        provinceCode: province.provinceCode, category: alert.category, wardCodes: alert.wardCodes, previousDay: addDays(day, -1), taken: continued,
      });
      if (previous) {
        continued.push(previous.id);
        const sameShape = previous.wards === [...alert.wardCodes].sort().join(",");
        if (sameShape || (await reshapeHotspotAlert(trx, { id: previous.id, provinceCode: province.provinceCode, category: alert.category, raisedOn: previous.raisedOn }, alert.wardCodes))) {
          raisedOn = previous.raisedOn;
        }
      }
      const row = await upsertHotspotAlert(trx, { ...alert, provinceCode: province.provinceCode, raisedOn, day }, options.at);
      await insertHotspotAlertDay(trx, {
        alertId: row.id, day, dayIncidents, incidents: alert.incidents, expected: alert.expected, rise: alert.rise, score: alert.score,
      });
      if (!options.announce) continue;
      let notifiedRise = row.notifiedRise;
      if (notifiedRise === null) {
        // The same hotspot in another shape (a ward, then it and its neighbour) was announced lately: carry that on.
        notifiedRise = await findAnnouncedOverlap(trx, {
          id: row.id, provinceCode: province.provinceCode, category: alert.category, wardCodes: alert.wardCodes, sinceDay: addDays(day, -HOTSPOT_OVERLAP_DAYS),
        });
        if (notifiedRise !== null) await setNotifiedRise(trx, row.id, notifiedRise);
      }
      const step = hotspotAlertStep({ rise: alert.rise, notifiedRise, state: row.state });
      if (step === null) continue;
      const told = await insertAlertNotifications(trx, {
        alertId: row.id, wardCodes: alert.wardCodes, provinceCode: province.provinceCode, kind: "hotspot_alert", step, at: options.at,
      });
      await setNotifiedRise(trx, row.id, alert.rise);
      notifications += told.created;
      for (const unit of told.units) units.add(unit);
    }
    return { alerts: alerts.length, notifications, units: [...units] };
  });
}

// ---------------------------------------------------------------------------
// What the pages read and change

export interface AlertWithDays extends HotspotAlertRow {
  days: HotspotAlertDayRow[];
}

async function withDays(db: Kysely<Database>, alerts: HotspotAlertRow[], period?: { from: Day; to: Day }): Promise<AlertWithDays[]> {
  const days = await listHotspotAlertDays(db, alerts.map((a) => a.id), period);
  return alerts.map((alert) => ({ ...alert, days: days.filter((d) => d.alertId === alert.id) }));
}

/** The alerts current now in the scope's wards (officers: their units' wards; supervisors: their province), with their evolution. */
export async function currentHotspotAlerts(db: Kysely<Database>, scope: UnitScope): Promise<AlertWithDays[]> {
  return withDays(db, await listCurrentHotspotAlerts(db, scope));
}

/**
 * The alerts of the scope's wards current on some day of the period (of one type when
 * `category` is set), each with its evolution within the period: what the period report lists.
 */
export async function periodHotspotAlerts(db: Kysely<Database>, scope: UnitScope, period: { from: Day; to: Day }, category: string | null, limit = 100): Promise<AlertWithDays[]> {
  return withDays(db, await listPeriodHotspotAlerts(db, scope, { ...period, category }, limit), period);
}

/** One alert of the scope with its evolution, or null (not there, or not the scope's). */
export async function hotspotAlert(db: Kysely<Database>, id: number, scope: UnitScope): Promise<AlertWithDays | null> {
  const alert = await findHotspotAlert(db, id, scope);
  return alert ? (await withDays(db, [alert]))[0]! : null;
}

/**
 * An officer of the alert's ward or a supervisor of its province marks it handled, with
 * a note; the system log records who, when and which alert. False when it was not
 * theirs to handle or was handled already.
 */
export async function handleHotspotAlert(
  db: Kysely<Database>, id: number, scope: UnitScope, by: { userId: number; note: string }, now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const changed = await markHotspotAlertHandled(trx, id, scope, { ...by, at });
    if (changed) await appendAudit(trx, { at, actorUserId: by.userId, type: "hotspot.handled", data: { alertId: id } });
    return changed;
  });
}
