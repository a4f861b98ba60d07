/**
 * Runs the retention policy: erase the content of closed, non-valuable tips
 * (not linked to any case) closed more than `days` ago, batch by batch, then
 * delete their photo files once the erasure has committed; and delete photo
 * files that no tip refers to (removeOrphanPhotos).
 */
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import { findTipsToPurge, purgeTipContent } from "../db/queries/retention";
import { findKnownPhotoFiles } from "../db/queries/tip-photos";
import type { Database } from "../db/schema";

export const UPLOADS_SUBDIR = "uploads";

export async function runRetention(
  db: Kysely<Database>,
  options: { dataDir: string; days: number; now?: Date; batchSize?: number },
): Promise<{ tips: number; photoFiles: number; orphanFiles: number }> {
  const now = options.now ?? new Date();
  const before = new Date(now.getTime() - options.days * 86_400_000).toISOString();
  let tips = 0;
  let photoFiles = 0;
  for (;;) {
    const ids = await findTipsToPurge(db, before, options.batchSize ?? 500);
    if (ids.length === 0) break;
    const result = await purgeTipContent(db, ids, now.toISOString());
    await Promise.all(result.photoFiles.map((f) => rm(path.join(options.dataDir, UPLOADS_SUBDIR, path.basename(f)), { force: true })));
    tips += result.tips;
    photoFiles += result.photoFiles.length;
  }
  return { tips, photoFiles, orphanFiles: await removeOrphanPhotos(db, options.dataDir, now) };
}

/** Photo files are named by writePhotoFiles (photos.server.ts): 32 hex digits. */
const PHOTO_FILE = /^[0-9a-f]{32}\.jpg$/;
/** Younger files may belong to a submission whose transaction is still running. */
const ORPHAN_MIN_AGE_MS = 3_600_000;

/**
 * Photo files no tip or message refers to. A tip's photos are written before
 * its transaction and removed again if it fails; a process killed between the
 * two leaves them behind. A tipster's photo must not outlive the tip it came
 * with, so they are deleted once they are an hour old.
 */
export async function removeOrphanPhotos(db: Kysely<Database>, dataDir: string, now = new Date()): Promise<number> {
  const dir = path.join(dataDir, UPLOADS_SUBDIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const old: string[] = [];
  for (const name of names.filter((n) => PHOTO_FILE.test(n))) {
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (info && now.getTime() - info.mtimeMs >= ORPHAN_MIN_AGE_MS) old.push(name);
  }
  let removed = 0;
  for (let i = 0; i < old.length; i += 500) {
    const batch = old.slice(i, i + 500);
    const known = await findKnownPhotoFiles(db, batch);
    for (const name of batch.filter((n) => !known.has(n))) {
      await rm(path.join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
