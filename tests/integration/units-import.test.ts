import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { CliError } from "../../cli/errors";
import { countUnits } from "../../db/queries/units";
import { DIALECTS, tempDir, type TestDatabase } from "../setup/db";

const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");

describe.each(DIALECTS)("units import on %s", (_name, create) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => database.destroy());

  it("loads 34 provinces, 3,321 wards and the old→new mappings, twice without duplicates", async () => {
    const first = await importUnits(database.db);
    expect(first.totals).toMatchObject({ provinces: 34, wards: 3321 });
    // 10,977 source rows less 5 empty rows and 146 exact duplicates.
    expect(first.totals.mappings).toBe(10_826);
    expect(first.prepared).toMatchObject({ emptyRows: 5, duplicates: 146 });
    const second = await importUnits(database.db);
    expect(second.totals).toEqual(first.totals);
  });

  it("recovers mappings whose new ward code is wrong by the new ward's name", async () => {
    // Quảng Nam communes listed with a code from another province in the source data.
    const rows = await database.db
      .selectFrom("ward_mappings")
      .innerJoin("units", "units.code", "ward_mappings.new_ward_code")
      .select(["units.province_code"])
      .where("ward_mappings.old_province_folded", "=", "tinh quang nam")
      .execute();
    expect(rows.length).toBeGreaterThan(200);
    expect(new Set(rows.map((r) => r.province_code))).toEqual(new Set(["48"]));
  });

  it("folds names for diacritic-free search", async () => {
    const unit = await database.db.selectFrom("units").select(["name", "name_folded"]).where("code", "=", "20200").executeTakeFirstOrThrow();
    expect(unit).toEqual({ name: "Phường Hòa Khánh", name_folded: "phuong hoa khanh" });
  });

  it("imports ward boundaries with bounding boxes", async () => {
    expect(await importBoundaries(database.db, BOUNDARIES)).toBe(94);
    const anHai = await database.db.selectFrom("units").select(["boundary", "min_lng", "max_lat"]).where("code", "=", "20275").executeTakeFirstOrThrow();
    expect(JSON.parse(anHai.boundary!).type).toMatch(/Polygon/);
    expect(anHai.min_lng).toBeGreaterThan(108);
    expect(anHai.max_lat).toBeLessThan(17);
  });

  it("rejects boundaries for unknown wards and files that are not GeoJSON", async () => {
    const dir = tempDir();
    const unknown = path.join(dir, "unknown.geojson");
    writeFileSync(unknown, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { code: "99999" }, geometry: { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }] }));
    await expect(importBoundaries(database.db, unknown)).rejects.toThrow(CliError);
    await expect(importBoundaries(database.db, unknown)).rejects.toThrow(/99999 is not imported/);
    const notJson = path.join(dir, "bad.geojson");
    writeFileSync(notJson, "{ nope");
    await expect(importBoundaries(database.db, notJson)).rejects.toThrow(/cannot read/);
  });

  it("rejects an unknown province", async () => {
    await expect(importUnits(database.db, "99")).rejects.toThrow(/unknown province code "99"/);
    expect((await countUnits(database.db)).provinces).toBe(34);
  });
});
