/**
 * Follow-up sessions opened with a receipt. Only the SHA-256 of the cookie's
 * random token is stored; a session lives until `expires_at`, which every use
 * pushes forward (idle timeout).
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

/** Creates a session and clears every expired one (they are useless and link a visit to a tip). */
export async function createReceiptSession(
  db: Kysely<Database>,
  session: { idHash: string; tipId: number; createdAt: string; expiresAt: string },
  now: string,
): Promise<void> {
  await db.deleteFrom("receipt_sessions").where("expires_at", "<=", now).execute();
  await db
    .insertInto("receipt_sessions")
    .values({ id_hash: session.idHash, tip_id: session.tipId, created_at: session.createdAt, expires_at: session.expiresAt })
    .execute();
}

/** The tip an unexpired session opens, pushing its expiry to `newExpiresAt`; null if none. */
export async function touchReceiptSession(
  db: Kysely<Database>,
  idHash: string,
  now: string,
  newExpiresAt: string,
): Promise<number | null> {
  const row = await db
    .updateTable("receipt_sessions")
    .set({ expires_at: newExpiresAt })
    .where("id_hash", "=", idHash)
    .where("expires_at", ">", now)
    .returning("tip_id")
    .executeTakeFirst();
  return row?.tip_id ?? null;
}

export async function deleteReceiptSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom("receipt_sessions").where("id_hash", "=", idHash).execute();
}
