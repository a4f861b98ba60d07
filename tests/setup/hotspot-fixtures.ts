/**
 * A province for the hotspot tests: the staff fixtures' world (province 48, An Hải and
 * Hải Châu with their officers, a supervisor) plus a score of real Đà Nẵng wards with
 * their boundaries, and a history of theft incidents written straight into `tips`
 * (routed, placed in a ward) — a steady background, a tripled rise in An Hải, and
 * duplicate storms (one incident reported by many people, one cluster).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { claimHotspotDay, insertHotspotAlertDay, upsertHotspotAlert } from "../../db/queries/hotspots";
import { addDays } from "../../domain/stats";
import { deadlineFor } from "../../domain/deadline";
import { foldVietnamese } from "../../domain/text";
import { seedUnits, seedUsers, UNIT_A, UNIT_B } from "./staff-fixtures";

export const HOTSPOT_WARD = UNIT_A;
/** History from FIRST_DAY for HISTORY_DAYS days; the rise takes the last RISE_DAYS of them. */
export const FIRST_DAY = "2026-01-01";
export const HISTORY_DAYS = 150;
export const RISE_DAYS = 7;
export const LAST_DAY = addDays(FIRST_DAY, HISTORY_DAYS - 1);
export const RISE_START = addDays(LAST_DAY, -(RISE_DAYS - 1));

interface Feature { properties: { code: string; name?: string }; geometry: unknown }

/** Units and users: the staff world, and 18 more wards of the seed boundaries, so shares and adjacency are real. */
export async function seedHotspotWorld(db: Kysely<Database>) {
  await seedUnits(db);
  const ids = await seedUsers(db);
  const file = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");
  const features = (JSON.parse(readFileSync(file, "utf8")) as { features: Feature[] }).features
    .filter((f) => f.properties.code !== UNIT_A && f.properties.code !== UNIT_B)
    .sort((a, b) => a.properties.code.localeCompare(b.properties.code))
    .slice(0, 18);
  await db.insertInto("units").values(features.map((f) => {
    const name = f.properties.name ?? `Phường ${f.properties.code}`;
    return {
      code: f.properties.code, name, name_folded: foldVietnamese(name), level: "ward" as const, parent_code: "48", province_code: "48",
      boundary: JSON.stringify(f.geometry),
    };
  })).execute();
  return { ids, wards: [UNIT_A, UNIT_B, ...features.map((f) => f.properties.code)].sort() };
}

function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k += 1;
  return k;
}

export interface IncidentPlan {
  /** Usual theft incidents a day in An Hải; other wards have 1–3. */
  usual: number;
  /** An Hải's incidents are multiplied by this over the last RISE_DAYS days (1 = no rise). */
  rise: number;
  seed?: number;
}

let receiptSeq = 0;

/** Inserts one tip per incident (lone tips: no cluster) at noon Vietnam time of its day; returns how many. */
export async function insertIncidentHistory(db: Kysely<Database>, wards: readonly string[], plan: IncidentPlan): Promise<number> {
  const random = seededRandom(plan.seed ?? 17);
  const rows: Array<Parameters<typeof tipRow>> = [];
  for (let d = 0; d < HISTORY_DAYS; d++) {
    const day = addDays(FIRST_DAY, d);
    for (const [i, ward] of wards.entries()) {
      const usual = ward === HOTSPOT_WARD ? plan.usual : 1 + (i % 3);
      const mean = ward === HOTSPOT_WARD && day >= RISE_START ? usual * plan.rise : usual;
      for (let n = poisson(random, mean); n > 0; n--) rows.push([ward, day, null]);
    }
  }
  await insertTips(db, rows);
  return rows.length;
}

/** One incident in `ward` on `day` reported `reports` times: one cluster. */
export async function insertDuplicateStorm(db: Kysely<Database>, ward: string, day: string, reports: number): Promise<number> {
  const at = `${day}T05:00:00.000Z`;
  const { id } = await db.insertInto("clusters").values({ created_at: at, size: reports, merged_into: null }).returning("id").executeTakeFirstOrThrow();
  await insertTips(db, Array.from({ length: reports }, () => [ward, day, id] as Parameters<typeof tipRow>));
  return id;
}

/** A routed theft tip placed in `ward`, received on `day` (noon in Vietnam, a minute after the last) or at `exactly`. */
export function tipRow(ward: string, day: string, clusterId: number | null, exactly?: string) {
  receiptSeq += 1;
  // Noon in Vietnam (05:00 UTC), a minute apart so receipt order is clear.
  const at = exactly ?? new Date(Date.parse(`${day}T05:00:00.000Z`) + (receiptSeq % 600) * 60_000).toISOString();
  return {
    receipt_hash: `hotspot-fixture-${receiptSeq}`, channel: "web" as const, category: "theft", description: "Trộm cắp xe máy.",
    description_folded: "trom cap xe may", occurred_precision: "unknown" as const, location_kind: "ward" as const, location_ward_code: ward,
    status: "routed" as const, ward_code: ward, unit_code: ward, cluster_id: clusterId, deadline_at: deadlineFor(at), created_at: at, updated_at: at,
    processed_at: at,
  };
}

async function insertTips(db: Kysely<Database>, rows: Array<Parameters<typeof tipRow>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto("tips").values(rows.slice(i, i + 500).map((r) => tipRow(...r))).execute();
  }
}

export interface AlertPlan { province: string; category: string; wards: string[]; first: string; days: number; incidents: number[]; expected: number[]; scores: number[] }

/**
 * An alert current from `first` for `days` days with hand-chosen figures (one per day), written
 * by detection's own writers day by day (the day claimed, the alert upserted, its day added) at `at`.
 */
export async function recordAlertDays(db: Kysely<Database>, plan: AlertPlan, at = "2026-11-25T02:00:00.000Z"): Promise<number> {
  let id = 0;
  for (let i = 0; i < plan.days; i++) {
    const day = addDays(plan.first, i);
    await db.transaction().execute(async (trx) => {
      await claimHotspotDay(trx, plan.province, day, at);
      const row = await upsertHotspotAlert(trx, {
        provinceCode: plan.province, category: plan.category, wardCodes: plan.wards, raisedOn: plan.first, since: addDays(plan.first, -2), day,
        incidents: plan.incidents[i]!, expected: plan.expected[i]!, rise: 3, score: plan.scores[i]!, confidence: 0.97,
      }, at);
      await insertHotspotAlertDay(trx, { alertId: row.id, day, dayIncidents: i + 1, incidents: plan.incidents[i]!, expected: plan.expected[i]!, rise: 3, score: plan.scores[i]! });
      id = row.id;
    });
  }
  return id;
}
