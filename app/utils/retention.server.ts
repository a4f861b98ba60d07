/**
 * Runs the retention policy: erase the content of closed, non-valuable tips
 * (not linked to any case) closed more than `days` ago, batch by batch, then
 * delete their photo files once the erasure has committed.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import { findTipsToPurge, purgeTipContent } from "../../db/queries/retention";
import type { Database } from "../../db/schema";

export const UPLOADS_SUBDIR = "uploads";

export async function runRetention(
  db: Kysely<Database>,
  options: { dataDir: string; days: number; now?: Date; batchSize?: number },
): Promise<{ tips: number; photoFiles: number }> {
  const now = options.now ?? new Date();
  const before = new Date(now.getTime() - options.days * 86_400_000).toISOString();
  let tips = 0;
  let photoFiles = 0;
  for (;;) {
    const ids = await findTipsToPurge(db, before, options.batchSize ?? 500);
    if (ids.length === 0) return { tips, photoFiles };
    const result = await purgeTipContent(db, ids, now.toISOString());
    await Promise.all(result.photoFiles.map((f) => rm(path.join(options.dataDir, UPLOADS_SUBDIR, path.basename(f)), { force: true })));
    tips += result.tips;
    photoFiles += result.photoFiles.length;
  }
}
