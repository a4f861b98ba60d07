/**
 * The period report's hotspot alerts (issue 17; app/routes/giam-sat.bao-cao.tsx) on a real
 * database of this run's dialect: alerts written by detection's own writers (claim the day,
 * upsert the alert, add its day) with hand-chosen figures, one marked handled through the
 * real operation. The report lists the alerts current on some day of its period — not those
 * before or after — with only that period's days, the strongest of them, where each stands
 * now and who handled it with the note; the type filter, the unit filter (a ward's station:
 * its alerts; the cyber unit: none), the province supervisor's scope, a national supervisor's
 * `?province=` (pageScope) and every province side by side (named). The page itself:
 * tests/e2e/ward-map.test.ts.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodAlertViews, reportAlertScope } from "../../app/utils/hotspots.server";
import { pageScope } from "../../app/utils/oversight-page.server";
import type { StaffUser } from "../../app/utils/auth.server";
import { handleHotspotAlert } from "../../core/hotspots";
import { ALL_UNITS, unitsScope, type UnitScope } from "../../db/queries/scope";
import { listUnitCodesOfProvince } from "../../db/queries/units";
import type { Database } from "../../db/schema";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { recordAlertDays } from "../setup/hotspot-fixtures";
import { CYBER, seedUnits, seedUsers, UNIT_A, UNIT_B } from "../setup/staff-fixtures";

const AT = "2026-11-25T02:00:00.000Z";
const NOVEMBER = { from: "2026-11-01", to: "2026-11-30" };

describe.each(DIALECTS)("the period report's hotspot alerts (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let province: UnitScope;
  const ids = { october: 0, straddling: 0, theft: 0, drugs: 0, hanoi: 0 };
  let officerA = 0;

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    await seedUnits(db);
    officerA = (await seedUsers(db)).officerA;
    province = unitsScope(await listUnitCodesOfProvince(db, "48"));
    // Over before November: not in its report.
    ids.october = await recordAlertDays(db, { province: "48", category: "theft", wards: [UNIT_A], first: "2026-10-10", days: 3, incidents: [9, 10, 11], expected: [3, 3, 3], scores: [5, 6, 7] });
    // From the end of October into November: in both months, with only November's days in November's report.
    ids.straddling = await recordAlertDays(db, { province: "48", category: "drugs", wards: [UNIT_B], first: "2026-10-30", days: 4, incidents: [6, 7, 8, 9], expected: [2, 2, 2.5, 2.5], scores: [4, 9.5, 5, 4.5] });
    // November, An Hải and Hải Châu together (adjacent), strongest on its 3rd day.
    ids.theft = await recordAlertDays(db, { province: "48", category: "theft", wards: [UNIT_A, UNIT_B], first: "2026-11-10", days: 5, incidents: [12, 15, 19, 20, 21], expected: [4, 4.5, 5, 6, 7.5], scores: [6, 7.5, 11.2, 10, 8] });
    // The last days recorded (current now), Hải Châu alone.
    ids.drugs = await recordAlertDays(db, { province: "48", category: "drugs", wards: [UNIT_B], first: "2026-11-22", days: 3, incidents: [5, 6, 8], expected: [1.5, 1.8, 2], scores: [4.1, 5, 6.3] });
    // Another province (Hà Nội), current.
    ids.hanoi = await recordAlertDays(db, { province: "01", category: "theft", wards: ["00004"], first: "2026-11-20", days: 5, incidents: [7, 8, 9, 10, 11], expected: [2, 2, 2, 2, 2], scores: [4, 5, 6, 7, 8] });
    expect(await handleHotspotAlert(db, ids.theft, unitsScope([UNIT_A]), { userId: officerA, note: "Đã tăng cường tuần tra quanh chợ." }, new Date(AT))).toBe(true);
  });
  afterAll(async () => database?.destroy());

  const views = (scope: UnitScope, options: { period?: { from: string; to: string }; category?: string | null; provinces?: boolean; locale?: "vi" | "en" } = {}) =>
    periodAlertViews(db, { role: "supervisor" }, scope, options.locale ?? "vi", { period: options.period ?? NOVEMBER, category: options.category ?? null, provinces: options.provinces });

  it("lists the alerts current on some day of the period, with that period's days only, the strongest day and the handling", async () => {
    const november = await views(province);
    expect(november.map((a) => a.id)).toEqual([ids.straddling, ids.theft, ids.drugs]);

    const straddling = november.find((a) => a.id === ids.straddling)!;
    expect(straddling.days.map((d) => d.day)).toEqual(["2026-11-01", "2026-11-02"]);
    expect([straddling.first, straddling.last, straddling.dayCount]).toEqual(["2026-11-01", "2026-11-02", 2]);
    // Its strongest day overall (31 October, 9.5) is outside the period: November's strongest is the 1st.
    expect(straddling.peak).toEqual({ day: "2026-11-01", incidents: 8, expected: 2.5, score: 5 });
    expect(straddling.current).toBe(false);

    const theft = november.find((a) => a.id === ids.theft)!;
    expect(theft.wards.map((w) => w.name)).toEqual(["Phường Hải Châu", "Phường An Hải"]);
    expect(theft.categoryLabel).toMatch(/^Trộm cắp/);
    expect([theft.first, theft.last, theft.dayCount]).toEqual(["2026-11-10", "2026-11-14", 5]);
    expect(theft.peak).toEqual({ day: "2026-11-12", incidents: 19, expected: 5, score: 11.2 });
    expect(theft.state).toBe("handled");
    expect(theft.handled).toEqual({ by: "Nguyễn Văn An", at: AT, note: "Đã tăng cường tuần tra quanh chợ." });
    expect(theft.current).toBe(false);
    expect(theft.province).toBeNull();

    const drugs = november.find((a) => a.id === ids.drugs)!;
    expect([drugs.state, drugs.handled, drugs.current]).toEqual(["open", null, true]);

    // October holds the alert that ended then and the first two days of the straddling one.
    const october = await views(province, { period: { from: "2026-10-01", to: "2026-10-31" } });
    expect(october.map((a) => a.id)).toEqual([ids.october, ids.straddling]);
    expect(october[1]!.days.map((d) => d.day)).toEqual(["2026-10-30", "2026-10-31"]);
    expect(october[1]!.peak.score).toBe(9.5);
    // One day: only what was current that day; a period with none, nothing.
    expect((await views(province, { period: { from: "2026-11-14", to: "2026-11-14" } })).map((a) => [a.id, a.dayCount])).toEqual([[ids.theft, 1]]);
    expect(await views(province, { period: { from: "2026-09-01", to: "2026-09-30" } })).toEqual([]);
  });

  it("follows the report's type and unit filters", async () => {
    expect((await views(province, { category: "theft" })).map((a) => a.id)).toEqual([ids.theft]);
    expect((await views(province, { category: "drugs" })).map((a) => a.id)).toEqual([ids.straddling, ids.drugs]);
    // An Hải's station: the alert that straddles An Hải and Hải Châu; Hải Châu's: all three.
    expect((await views(reportAlertScope(province, UNIT_A))).map((a) => a.id)).toEqual([ids.theft]);
    expect((await views(reportAlertScope(province, UNIT_B))).map((a) => a.id)).toEqual([ids.straddling, ids.theft, ids.drugs]);
    // The cyber unit is no ward's station; a unit outside the scope shows nothing either.
    expect(await views(reportAlertScope(province, CYBER))).toEqual([]);
    expect(await views(reportAlertScope(province, "00004"))).toEqual([]);
  });

  it("gives a province's supervisor their province, a national supervisor the chosen province or every province by name", async () => {
    const national = { role: "supervisor", provinceCode: null, unitCodes: [], national: true } as unknown as StaffUser;
    const supervisor = { role: "supervisor", provinceCode: "48", unitCodes: [], national: false } as unknown as StaffUser;
    const chosen = await pageScope(db, national, { province: "01" });
    expect((await views(chosen.scope)).map((a) => a.id)).toEqual([ids.hanoi]);
    expect((await views((await pageScope(db, supervisor, { province: null })).scope)).map((a) => a.id)).toEqual([ids.straddling, ids.theft, ids.drugs]);

    const all = await views(ALL_UNITS, { provinces: true });
    expect(all.map((a) => [a.id, a.province])).toEqual([
      [ids.straddling, "Thành phố Đà Nẵng"], [ids.theft, "Thành phố Đà Nẵng"], [ids.hanoi, "Thành phố Hà Nội"], [ids.drugs, "Thành phố Đà Nẵng"],
    ]);
    expect(all.find((a) => a.id === ids.hanoi)!.current).toBe(true);
  });

  it("words the alerts in English too", async () => {
    const [theft] = await views(province, { category: "theft", locale: "en" });
    expect(theft!.categoryLabel).not.toMatch(/Trộm/);
    expect(theft!.words.sentence).toMatch(/^Hotspot: “.+” incidents in Phường Hải Châu and Phường An Hải \(two adjacent communes\/wards\) have risen since /);
  });
});
