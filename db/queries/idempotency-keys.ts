/**
 * Partner API idempotency: one stored response per (API key, Idempotency-Key).
 * The body column holds a sealed envelope (docs/decisions/0012-partner-api.md),
 * never a receipt in clear. Rows older than the retention window are purged.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export async function findIdempotentResponse(
  db: Kysely<Database>,
  apiKeyId: number,
  key: string,
  notBefore: string,
): Promise<{ status: number; body: string } | undefined> {
  return db
    .selectFrom("idempotency_keys")
    .select(["status", "body"])
    .where("api_key_id", "=", apiKeyId)
    .where("key", "=", key)
    .where("created_at", ">=", notBefore)
    .executeTakeFirst();
}

/**
 * Records a response. Call inside the transaction that created what the response
 * describes: a concurrent request with the same key then fails on the primary key
 * and its transaction (with its tip) rolls back.
 */
export async function insertIdempotentResponse(
  db: Kysely<Database>,
  row: { apiKeyId: number; key: string; status: number; body: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto("idempotency_keys")
    .values({ api_key_id: row.apiKeyId, key: row.key, status: row.status, body: row.body, created_at: row.createdAt })
    .execute();
}

/** Forgets responses created before `before` (their sealed receipts with them). */
export async function purgeIdempotencyKeys(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom("idempotency_keys").where("created_at", "<", before).execute();
}
