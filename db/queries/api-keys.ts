import { runCompiled } from "../compiled";
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

/**
 * Creates a key for the form whose one-time token is `createToken`, unless that form already created one:
 * `created: false` and the earlier key's id (a reload or second click of the same form creates nothing).
 */
export async function insertApiKeyOnce(
  db: Kysely<Database>,
  key: { name: string; channel: TipChannel; prefix: string; keyHash: string; rateLimitPerMin: number; createdAt: string; createToken: string },
): Promise<{ id: number; created: boolean }> {
  const row = await db
    .insertInto("api_keys")
    .values({
      name: key.name, channel: key.channel, prefix: key.prefix, key_hash: key.keyHash,
      rate_limit_per_min: key.rateLimitPerMin, created_at: key.createdAt, create_token: key.createToken,
    })
    .onConflict((oc) => oc.column("create_token").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row) return { id: row.id, created: true };
  const earlier = await db.selectFrom("api_keys").select("id").where("create_token", "=", key.createToken).executeTakeFirstOrThrow();
  return { id: earlier.id, created: false };
}

export async function findApiKey(db: Kysely<Database>, id: number) {
  return db.selectFrom("api_keys").select(["id", "name", "channel", "prefix", "revoked_at"]).where("id", "=", id).executeTakeFirst();
}

/** The active key with this hash, or undefined (revoked keys never authenticate). */
export async function findActiveApiKeyByHash(db: Kysely<Database>, keyHash: string) {
  // Every partner request: compiled once (docs/decisions/0091).
  const { rows: [key] } = await runCompiled(db, "api-key-by-hash", (slot) => db
    .selectFrom("api_keys")
    .select(["id", "name", "channel", "rate_limit_per_min"])
    .where("key_hash", "=", slot<string>(0))
    .where("revoked_at", "is", null), [keyHash]);
  return key;
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

export async function countActiveApiKeys(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("api_keys").select(db.fn.countAll<number>().as("n")).where("revoked_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}
