/**
 * Moves a tip to a status as an officer's work would, for tests that need a tip
 * past `received` without running the whole pipeline. The database refuses a tip
 * past `received` without an owner (docs/decisions/0055), so an unrouted tip is
 * given the lowest-coded province unit — the duty desk the pipeline would pick
 * when it knows nothing else.
 */
import type { Kysely } from "kysely";
import type { Database, TipStatus } from "../../db/schema";

export async function setTipStatus(db: Kysely<Database>, tipId: number, status: Exclude<TipStatus, "received">, extra: { valuable?: number } = {}): Promise<void> {
  const tip = await db.selectFrom("tips").select("unit_code").where("id", "=", tipId).executeTakeFirstOrThrow();
  let owner = tip.unit_code;
  if (!owner) {
    const desk = await db.selectFrom("units").select("code").where("level", "=", "province").orderBy("code").executeTakeFirst();
    if (!desk) throw new Error("setTipStatus: no province unit to own the tip; import units first");
    owner = desk.code;
  }
  await db.updateTable("tips").set({ status, unit_code: owner, ...extra }).where("id", "=", tipId).execute();
}
