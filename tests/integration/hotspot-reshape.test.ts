/**
 * One hotspot, one alert (docs/decisions/0077): when the detector's choice reshapes a
 * hotspot from one day to the next — An Hải alone, then An Hải with its neighbour, then
 * An Hải alone again — the days are recorded on the same alert row (its wards named as they
 * are now, its evolution unbroken), and its people are told once. A rise of another type
 * in the same wards, or in wards it does not share, is another alert.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProvinceArea, recordHotspotDay, type ProvinceArea } from "../../core/hotspots";
import type { Database } from "../../db/schema";
import type { HotspotAlert } from "../../domain/hotspots";
import { addDays } from "../../domain/stats";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { seedHotspotWorld } from "../setup/hotspot-fixtures";
import { UNIT_A, UNIT_B } from "../setup/staff-fixtures";

const DAY = "2026-05-10";

describe.each(DIALECTS)("a reshaped hotspot stays one alert (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let province: ProvinceArea;
  let ids: Awaited<ReturnType<typeof seedHotspotWorld>>["ids"];
  let far: string;

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    const world = await seedHotspotWorld(db);
    ids = world.ids;
    far = world.wards.find((w) => w !== UNIT_A && w !== UNIT_B)!;
    province = await loadProvinceArea(db, "48");
  }, 60_000);
  afterAll(async () => {
    await database?.destroy();
  });

  const alert = (wardCodes: string[], day: string, extra: Partial<HotspotAlert> = {}): HotspotAlert => ({
    category: "theft", wardCodes: [...wardCodes].sort(), since: addDays(DAY, -3), at: day, raisedOn: day, incidents: 12, expected: 3, rise: 3,
    score: 14, confidence: 0.99, ...extra,
  });
  const record = (day: string, alerts: HotspotAlert[]) =>
    recordHotspotDay(db, province, day, alerts, new Int32Array(province.area.wardCodes.length * province.area.categories.length), { announce: true, at: `${day}T18:00:00.000Z` });
  const rows = () => db.selectFrom("hotspot_alerts").select(["id", "wards", "raised_on", "last_day", "category"]).orderBy("id").execute();
  const told = () => db.selectFrom("notifications").select(["user_id", "alert_id", "step"]).where("kind", "=", "hotspot_alert").orderBy("id").execute();

  it("An Hải, then An Hải with Hải Châu, then An Hải again: one row, its wards as they are, one notification per person", async () => {
    await record(DAY, [alert([UNIT_A], DAY)]);
    const [first] = await rows();
    const firstTold = await told();
    expect(firstTold.map((n) => n.user_id).sort()).toEqual([ids.officerA, ids.supervisor].sort());

    const day2 = addDays(DAY, 1);
    await record(day2, [alert([UNIT_A, UNIT_B], day2, { score: 16 })]);
    expect(await rows()).toEqual([{ id: first!.id, wards: [UNIT_A, UNIT_B].sort().join(","), raised_on: DAY, last_day: day2, category: "theft" }]);
    // Hải Châu's officer learns of it only if it grows a step; nobody is told twice of the same rise.
    expect(await told()).toEqual(firstTold);

    const day3 = addDays(DAY, 2);
    await record(day3, [alert([UNIT_A], day3, { raisedOn: DAY })]);
    expect(await rows()).toEqual([{ id: first!.id, wards: UNIT_A, raised_on: DAY, last_day: day3, category: "theft" }]);
    const days = await db.selectFrom("hotspot_alert_days").select("day").where("alert_id", "=", first!.id).orderBy("day").execute();
    expect(days.map((d) => d.day)).toEqual([DAY, day2, day3]);
    expect(await told()).toEqual(firstTold);
  });

  it("another type in the same ward, or a ward it does not share, is another alert; a gap of a day ends the hotspot", async () => {
    const day4 = addDays(DAY, 3);
    await record(day4, [alert([UNIT_A], day4, { raisedOn: DAY }), alert([UNIT_A], day4, { category: "drugs" }), alert([far], day4)]);
    const now = (await rows()).filter((r) => r.last_day === day4);
    expect(now.map((r) => `${r.category}:${r.wards}`).sort()).toEqual([`drugs:${UNIT_A}`, `theft:${UNIT_A}`, `theft:${far}`].sort());
    expect(new Set(now.map((r) => r.id)).size).toBe(3);

    const later = addDays(DAY, 5);
    const before = (await rows()).length;
    await record(later, [alert([UNIT_A, UNIT_B], later)]);
    expect(await rows()).toHaveLength(before + 1);
  });
});
