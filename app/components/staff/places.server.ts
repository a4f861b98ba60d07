/** The administrator's gazetteer page and its CSV export: the province shown (default 48) and its wards by name. */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

export async function provinceAndWards(db: Kysely<Database>, requested: string | null) {
  const provinces = await db.selectFrom("units").select(["code", "name"]).where("level", "=", "province").orderBy("code").execute();
  const province = provinces.find((p) => p.code === requested)?.code ?? (provinces.find((p) => p.code === "48") ?? provinces[0])?.code ?? "48";
  const wards = await db.selectFrom("units").select(["code", "name", "name_folded"]).where("level", "=", "ward").where("province_code", "=", province).orderBy("name_folded").execute();
  return { provinces, province, wards };
}

