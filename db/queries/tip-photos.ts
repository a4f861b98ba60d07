/** Records of a tip's photos. The files live under DATA_DIR/uploads with random names. */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface PhotoRecord {
  fileName: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

export async function insertTipPhotos(
  db: Kysely<Database>,
  tipId: number,
  messageId: number | null,
  photos: PhotoRecord[],
  createdAt: string,
): Promise<void> {
  if (photos.length === 0) return;
  await db
    .insertInto("tip_photos")
    .values(photos.map((p) => ({
      tip_id: tipId, message_id: messageId, file_name: p.fileName, mime: p.mime,
      width: p.width, height: p.height, bytes: p.bytes, created_at: createdAt,
    })))
    .execute();
}

/** Which of these photo file names a tip still refers to. */
export async function findKnownPhotoFiles(db: Kysely<Database>, fileNames: string[]): Promise<Set<string>> {
  if (fileNames.length === 0) return new Set();
  const rows = await db.selectFrom("tip_photos").select("file_name").where("file_name", "in", fileNames).execute();
  return new Set(rows.map((r) => r.file_name));
}
