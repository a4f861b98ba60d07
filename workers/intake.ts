/**
 * The intake processor: takes one committed tip through the pipeline
 * (resolve the place → route to a unit → cluster duplicates) and records every
 * decision in the tip's audit trail. Idempotent: a tip already past `received`
 * is left alone, so a retried or duplicated job changes nothing.
 */
import type { Kysely } from "kysely";
import { appendTipEvent } from "../db/queries/tip-events";
import type { Database } from "../db/schema";

export interface IntakeContext {
  db: Kysely<Database>;
  now?: () => Date;
}

export type IntakeOutcome = "routed" | "skipped" | "missing";

export async function processIntake(ctx: IntakeContext, tipId: number): Promise<IntakeOutcome> {
  const now = (ctx.now ?? (() => new Date()))().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const tip = await trx
      .selectFrom("tips")
      .select(["id", "status", "location_ward_code", "location_province_code"])
      .where("id", "=", tipId)
      .executeTakeFirst();
    if (!tip) return "missing";
    if (tip.status !== "received") return "skipped";

    const ward = tip.location_ward_code
      ? await trx.selectFrom("units").select(["code", "province_code"]).where("code", "=", tip.location_ward_code).where("level", "=", "ward").executeTakeFirst()
      : undefined;
    const unitCode = ward?.code ?? tip.location_province_code ?? null;
    const reason = ward ? `ward ${ward.code} given; its own unit` : unitCode ? "place not resolved; province triage queue" : "no place; unrouted";

    await trx
      .updateTable("tips")
      .set({
        status: "routed",
        ward_code: ward?.code ?? null,
        resolve_method: ward ? "code" : "none",
        resolve_confidence: ward ? 1 : 0,
        unit_code: unitCode,
        processed_at: now,
        updated_at: now,
      })
      .where("id", "=", tipId)
      .execute();
    await appendTipEvent(trx, {
      tipId, at: now, actorKind: "system", type: "routed",
      data: { wardCode: ward?.code ?? null, method: ward ? "code" : "none", unitCode, reason },
    });
    return "routed";
  });
}
