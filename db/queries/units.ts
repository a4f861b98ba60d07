import type { Kysely } from "kysely";
import type { MappingRow, UnitRow } from "../../domain/unit-data";
import type { Database } from "../schema";

const CHUNK = 400;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Inserts or refreshes units by code; leaves boundaries and special units alone. */
export async function upsertUnits(db: Kysely<Database>, units: UnitRow[]): Promise<void> {
  for (const batch of chunks(units)) {
    await db
      .insertInto("units")
      .values(batch.map((u) => ({ ...u, active: 1 })))
      .onConflict((oc) =>
        oc.column("code").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          name_folded: eb.ref("excluded.name_folded"),
          level: eb.ref("excluded.level"),
          parent_code: eb.ref("excluded.parent_code"),
          province_code: eb.ref("excluded.province_code"),
        })),
      )
      .execute();
  }
}

/** Inserts mappings not yet present (identity: old ward, district, province → new ward). */
export async function insertWardMappings(db: Kysely<Database>, mappings: MappingRow[]): Promise<void> {
  for (const batch of chunks(mappings)) {
    await db
      .insertInto("ward_mappings")
      .values(batch)
      .onConflict((oc) =>
        oc.columns(["old_ward_folded", "old_district_folded", "old_province_folded", "new_ward_code"]).doNothing(),
      )
      .execute();
  }
}

export async function countUnits(db: Kysely<Database>) {
  const rows = await db.selectFrom("units").select(["level", db.fn.countAll<number>().as("n")]).groupBy("level").execute();
  const mappings = await db.selectFrom("ward_mappings").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const byLevel = Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
  return { provinces: byLevel.province ?? 0, wards: byLevel.ward ?? 0, special: byLevel.special ?? 0, mappings: Number(mappings.n) };
}

export async function findUnit(db: Kysely<Database>, code: string) {
  return db
    .selectFrom("units")
    .select(["code", "name", "level", "province_code", "parent_code", "active"])
    .where("code", "=", code)
    .executeTakeFirst();
}

export interface Bbox { minLng: number; minLat: number; maxLng: number; maxLat: number }

/** Active wards whose boundary box overlaps `box`, with their boundaries: what a map of that area shows. */
export async function listWardsInBox(db: Kysely<Database>, box: Bbox): Promise<Array<{ code: string; name: string; boundary: string | null }>> {
  return db
    .selectFrom("units")
    .select(["code", "name", "boundary"])
    .where("level", "=", "ward")
    .where("active", "=", 1)
    .where("boundary", "is not", null)
    .where("max_lng", ">=", box.minLng)
    .where("min_lng", "<=", box.maxLng)
    .where("max_lat", ">=", box.minLat)
    .where("min_lat", "<=", box.maxLat)
    .orderBy("code")
    .execute();
}

export async function setUnitBoundary(db: Kysely<Database>, code: string, geometry: string, bbox: Bbox): Promise<boolean> {
  const result = await db
    .updateTable("units")
    .set({ boundary: geometry, min_lng: bbox.minLng, min_lat: bbox.minLat, max_lng: bbox.maxLng, max_lat: bbox.maxLat })
    .where("code", "=", code)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Creates a special unit (e.g. "48-CYBER", the provincial cyber unit) attached to a province. */
export async function createSpecialUnit(db: Kysely<Database>, unit: { code: string; name: string; provinceCode: string; nameFolded: string }) {
  await db
    .insertInto("units")
    .values({
      code: unit.code, name: unit.name, name_folded: unit.nameFolded, level: "special",
      parent_code: unit.provinceCode, province_code: unit.provinceCode, active: 1,
    })
    .onConflict((oc) => oc.column("code").doUpdateSet({ name: unit.name, name_folded: unit.nameFolded }))
    .execute();
}

/** Special units (e.g. a provincial cyber unit) and province units, for administration. */
export async function listNonWardUnits(db: Kysely<Database>) {
  return db
    .selectFrom("units")
    .select(["code", "name", "level", "province_code", "active"])
    .where("level", "in", ["special", "province"])
    .orderBy("province_code")
    .orderBy("level")
    .orderBy("code")
    .execute();
}
