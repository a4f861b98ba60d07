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
