import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface RoutingRuleInput {
  provinceCode: string;
  category: string;
  unitCode: string;
  mode: "route" | "copy";
}

/** Adds a rule unless the same active rule exists; returns whether it was added. */
export async function addRoutingRule(db: Kysely<Database>, rule: RoutingRuleInput, createdAt: string): Promise<boolean> {
  const existing = await db
    .selectFrom("routing_rules")
    .select("id")
    .where("province_code", "=", rule.provinceCode)
    .where("category", "=", rule.category)
    .where("unit_code", "=", rule.unitCode)
    .where("mode", "=", rule.mode)
    .where("active", "=", 1)
    .executeTakeFirst();
  if (existing) return false;
  await db
    .insertInto("routing_rules")
    .values({ province_code: rule.provinceCode, category: rule.category, unit_code: rule.unitCode, mode: rule.mode, active: 1, created_at: createdAt })
    .execute();
  return true;
}

export async function listActiveRoutingRules(db: Kysely<Database>) {
  const rows = await db
    .selectFrom("routing_rules")
    .select(["id", "province_code", "category", "unit_code", "mode"])
    .where("active", "=", 1)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, provinceCode: r.province_code, category: r.category, unitCode: r.unit_code, mode: r.mode, active: true }));
}

export async function deactivateRoutingRule(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db.updateTable("routing_rules").set({ active: 0 }).where("id", "=", id).where("active", "=", 1).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countActiveRoutingRules(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("routing_rules").select(db.fn.countAll<number>().as("n")).where("active", "=", 1).executeTakeFirstOrThrow();
  return Number(row.n);
}
