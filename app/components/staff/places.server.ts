/** The administrator's gazetteer page and its CSV export: the province shown (default 48) and its wards by name. */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { listAllProvinces, listAllWardsOfProvince } from "../../../db/queries/units";

export async function provinceAndWards(db: Kysely<Database>, requested: string | null) {
  const provinces = await listAllProvinces(db);
  const province = provinces.find((p) => p.code === requested)?.code ?? (provinces.find((p) => p.code === "48") ?? provinces[0])?.code ?? "48";
  const wards = await listAllWardsOfProvince(db, province);
  return { provinces, province, wards };
}

