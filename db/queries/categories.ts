import type { Kysely } from "kysely";
import type { Database } from "../schema";

/** The contract's codes: exports and partners depend on them, so they can be relabelled but never retired. */
export const CONTRACT_CATEGORIES = [
  "drugs", "theft", "robbery", "fraud", "cybercrime", "gambling", "usury", "weapons", "trafficking",
  "smuggling", "prostitution", "violence", "racing", "environment", "security", "corruption", "other",
] as const;

export async function listCategories(db: Kysely<Database>) {
  return db
    .selectFrom("categories")
    .select(["code", "label_vi", "label_en", "description_vi", "description_en", "sort_order", "active"])
    .orderBy("sort_order")
    .execute();
}

export interface CategoryInput {
  code: string;
  labelVi: string;
  labelEn: string;
  descriptionVi: string;
  descriptionEn: string;
}

/** Adds a category at the end of the list, or relabels an existing one. */
export async function saveCategory(db: Kysely<Database>, category: CategoryInput): Promise<void> {
  const last = await db.selectFrom("categories").select(db.fn.max("sort_order").as("n")).executeTakeFirst();
  const labels = {
    label_vi: category.labelVi, label_en: category.labelEn,
    description_vi: category.descriptionVi, description_en: category.descriptionEn,
  };
  await db
    .insertInto("categories")
    .values({ code: category.code, ...labels, sort_order: Number(last?.n ?? 0) + 1, active: 1 })
    .onConflict((oc) => oc.column("code").doUpdateSet(labels))
    .execute();
}

/** Retires or restores an added category; the contract's categories stay active. Returns whether it changed. */
export async function setCategoryActive(db: Kysely<Database>, code: string, active: boolean): Promise<boolean> {
  if ((CONTRACT_CATEGORIES as readonly string[]).includes(code)) return false;
  const result = await db.updateTable("categories").set({ active: active ? 1 : 0 }).where("code", "=", code).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Every category code, retired ones included (the triage context checks a tip's against them). */
export async function listCategoryCodes(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom("categories").select("code").execute()).map((r) => r.code);
}
