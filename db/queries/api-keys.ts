import type { Kysely } from "kysely";
import type { Database, TipChannel } from "../schema";

export async function insertApiKey(
  db: Kysely<Database>,
  key: { name: string; channel: TipChannel; prefix: string; keyHash: string; rateLimitPerMin: number; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto("api_keys")
    .values({
      name: key.name, channel: key.channel, prefix: key.prefix, key_hash: key.keyHash,
      rate_limit_per_min: key.rateLimitPerMin, created_at: key.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The active key with this hash, or undefined (revoked keys never authenticate). */
export async function findActiveApiKeyByHash(db: Kysely<Database>, keyHash: string) {
  return db
    .selectFrom("api_keys")
    .select(["id", "name", "channel", "rate_limit_per_min"])
    .where("key_hash", "=", keyHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
}

/** Every key without its hash: name, channel, prefix, limit, dates (administration page). */
export async function listApiKeys(db: Kysely<Database>) {
  return db
    .selectFrom("api_keys")
    .select(["id", "name", "channel", "prefix", "rate_limit_per_min", "created_at", "revoked_at"])
    .orderBy("revoked_at")
    .orderBy("id", "desc")
    .execute();
}

export async function revokeApiKey(db: Kysely<Database>, id: number, at: string): Promise<boolean> {
  const result = await db.updateTable("api_keys").set({ revoked_at: at }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
