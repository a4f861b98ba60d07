/**
 * Retention: the content of closed, non-valuable tips is erased after the
 * retention period. The tip row stays (category, unit, ward, dates, outcome),
 * so every statistic is unchanged; what could identify or embarrass anyone —
 * the text, the address, the point, the identity, the messages, the photos — goes.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { deleteNotificationsOfTips } from "./notifications";
import { deleteEscalationsOfTips } from "./escalation";
import { appendTipEvent } from "./tip-events";

export interface PurgeResult {
  tips: number;
  photoFiles: string[];
}

export async function findTipsToPurge(db: Kysely<Database>, closedBefore: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom("tips")
    .select("id")
    .where("status", "=", "closed")
    .where("closed_at", "<", closedBefore)
    .where("purged_at", "is", null)
    .where((eb) => eb.or([eb("valuable", "=", 0), eb("valuable", "is", null)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("case_tips").select("case_tips.tip_id").whereRef("case_tips.tip_id", "=", "tips.id"))))
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Erases one batch of tips' content in one transaction; returns the photo files to delete afterwards. */
export async function purgeTipContent(db: Kysely<Database>, tipIds: number[], at: string): Promise<PurgeResult> {
  if (tipIds.length === 0) return { tips: 0, photoFiles: [] };
  return db.transaction().execute(async (trx) => {
    const photos = await trx.selectFrom("tip_photos").select(["tip_id", "file_name"]).where("tip_id", "in", tipIds).execute();
    await trx.deleteFrom("tip_photos").where("tip_id", "in", tipIds).execute();
    await trx.updateTable("tip_messages").set({ body: "" }).where("tip_id", "in", tipIds).execute();
    // Identifiers come from the text: they go with it (issue 13).
    await trx.deleteFrom("tip_entities").where("tip_id", "in", tipIds).execute();
    // Staff notifications about them too (issue 16): nothing points to a purged tip's content.
    await deleteNotificationsOfTips(trx, tipIds);
    await deleteEscalationsOfTips(trx, tipIds);
    await trx
      .updateTable("tips")
      .set({
        description: "", description_folded: "", location_address: null, location_lat: null, location_lng: null,
        reporter_enc: null, own_contact: null, external_ref: null, valuable_reason: null, purged_at: at, updated_at: at,
      })
      .where("id", "in", tipIds)
      .execute();
    for (const tipId of tipIds) {
      const photoCount = photos.filter((p) => p.tip_id === tipId).length;
      await appendTipEvent(trx, { tipId, at, actorKind: "system", type: "content_purged", data: { photosDeleted: photoCount } });
    }
    return { tips: tipIds.length, photoFiles: photos.map((p) => p.file_name) };
  });
}
