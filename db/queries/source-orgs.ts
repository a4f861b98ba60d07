import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface SourceOrgInput {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: "association" | "model";
  provinceCode: string | null;
}

export async function upsertSourceOrg(db: Kysely<Database>, org: SourceOrgInput, createdAt: string): Promise<void> {
  await db
    .insertInto("source_orgs")
    .values({
      code: org.code, name_vi: org.nameVi, name_en: org.nameEn, kind: org.kind,
      province_code: org.provinceCode, active: 1, created_at: createdAt,
    })
    .onConflict((oc) => oc.column("code").doUpdateSet({ name_vi: org.nameVi, name_en: org.nameEn, kind: org.kind }))
    .execute();
}

export async function listActiveSourceOrgs(db: Kysely<Database>, provinceCode?: string | null) {
  let query = db
    .selectFrom("source_orgs")
    .select(["code", "name_vi", "name_en", "kind"])
    .where("active", "=", 1)
    .orderBy("kind")
    .orderBy("name_vi");
  if (provinceCode) query = query.where((eb) => eb.or([eb("province_code", "is", null), eb("province_code", "=", provinceCode)]));
  return query.execute();
}

/** Every organisation, active or not (administration page). */
export async function listSourceOrgs(db: Kysely<Database>) {
  return db
    .selectFrom("source_orgs")
    .select(["code", "name_vi", "name_en", "kind", "province_code", "active"])
    .orderBy("active", "desc")
    .orderBy("kind")
    .orderBy("name_vi")
    .execute();
}

export async function setSourceOrgActive(db: Kysely<Database>, code: string, active: boolean): Promise<boolean> {
  const result = await db.updateTable("source_orgs").set({ active: active ? 1 : 0 }).where("code", "=", code).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countActiveSourceOrgs(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("source_orgs").select(db.fn.countAll<number>().as("n")).where("active", "=", 1).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An organisation's names, retired ones included (a tip keeps its source). */
export async function findSourceOrgName(db: Kysely<Database>, code: string): Promise<{ vi: string; en: string } | null> {
  const row = await db.selectFrom("source_orgs").select(["name_vi", "name_en"]).where("code", "=", code).executeTakeFirst();
  return row ? { vi: row.name_vi, en: row.name_en } : null;
}
