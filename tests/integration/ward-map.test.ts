/**
 * The ward map's data on SQLite and PostgreSQL, from the dashboard's
 * hand-worked fixture (tests/setup/dashboard-fixture.ts, "now" 22 November
 * 2026): each ward's figure is its station's row of the oversight figures,
 * the list behind "past the deadline" holds exactly the tips that figure
 * counts, and the projected geometry is reused until a boundary changes.
 * The pages themselves are tests/e2e/ward-map.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOversightQuery } from "../../app/utils/oversight.server";
import { parseWardFigure, projectedProvince, wardValues } from "../../app/utils/ward-map-page.server";
import { computeOversight, type OversightFigures } from "../../core/oversight";
import type { UnitScope } from "../../db/queries/scope";
import { listUnitTips } from "../../db/queries/stats";
import { listMappedWards } from "../../db/queries/units";
import { vietnamDayStart } from "../../domain/vietnam-time";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { type Fixture, insertFixture, NOW, SUPERVISOR_UNITS, UNITS } from "../setup/dashboard-fixture";
import { boundaryOf } from "../setup/staff-fixtures";

const supervisor: UnitScope = { kind: "units", units: SUPERVISOR_UNITS };
const noFilters = { unit: null, category: null, channel: null, org: null };
/** A ward of the province with no tips in the fixture (Phường Sơn Trà). */
const QUIET = "20209";

describe.each(DIALECTS)("the ward map's data on %s", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let fixture: Fixture;
  let month: OversightFigures;

  beforeAll(async () => {
    database = await createDatabase();
    fixture = await insertFixture(database.db);
    month = await computeOversight(database.db, supervisor, parseOversightQuery(new URLSearchParams(), NOW), NOW);
  });
  afterAll(async () => database?.destroy());

  it("gives each ward its station's figures, and no ratio where nothing is assessed", () => {
    const wards = [UNITS.anHai, UNITS.haiChau, UNITS.haiVan, QUIET];
    const values = (figure: string) => [...wardValues(month, wards, parseWardFigure(new URLSearchParams({ map: figure })))];
    expect(values("incidents")).toEqual([[UNITS.anHai, 2], [UNITS.haiChau, 3], [UNITS.haiVan, 1], [QUIET, 0]]);
    expect(values("tips")).toEqual([[UNITS.anHai, 4], [UNITS.haiChau, 3], [UNITS.haiVan, 1], [QUIET, 0]]);
    // An Hải 2 valuable of 3 assessed, Hải Châu 1 of 2, Hải Vân 0 of 1.
    expect(values("valuableRatio")).toEqual([[UNITS.anHai, 2 / 3], [UNITS.haiChau, 1 / 2], [UNITS.haiVan, 0], [QUIET, null]]);
    // Past the deadline today: P3 at Hải Châu (received 10 October); Z1's extended deadline has not passed.
    expect(values("pastDeadline")).toEqual([[UNITS.anHai, 0], [UNITS.haiChau, 1], [UNITS.haiVan, 0], [QUIET, 0]]);
    // Anything else asked for is the default figure.
    expect(parseWardFigure(new URLSearchParams({ map: "<script>" }))).toBe("incidents");
  });

  it("lists exactly the tips the past-the-deadline figure counts, whenever received, in scope only", async () => {
    const deadlineBefore = vietnamDayStart("2026-11-22");
    const list = (unit: string, scope: UnitScope) =>
      listUnitTips(database.db, { unit, scope, filters: noFilters, window: { overdue: { deadlineBefore } }, limit: 50, before: null });
    for (const unit of [UNITS.anHai, UNITS.haiChau, UNITS.haiVan, UNITS.cyber]) {
      const figure = month.units.find((u) => u.unit === unit)!.overdue;
      expect((await list(unit, supervisor)).rows.length, unit).toBe(figure);
    }
    expect((await list(UNITS.haiChau, supervisor)).rows.map((r) => r.id)).toEqual([fixture.tips.p3]);
    expect((await list(UNITS.haiChau, { kind: "units", units: [UNITS.anHai] })).rows).toEqual([]);
  });

  it("projects a province's wards once, and again only when a boundary changes", async () => {
    for (const code of [UNITS.anHai, UNITS.haiChau, UNITS.haiVan]) {
      await database.db.updateTable("units").set(boundaryOf(code)).where("code", "=", code).execute();
    }
    const wards = await listMappedWards(database.db, "48");
    expect(wards.map((w) => w.code)).toEqual([UNITS.haiVan, UNITS.haiChau, UNITS.anHai].sort());
    const first = await projectedProvince(database.db, "48", wards);
    expect(first.wards.map((w) => w.code).sort()).toEqual(wards.map((w) => w.code));
    expect(await projectedProvince(database.db, "48", await listMappedWards(database.db, "48"))).toBe(first);

    // Hải Vân's boundary replaced by Hải Châu's shape: its box changes, so the province is projected again.
    await database.db.updateTable("units").set(boundaryOf(UNITS.haiChau)).where("code", "=", UNITS.haiVan).execute();
    const again = await projectedProvince(database.db, "48", await listMappedWards(database.db, "48"));
    expect(again).not.toBe(first);
    expect(again.wards.find((w) => w.code === UNITS.haiVan)!.d).not.toBe(first.wards.find((w) => w.code === UNITS.haiVan)!.d);
  });
});
