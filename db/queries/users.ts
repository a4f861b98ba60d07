import type { Kysely } from "kysely";
import type { Database, UserRole } from "../schema";

export interface NewUserInput {
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
  provinceCode?: string | null;
  /** A national supervisor: every province (docs/decisions/0078). */
  national?: boolean;
  unitCodes?: string[];
  createdAt: string;
  /** The password was handed out by an administrator: it must be changed at the first sign-in. */
  mustChangePassword?: boolean;
  /** An account nobody signs in as (the demo history's author). */
  disabled?: boolean;
}

/** Creates a user and their unit assignments in one transaction; returns the id. */
export async function createUser(db: Kysely<Database>, input: NewUserInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("users")
      .values({
        email: input.email.toLowerCase(),
        name: input.name,
        password_hash: input.passwordHash,
        role: input.role,
        province_code: input.provinceCode ?? null,
        scope_national: input.national ? 1 : 0,
        created_at: input.createdAt,
        must_change_password: input.mustChangePassword ? 1 : 0,
        disabled: input.disabled ? 1 : 0,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.unitCodes?.length) {
      await trx.insertInto("user_units").values(input.unitCodes.map((unit_code) => ({ user_id: id, unit_code }))).execute();
    }
    return id;
  });
}

export async function findUserByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "password_hash", "disabled", "failed_logins", "locked_until", "province_code", "totp_enabled_at", "totp_required"])
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
}

/** Every enabled officer's units, one row per (officer, unit). */
export async function listOfficerUnits(db: Kysely<Database>): Promise<Array<{ userId: number; unitCode: string }>> {
  return db
    .selectFrom("users")
    .innerJoin("user_units", "user_units.user_id", "users.id")
    .select(["users.id as userId", "user_units.unit_code as unitCode"])
    .where("users.role", "=", "officer")
    .where("users.disabled", "=", 0)
    .execute();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("users").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listUnitCodesOfUser(db: Kysely<Database>, userId: number): Promise<string[]> {
  const rows = await db.selectFrom("user_units").select("unit_code").where("user_id", "=", userId).orderBy("unit_code").execute();
  return rows.map((r) => r.unit_code);
}

/** Records a failed sign-in; returns the new count of consecutive failures. */
export async function recordFailedLogin(db: Kysely<Database>, userId: number, lockedUntil: (failures: number) => string | null): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("users").select("failed_logins").where("id", "=", userId).executeTakeFirstOrThrow();
    const failures = row.failed_logins + 1;
    await trx.updateTable("users").set({ failed_logins: failures, locked_until: lockedUntil(failures) }).where("id", "=", userId).execute();
    return failures;
  });
}

export async function clearFailedLogins(db: Kysely<Database>, userId: number): Promise<void> {
  await db.updateTable("users").set({ failed_logins: 0, locked_until: null }).where("id", "=", userId).execute();
}

export interface UserListRow {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  provinceCode: string | null;
  national: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  unitCodes: string[];
}

/** Every user with their units, by role then email (administration page). */
export async function listUsers(db: Kysely<Database>): Promise<UserListRow[]> {
  const users = await db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "province_code", "scope_national", "disabled", "locked_until"])
    .orderBy("role")
    .orderBy("email")
    .execute();
  const links = await db.selectFrom("user_units").select(["user_id", "unit_code"]).orderBy("unit_code").execute();
  return users.map((u) => ({
    id: u.id, email: u.email, name: u.name, role: u.role, provinceCode: u.province_code, national: u.scope_national === 1, disabled: u.disabled === 1,
    lockedUntil: u.locked_until, unitCodes: links.filter((l) => l.user_id === u.id).map((l) => l.unit_code),
  }));
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<UserListRow | null> {
  const u = await db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "province_code", "scope_national", "disabled", "locked_until"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!u) return null;
  return {
    id: u.id, email: u.email, name: u.name, role: u.role, provinceCode: u.province_code, national: u.scope_national === 1, disabled: u.disabled === 1,
    lockedUntil: u.locked_until, unitCodes: await listUnitCodesOfUser(db, id),
  };
}

export async function setUserDisabled(db: Kysely<Database>, id: number, disabled: boolean): Promise<void> {
  await db.updateTable("users").set({ disabled: disabled ? 1 : 0 }).where("id", "=", id).execute();
}

/** `handedOut`: a password an administrator gave (a reset), which the user must change at the next sign-in. */
export async function setUserPassword(db: Kysely<Database>, id: number, passwordHash: string, handedOut = false): Promise<void> {
  await db.updateTable("users")
    .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, must_change_password: handedOut ? 1 : 0 })
    .where("id", "=", id)
    .execute();
}

export async function findPasswordHash(db: Kysely<Database>, id: number): Promise<string | null> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirst();
  return row?.password_hash ?? null;
}

/** Replaces a user's units and (supervisors) province in one transaction. */
export async function setUserScope(db: Kysely<Database>, id: number, scope: { unitCodes: string[]; provinceCode: string | null; national?: boolean }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ province_code: scope.provinceCode, scope_national: scope.national ? 1 : 0 }).where("id", "=", id).execute();
    await trx.deleteFrom("user_units").where("user_id", "=", id).execute();
    if (scope.unitCodes.length) {
      await trx.insertInto("user_units").values(scope.unitCodes.map((unit_code) => ({ user_id: id, unit_code }))).execute();
    }
  });
}

/** Users' names by id (the trail and the audit log name who acted). */
export async function userNames(db: Kysely<Database>, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "name"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
