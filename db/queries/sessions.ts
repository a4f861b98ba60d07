/** Staff sessions: rows keyed by the SHA-256 of the cookie's token, never the token itself. */
import type { Kysely } from "kysely";
import type { Database, UserRole } from "../schema";

export async function insertSession(
  db: Kysely<Database>,
  session: { idHash: string; userId: number; createdAt: string; expiresAt: string; secondFactorAt?: string | null },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id_hash: session.idHash, user_id: session.userId, created_at: session.createdAt,
      last_seen_at: session.createdAt, expires_at: session.expiresAt, revoked_at: null,
      second_factor_at: session.secondFactorAt ?? null,
    })
    .execute();
}

export interface ActiveSession {
  userId: number;
  lastSeenAt: string;
  email: string;
  name: string;
  role: UserRole;
  provinceCode: string | null;
  /** A national supervisor: every province (docs/decisions/0078). */
  national: boolean;
  /** The password is one an administrator handed out: nothing but changing it is allowed. */
  mustChangePassword: boolean;
  /** When this session passed the second factor (null: the password alone). */
  secondFactorAt: string | null;
  /** The user has a confirmed second factor. */
  totpEnabled: boolean;
  /** An administrator requires a second factor of this user. */
  totpRequired: boolean;
}

/**
 * The session with this hash if it is neither revoked, past its absolute expiry,
 * idle since before `idleSince`, nor held by a disabled user.
 */
export async function findActiveSession(
  db: Kysely<Database>,
  idHash: string,
  now: string,
  idleSince: string,
): Promise<ActiveSession | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["sessions.user_id", "sessions.last_seen_at", "users.email", "users.name", "users.role", "users.province_code", "users.scope_national", "users.must_change_password",
      "sessions.second_factor_at", "users.totp_enabled_at", "users.totp_required"])
    .where("sessions.id_hash", "=", idHash)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", now)
    .where("sessions.last_seen_at", ">", idleSince)
    .where("users.disabled", "=", 0)
    .executeTakeFirst();
  if (!row) return null;
  return {
    userId: row.user_id, lastSeenAt: row.last_seen_at, email: row.email, name: row.name,
    role: row.role, provinceCode: row.province_code, national: row.scope_national === 1, mustChangePassword: row.must_change_password === 1,
    secondFactorAt: row.second_factor_at, totpEnabled: row.totp_enabled_at !== null, totpRequired: row.totp_required === 1,
  };
}

export async function touchSession(db: Kysely<Database>, idHash: string, at: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: at }).where("id_hash", "=", idHash).execute();
}

export async function revokeSession(db: Kysely<Database>, idHash: string, at: string): Promise<void> {
  await db.updateTable("sessions").set({ revoked_at: at }).where("id_hash", "=", idHash).where("revoked_at", "is", null).execute();
}

/** Signs a user out everywhere (password reset, account disabled). Returns how many sessions ended. */
export async function revokeUserSessions(db: Kysely<Database>, userId: number, at: string): Promise<number> {
  const result = await db
    .updateTable("sessions")
    .set({ revoked_at: at })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Removes sessions that can no longer be used. */
export async function deleteDeadSessions(db: Kysely<Database>, expiredBefore: string): Promise<number> {
  const result = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", expiredBefore), eb("revoked_at", "<", expiredBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
