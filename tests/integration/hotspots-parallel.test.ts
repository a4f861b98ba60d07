/**
 * Detection from scratch in worker threads (core/hotspots-parallel.ts, docs/decisions/0095) gives the
 * same alerts, to the last digit, as the province-by-province detection (detectProvinceHotspots) on a
 * generated history with a rise (a tripled rate of thefts in An Hải over its last week) — on a real
 * database of each dialect; with two threads and with none.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectProvinceHotspots, provincesToWatch } from "../../core/hotspots";
import { detectProvincesHotspots } from "../../core/hotspots-parallel";
import { refreshSummaries } from "../../db/queries/summaries";
import type { Database } from "../../db/schema";
import { addDays } from "../../domain/stats";
import { vietnamDayStart } from "../../domain/vietnam-time";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { HOTSPOT_WARD, insertIncidentHistory, LAST_DAY, seedHotspotWorld } from "../setup/hotspot-fixtures";
import { UNIT_B } from "../setup/staff-fixtures";

/** 01:00 in Vietnam the day after the history. */
const NOW = new Date(Date.parse(vietnamDayStart(addDays(LAST_DAY, 1))) + 3_600_000);

describe.each(DIALECTS)("hotspot detection in threads (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    const world = await seedHotspotWorld(db);
    await insertIncidentHistory(db, world.wards, { usual: 4, rise: 3 });
    // A second province with incidents of its own, so there is more than one detector to share out.
    await db.updateTable("units").set({ province_code: "01", parent_code: "01" }).where("code", "=", UNIT_B).execute();
    await refreshSummaries(db, NOW);
  }, 180_000);
  afterAll(async () => {
    await database?.destroy();
  });

  it("the same alerts, in the same order, as one province after another", async () => {
    const provinces = await provincesToWatch(db);
    expect(provinces.length).toBeGreaterThan(1);
    const oneByOne = new Map<string, unknown>();
    for (const province of provinces) oneByOne.set(province, await detectProvinceHotspots(db, province, LAST_DAY, NOW));
    // The history's rise is found: the comparison is over real alerts, scores and all.
    expect([...oneByOne.values()].flat()).toContainEqual(expect.objectContaining({ wardCodes: expect.arrayContaining([HOTSPOT_WARD]), category: "theft" }));
    for (const threads of [2, 1]) {
      const together = await detectProvincesHotspots(db, provinces, LAST_DAY, { now: NOW, threads });
      expect([...together.keys()]).toEqual(provinces);
      expect(together).toEqual(oneByOne);
    }
  }, 120_000);
});
