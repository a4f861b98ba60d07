/**
 * Reference data the public intake offers and checks against: categories,
 * provinces and their communes/wards, mass organisations and community models.
 * Read-only; units and organisations are maintained by the CLI (units.ts, source-orgs.ts).
 */
import { runCompiled } from "../compiled";
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface CategoryOption {
  code: string;
  labelVi: string;
  labelEn: string;
  descriptionVi: string;
  descriptionEn: string;
}

export async function listActiveCategories(db: Kysely<Database>): Promise<CategoryOption[]> {
  const rows = await db
    .selectFrom("categories")
    .select(["code", "label_vi", "label_en", "description_vi", "description_en"])
    .where("active", "=", 1)
    .orderBy("sort_order")
    .execute();
  return rows.map((r) => ({
    code: r.code, labelVi: r.label_vi, labelEn: r.label_en, descriptionVi: r.description_vi, descriptionEn: r.description_en,
  }));
}

export interface PlaceOption {
  code: string;
  name: string;
}

/** Provinces in the official (GSO code) order residents know from administrative lists. */
export async function listProvinces(db: Kysely<Database>): Promise<PlaceOption[]> {
  return db
    .selectFrom("units")
    .select(["code", "name"])
    .where("level", "=", "province")
    .where("active", "=", 1)
    .orderBy("code")
    .execute();
}

export interface WardOption extends PlaceOption {
  nameFolded: string;
  provinceCode: string;
}

/** The communes/wards of one province, or of every province when none is given. */
export async function listWards(db: Kysely<Database>, provinceCode: string | null): Promise<WardOption[]> {
  let query = db
    .selectFrom("units")
    .select(["code", "name", "name_folded", "province_code"])
    .where("level", "=", "ward")
    .where("active", "=", 1)
    .orderBy("name_folded")
    .orderBy("code");
  if (provinceCode) query = query.where("province_code", "=", provinceCode);
  const rows = await query.execute();
  return rows.map((r) => ({ code: r.code, name: r.name, nameFolded: r.name_folded, provinceCode: r.province_code }));
}

/**
 * The pre-2025 ward names each current ward of a province (or of every province)
 * took in, from the official old→new mapping: one row per distinct name and ward.
 */
export async function listFormerWardNames(db: Kysely<Database>, provinceCode: string | null): Promise<Array<{ wardCode: string; name: string }>> {
  let query = db
    .selectFrom("ward_mappings")
    .innerJoin("units", "units.code", "ward_mappings.new_ward_code")
    .select(["ward_mappings.new_ward_code as wardCode", "ward_mappings.old_ward_name as name"])
    .distinct()
    .where("units.level", "=", "ward")
    .where("units.active", "=", 1)
    .orderBy("ward_mappings.new_ward_code")
    .orderBy("ward_mappings.old_ward_name");
  if (provinceCode) query = query.where("units.province_code", "=", provinceCode);
  return query.execute();
}

export async function findActiveWard(db: Kysely<Database>, code: string) {
  // Every tip's checks (this and the three below): compiled once (docs/decisions/0091).
  const { rows: [row] } = await runCompiled(db, "active-ward", (slot) => db
    .selectFrom("units")
    .select(["code", "name", "province_code"])
    .where("code", "=", slot<string>(0))
    .where("level", "=", "ward")
    .where("active", "=", 1), [code]);
  return row ? { code: row.code, name: row.name, provinceCode: row.province_code } : undefined;
}

export async function isActiveProvince(db: Kysely<Database>, code: string): Promise<boolean> {
  const { rows: [row] } = await runCompiled(db, "active-province", (slot) => db
    .selectFrom("units")
    .select("code")
    .where("code", "=", slot<string>(0))
    .where("level", "=", "province")
    .where("active", "=", 1), [code]);
  return !!row;
}

export async function isActiveCategory(db: Kysely<Database>, code: string): Promise<boolean> {
  const { rows: [row] } = await runCompiled(db, "active-category", (slot) =>
    db.selectFrom("categories").select("code").where("code", "=", slot<string>(0)).where("active", "=", 1), [code]);
  return !!row;
}

export async function isActiveSourceOrg(db: Kysely<Database>, code: string): Promise<boolean> {
  const { rows: [row] } = await runCompiled(db, "active-source-org", (slot) =>
    db.selectFrom("source_orgs").select("code").where("code", "=", slot<string>(0)).where("active", "=", 1), [code]);
  return !!row;
}
