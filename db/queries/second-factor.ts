/**
 * A staff member's second factor: the sealed TOTP secret, the last accepted step
 * and the recovery codes' hashes (docs/decisions/0043-second-factor.md). Sealing,
 * hashing and checking codes happen in app/utils/totp.server.ts; these functions
 * only read and write, each change in one statement or one transaction.
 */
import type { Kysely } from "kysely";
import type { Database, UserRole } from "../schema";

export interface SecondFactorState {
  userId: number;
  email: string;
  role: UserRole;
  secretEnc: string | null;
  enabledAt: string | null;
  lastStep: number | null;
  required: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  disabled: boolean;
}

export async function findSecondFactor(db: Kysely<Database>, userId: number): Promise<SecondFactorState | null> {
  const row = await db
    .selectFrom("users")
    .select(["id", "email", "role", "totp_secret_enc", "totp_enabled_at", "totp_last_step", "totp_required", "failed_logins", "locked_until", "disabled"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    userId: row.id, email: row.email, role: row.role, secretEnc: row.totp_secret_enc, enabledAt: row.totp_enabled_at,
    lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step), required: row.totp_required === 1,
    failedLogins: row.failed_logins, lockedUntil: row.locked_until, disabled: row.disabled === 1,
  };
}

/** Keeps the secret being enrolled (never replaces a confirmed one). */
export async function savePendingSecret(db: Kysely<Database>, userId: number, secretEnc: string): Promise<void> {
  await db.updateTable("users").set({ totp_secret_enc: secretEnc, totp_last_step: null }).where("id", "=", userId).where("totp_enabled_at", "is", null).execute();
}

/**
 * Records `step` as the last accepted one, only if it is newer than the stored one:
 * of two requests with the same code, exactly one wins.
 */
export async function acceptTotpStep(db: Kysely<Database>, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ totp_last_step: step })
    .where("id", "=", userId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Confirms enrolment (first code at `step`) and stores the new recovery codes' hashes in place of any old ones. */
export async function confirmEnrolment(
  db: Kysely<Database>,
  userId: number,
  change: { step: number; at: string; codeHashes: string[] },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("users")
      .set({ totp_enabled_at: change.at, totp_last_step: change.step })
      .where("id", "=", userId)
      .where("totp_enabled_at", "is", null)
      .where("totp_secret_enc", "is not", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
    await trx.insertInto("recovery_codes").values(change.codeHashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: change.at, used_at: null }))).execute();
    return true;
  });
}

/** Uses up one recovery code; false when it is not this user's or already used. */
export async function useRecoveryCode(db: Kysely<Database>, userId: number, codeHash: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable("recovery_codes")
    .set({ used_at: at })
    .where("user_id", "=", userId)
    .where("code_hash", "=", codeHash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An administrator's reset: the secret and codes are gone; the user enrols again at the next sign-in. */
export async function clearSecondFactor(db: Kysely<Database>, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ totp_secret_enc: null, totp_enabled_at: null, totp_last_step: null }).where("id", "=", userId).execute();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  });
}

/** Whether an administrator requires a second factor of this user (officers; others always need one). */
export async function setSecondFactorRequired(db: Kysely<Database>, userId: number, required: boolean): Promise<void> {
  await db.updateTable("users").set({ totp_required: required ? 1 : 0 }).where("id", "=", userId).execute();
}

/** Grants or withdraws the identity custodian flag (docs/decisions/0044-identity-requests.md). */
export async function setIdentityCustodian(db: Kysely<Database>, userId: number, custodian: boolean): Promise<void> {
  await db.updateTable("users").set({ identity_custodian: custodian ? 1 : 0 }).where("id", "=", userId).execute();
}

export async function isIdentityCustodian(db: Kysely<Database>, userId: number): Promise<boolean> {
  const row = await db.selectFrom("users").select("identity_custodian").where("id", "=", userId).executeTakeFirst();
  return row?.identity_custodian === 1;
}
